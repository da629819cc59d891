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

Written writeOnStrand(const RequestContext &ctx, const ApiResource &resource, WriteRequest request,
                      cluster::Cluster &cluster, ApiState &state)
{
    Written out;
    std::optional<json::object> before;
    if (request.previous) {
        before = encodeObject(*request.previous);
        request.document = keepTemplateAsWritten(std::move(request.document), *before,
                                                 model::rawOf(*request.previous));
    }
    auto decoded =
            decodeBody(std::move(request.document), resource, ctx.target.param("fieldValidation"));
    if (auto *error = std::get_if<StatusError>(&decoded)) {
        out.status = *error;
        return out;
    }
    Decoded &d = std::get<Decoded>(decoded);
    out.warnings = std::move(d.warnings);
    out.created = !request.previous;
    const cluster::WriteMode mode = writeModeOf(ctx);
    out.result = request.previous ? cluster.update(std::move(d.object), mode)
                                  : cluster.create(std::move(d.object), mode);
    if (mode == cluster::WriteMode::DryRun || !out.result)
        return out;
    const model::ObjectPtr &stored = *out.result;
    const std::string &uid = model::meta(*stored).uid;
    if (request.applied)
        state.managers.commitApply(uid, fieldManager(ctx), *request.applied, resource.kind);
    else if (stored != request.previous)
        state.managers.recordUpdate(uid, fieldManager(ctx), before ? &*before : nullptr,
                                    encodeObject(*stored), resource.kind);
    return out;
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
