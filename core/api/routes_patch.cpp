#include "api/body.h"
#include "api/encode.h"
#include "api/patch.h"
#include "api/routes_internal.h"
#include "api/write_path.h"

#include <boost/beast/http/field.hpp>

namespace clusterlab::api::detail {

namespace json = boost::json;

namespace {

enum class PatchType { Merge, Json, Strategic, Apply };

std::optional<PatchType> patchTypeOf(const std::string &mediaType)
{
    if (mediaType == "application/merge-patch+json")
        return PatchType::Merge;
    if (mediaType == "application/json-patch+json")
        return PatchType::Json;
    if (mediaType == "application/strategic-merge-patch+json")
        return PatchType::Strategic;
    if (mediaType == "application/apply-patch+yaml" || mediaType == "application/apply-patch+json")
        return PatchType::Apply;
    return std::nullopt;
}

std::optional<StatusError> applyPatch(PatchType type, json::value &target, const json::value &patch,
                                      const std::string &kind)
{
    std::optional<std::string> error;
    if (type == PatchType::Json) {
        error = applyJsonPatch(target, patch);
    } else if (!patch.is_object()) {
        return badRequest("the patch must be a JSON object");
    } else if (type == PatchType::Merge || kind == "Scale") {
        applyMergePatch(target, patch);
    } else {
        error = applyStrategicMergePatch(target.as_object(), patch.get_object(), kind);
    }
    if (error)
        return StatusError{ 422, "Invalid", *error, {} };
    if (!target.is_object())
        return badRequest("the patched object is not a JSON object");
    return std::nullopt;
}

ApiResponse patchScale(const RequestContext &ctx, const ResourcePath &path, PatchType type,
                       const json::value &patch)
{
    const auto object = ctx.view.call([&](cluster::Cluster &c, ApiState &) {
        return c.store().get(path.resource->kind, path.namespace_, path.name);
    });
    if (!object)
        return statusResponse(ctx, notFoundObject(path.resource->kind, path.name));
    const json::object current = scaleOf(*object);
    json::value patched = current;
    if (auto error = applyPatch(type, patched, patch, "Scale"))
        return statusResponse(ctx, *error);
    const auto *spec = patched.as_object().if_contains("spec");
    const auto *replicas =
            spec && spec->is_object() ? spec->get_object().if_contains("replicas") : nullptr;
    if (!replicas || !replicas->is_int64())
        return statusResponse(ctx, badRequest("Scale spec.replicas must be a whole number"));
    // The patch may name a resourceVersion to make the change conditional.
    const std::string rv = resourceVersionOf(patched.as_object());
    return scaleTo(ctx, path, replicas->get_int64(),
                   rv == resourceVersionOf(current) ? std::string() : rv);
}

Written patchOnStrand(const RequestContext &ctx, const ResourcePath &path, PatchType type,
                      const json::value &patch, cluster::Cluster &c, ApiState &state)
{
    const ApiResource &resource = *path.resource;
    Written out;
    auto previous = c.store().get(resource.kind, path.namespace_, path.name);
    if (!previous) {
        out.status = notFoundObject(resource.kind, path.name);
        return out;
    }
    const json::object current = encodeObject(*previous);
    json::value patched = current;
    if ((out.status = applyPatch(type, patched, patch, resource.kind)))
        return out;
    if (patched.as_object() == current) {
        out.result = previous;
        return out;
    }
    if ((out.status = placeDocument(patched.as_object(), path, true)))
        return out;
    return writeOnStrand(ctx, resource, { std::move(patched.as_object()), std::move(previous) }, c,
                         state);
}

Written applyOnStrand(const RequestContext &ctx, const ResourcePath &path,
                      const json::object &applied, cluster::Cluster &c, ApiState &state)
{
    const ApiResource &resource = *path.resource;
    const std::string manager = fieldManager(ctx);
    auto previous = c.store().get(resource.kind, path.namespace_, path.name);
    if (!previous)
        return writeOnStrand(ctx, resource, { applied, nullptr, &applied }, c, state);
    Written out;
    const std::string &uid = model::meta(*previous).uid;
    const json::object current = encodeObject(*previous);
    auto plan = state.managers.planApply(uid, manager, current, applied, ctx.target.flag("force"),
                                         resource.kind, resource.groupVersion());
    if ((out.status = plan.conflict))
        return out;
    if (plan.merged == current) {
        if (writeModeOf(ctx) == cluster::WriteMode::Commit)
            state.managers.commitApply(uid, manager, applied, resource.kind);
        out.result = previous;
        return out;
    }
    return writeOnStrand(ctx, resource, { std::move(plan.merged), std::move(previous), &applied },
                         c, state);
}

} // namespace

ApiResponse handlePatch(const RequestContext &ctx, const ResourcePath &path)
{
    const std::string media = mediaType(ctx.request[http::field::content_type]);
    const auto type = patchTypeOf(media);
    if (!type)
        return statusResponse(
                ctx,
                StatusError{ 415,
                             "UnsupportedMediaType",
                             "the body of the request was in an unknown format - accepted "
                             "media types include: application/json-patch+json, "
                             "application/merge-patch+json, application/apply-patch+yaml, "
                             "application/strategic-merge-patch+json",
                             {} });
    auto parsed = parseBody(ctx.request.body(), *type == PatchType::Apply);
    if (auto *error = std::get_if<StatusError>(&parsed))
        return statusResponse(ctx, *error);
    json::value &patch = std::get<json::value>(parsed);
    if (path.subresource == "scale")
        return patchScale(ctx, path, *type, patch);

    Written outcome;
    if (*type == PatchType::Apply) {
        if (!patch.is_object())
            return statusResponse(ctx, badRequest("the applied configuration must be an object"));
        if (ctx.target.param("fieldManager").empty())
            return statusResponse(ctx,
                                  badRequest("PATCH requests with apply content type must "
                                             "specify fieldManager"));
        json::object &applied = patch.as_object();
        if (auto error = placeDocument(applied, path, true))
            return statusResponse(ctx, *error);
        outcome = ctx.view.call([&](cluster::Cluster &c, ApiState &state) {
            return applyOnStrand(ctx, path, applied, c, state);
        });
    } else {
        outcome = ctx.view.call([&](cluster::Cluster &c, ApiState &state) {
            return patchOnStrand(ctx, path, *type, patch, c, state);
        });
    }
    return writtenResponse(ctx, *path.resource, outcome, http::status::ok);
}

} // namespace clusterlab::api::detail
