#include "api/write_path.h"

#include "api/body.h"
#include "api/encode.h"
#include "api/engine_view.h"
#include "cluster/cluster.h"

namespace clusterlab::api::detail {

namespace json = boost::json;

cluster::WriteMode writeModeOf(const RequestContext &ctx)
{
    return ctx.target.param("dryRun") == "All" ? cluster::WriteMode::DryRun
                                               : cluster::WriteMode::Commit;
}

WriteOptions writeOptionsOf(const RequestContext &ctx)
{
    return { writeModeOf(ctx), fieldManager(ctx), ctx.target.param("fieldValidation") };
}

Written writeOnStrand(const RequestContext &ctx, const ApiResource &resource, WriteRequest request,
                      cluster::Cluster &cluster, ApiState &state)
{
    return writeOnStrand(writeOptionsOf(ctx), resource, std::move(request), cluster, state);
}

Written writeOnStrand(const WriteOptions &options, const ApiResource &resource,
                      WriteRequest request, cluster::Cluster &cluster, ApiState &state)
{
    Written out;
    std::optional<json::object> before;
    if (request.previous) {
        before = encodeObject(*request.previous);
        request.document = keepTemplateAsWritten(std::move(request.document), *before,
                                                 model::rawOf(*request.previous));
    }
    auto decoded = decodeBody(std::move(request.document), resource, options.fieldValidation);
    if (auto *error = std::get_if<StatusError>(&decoded)) {
        out.status = *error;
        return out;
    }
    Decoded &d = std::get<Decoded>(decoded);
    out.warnings = std::move(d.warnings);
    out.created = !request.previous;
    const cluster::WriteMode mode = options.mode;
    out.result = request.previous ? cluster.update(std::move(d.object), mode)
                                  : cluster.create(std::move(d.object), mode);
    if (mode == cluster::WriteMode::DryRun || !out.result)
        return out;
    const model::ObjectPtr &stored = *out.result;
    const std::string &uid = model::meta(*stored).uid;
    if (request.applied)
        state.managers.commitApply(uid, options.manager, *request.applied, resource.kind);
    else if (stored != request.previous)
        state.managers.recordUpdate(uid, options.manager, before ? &*before : nullptr,
                                    encodeObject(*stored), resource.kind);
    return out;
}

cluster::ObjectResult scaleOnStrand(const WriteOptions &options, const std::string &kind,
                                    const std::string &ns, const std::string &name,
                                    std::int64_t replicas, const std::string &resourceVersion,
                                    cluster::Cluster &cluster, ApiState &state)
{
    const auto previous = cluster.store().get(kind, ns, name);
    if (!previous)
        return cluster::notFound(kind, name);
    if (!resourceVersion.empty()
        && resourceVersion != std::to_string(model::meta(*previous).resourceVersion))
        return cluster::conflict(kind, name);
    auto stored = cluster.scale(kind, ns, name, replicas, options.mode);
    if (stored && options.mode == cluster::WriteMode::Commit && *stored != previous) {
        const json::object before = encodeObject(*previous);
        state.managers.recordUpdate(model::meta(**stored).uid, options.manager, &before,
                                    encodeObject(**stored), kind);
    }
    return stored;
}

ApiResponse writtenResponse(const RequestContext &ctx, const ApiResource &resource,
                            const Written &written, http::status ok)
{
    if (written.status)
        return statusResponse(ctx, *written.status);
    if (!written.result)
        return statusResponse(ctx, fromClusterError(written.result.error(), resource.kind));
    const bool created = written.created && ok == http::status::ok;
    return objectResponse(ctx, resource, **written.result, created ? http::status::created : ok,
                          written.warnings);
}

} // namespace clusterlab::api::detail
