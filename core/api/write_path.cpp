#include "api/write_path.h"

#include "api/body.h"
#include "api/encode.h"
#include "api/engine_view.h"
#include "cluster/cluster.h"
#include "cluster/deployment_util.h"

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

namespace {

const json::object *templateIn(const json::object &document)
{
    const auto *spec = document.if_contains("spec");
    const auto *tmpl =
            spec && spec->is_object() ? spec->get_object().if_contains("template") : nullptr;
    return tmpl && tmpl->is_object() ? &tmpl->get_object() : nullptr;
}

/// replicaSetTemplate returns the template as written of the Deployment's ReplicaSet whose
/// template, as the server renders it and pod-template-hash aside, the document's is: a
/// rollback (kubectl rollout undo) or an image set back. kube-apiserver stores templates
/// defaulted, so there such a Deployment finds its old ReplicaSet again instead of starting
/// a new one; here the template as written makes the hash and the comparison, so it is
/// taken from that ReplicaSet.
std::optional<json::object> replicaSetTemplate(const json::object &document,
                                               const model::Object &previous,
                                               const json::object &encoded,
                                               const cluster::Cluster &cluster)
{
    const auto *deployment = std::get_if<model::Deployment>(&previous);
    const json::object *wanted = deployment ? templateIn(document) : nullptr;
    const json::object *current = templateIn(encoded);
    if (!wanted || (current && *wanted == *current))
        return std::nullopt;
    const auto &meta = deployment->metadata;
    for (const auto &key : cluster.store().dependentsOf(meta.uid)) {
        const auto rs = key.kind == "ReplicaSet"
                ? cluster.store().getAs<model::ReplicaSet>(key.namespace_, key.name)
                : nullptr;
        const auto *owner = rs ? model::controllerOf(rs->metadata) : nullptr;
        if (!owner || owner->uid != meta.uid || !rs->spec.template_.raw.contains("spec"))
            continue;
        const json::object rsEncoded = encodeObject(model::Object(*rs));
        const json::object *tmpl = templateIn(rsEncoded);
        if (!tmpl)
            continue;
        json::object rendered = *tmpl;
        if (auto *m = rendered.if_contains("metadata"); m && m->is_object())
            if (auto *labels = m->get_object().if_contains("labels");
                labels && labels->is_object()) {
                labels->get_object().erase(cluster::kPodTemplateHashLabel);
                if (labels->get_object().empty())
                    m->get_object().erase("labels");
            }
        if (rendered == *wanted)
            return rs->spec.template_.raw;
    }
    return std::nullopt;
}

} // namespace

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
        auto rolledBack = replicaSetTemplate(request.document, *request.previous, *before, cluster);
        request.document = keepTemplateAsWritten(std::move(request.document), *before,
                                                 model::rawOf(*request.previous));
        if (rolledBack)
            request.document["spec"].as_object()["template"] = std::move(*rolledBack);
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
