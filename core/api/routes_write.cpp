#include "api/body.h"
#include "api/encode.h"
#include "api/protobuf_decode.h"
#include "api/routes_internal.h"
#include "api/selectors.h"
#include "api/write_path.h"

#include <boost/beast/http/field.hpp>
#include <boost/json/array.hpp>

namespace clusterlab::api::detail {

namespace json = boost::json;

std::variant<json::object, StatusError> readDocument(const RequestContext &ctx,
                                                     const ResourcePath &path)
{
    const std::string type = mediaType(ctx.request[http::field::content_type]);
    // kubectl 1.32+ sends `create namespace|deployment|service` as protobuf; those kinds are
    // decoded into the object the JSON body would hold, so the same create path follows.
    if (type == kProtobufMediaType && path.resource && path.subresource.empty()
        && protobufDecodes(*path.resource))
        return decodeProtobuf(ctx.request.body(), *path.resource);
    const bool yaml =
            type == "application/yaml" || type == "application/x-yaml" || type == "text/yaml";
    if (!yaml && !type.empty() && type != "application/json" && type != "*/*")
        return unsupportedMediaType(type);
    auto parsed = parseBody(ctx.request.body(), yaml);
    if (auto *error = std::get_if<StatusError>(&parsed))
        return *error;
    auto &value = std::get<json::value>(parsed);
    if (!value.is_object())
        return badRequest("the body of the request must be a JSON object");
    return std::move(value.get_object());
}

std::optional<StatusError> placeDocument(json::object &document, const ResourcePath &path,
                                         bool withName)
{
    json::value &metaValue = document["metadata"];
    if (!metaValue.is_object())
        metaValue = json::object();
    json::object &meta = metaValue.get_object();
    auto text = [&](const char *key) -> std::string {
        const auto *v = meta.if_contains(key);
        return v && v->is_string() ? std::string(v->get_string()) : std::string();
    };
    if (path.resource->namespaced) {
        if (text("namespace").empty())
            meta["namespace"] = path.namespace_;
        else if (text("namespace") != path.namespace_)
            return badRequest("the namespace of the provided object does not match the "
                              "namespace sent on the request");
    }
    if (withName) {
        if (text("name").empty())
            meta["name"] = path.name;
        else if (text("name") != path.name)
            return badRequest("the name of the object (" + text("name")
                              + ") does not match the name on the URL (" + path.name + ")");
    }
    return std::nullopt;
}

namespace {

struct DeleteOptions
{
    std::string propagation = "Background";
    std::optional<std::int64_t> gracePeriodSeconds;
    std::string uid;
    std::string resourceVersion;
    bool dryRun = false; ///< kubectl delete sends dryRun in the body, not in the query
};

std::variant<DeleteOptions, StatusError> deleteOptions(const RequestContext &ctx)
{
    DeleteOptions out;
    json::object body;
    if (!ctx.request.body().empty()) {
        auto parsed = parseBody(ctx.request.body(), false);
        if (auto *error = std::get_if<StatusError>(&parsed))
            return *error;
        if (std::get<json::value>(parsed).is_object())
            body = std::get<json::value>(parsed).get_object();
    }
    if (const auto *p = body.if_contains("propagationPolicy"); p && p->is_string())
        out.propagation = std::string(p->get_string());
    if (const auto *o = body.if_contains("orphanDependents"); o && o->is_bool() && o->get_bool())
        out.propagation = "Orphan";
    if (const auto *d = body.if_contains("dryRun"); d && d->is_array())
        for (const auto &value : d->get_array())
            out.dryRun = out.dryRun || (value.is_string() && value.get_string() == "All");
    if (const auto *g = body.if_contains("gracePeriodSeconds"); g && g->is_int64())
        out.gracePeriodSeconds = g->get_int64();
    if (const auto *pre = body.if_contains("preconditions"); pre && pre->is_object()) {
        if (const auto *u = pre->get_object().if_contains("uid"); u && u->is_string())
            out.uid = std::string(u->get_string());
        if (const auto *r = pre->get_object().if_contains("resourceVersion"); r && r->is_string())
            out.resourceVersion = std::string(r->get_string());
    }
    if (const std::string p = ctx.target.param("propagationPolicy"); !p.empty())
        out.propagation = p;
    if (const std::string g = ctx.target.param("gracePeriodSeconds"); !g.empty()) {
        try {
            out.gracePeriodSeconds = std::stoll(g);
        } catch (...) {
            return badRequest("invalid gracePeriodSeconds: " + g);
        }
    }
    return out;
}

std::optional<cluster::Error> checkPreconditions(const DeleteOptions &options,
                                                 const model::Object &object)
{
    const auto &meta = model::meta(object);
    const std::string kind = model::kindOf(object);
    if (!options.uid.empty() && options.uid != meta.uid)
        return cluster::Error{ cluster::Error::Code::Conflict,
                               "Operation cannot be fulfilled on " + cluster::resourceOf(kind)
                                       + " \"" + meta.name
                                       + "\": Precondition failed: UID in "
                                         "precondition: "
                                       + options.uid + ", UID in object meta: " + meta.uid,
                               {} };
    if (!options.resourceVersion.empty()
        && options.resourceVersion != std::to_string(meta.resourceVersion))
        return cluster::conflict(kind, meta.name);
    return std::nullopt;
}

} // namespace

ApiResponse handleCreate(const RequestContext &ctx, const ResourcePath &path)
{
    const ApiResource &resource = *path.resource;
    auto document = readDocument(ctx, path);
    if (auto *error = std::get_if<StatusError>(&document))
        return statusResponse(ctx, *error);
    auto &doc = std::get<json::object>(document);
    if (auto error = placeDocument(doc, path, false))
        return statusResponse(ctx, *error);
    const Written written = ctx.view.call([&](cluster::Cluster &c, ApiState &state) {
        return writeOnStrand(ctx, resource, { std::move(doc) }, c, state);
    });
    return writtenResponse(ctx, resource, written, http::status::created);
}

ApiResponse handleUpdate(const RequestContext &ctx, const ResourcePath &path)
{
    const ApiResource &resource = *path.resource;
    auto document = readDocument(ctx, path);
    if (auto *error = std::get_if<StatusError>(&document))
        return statusResponse(ctx, *error);
    auto &doc = std::get<json::object>(document);
    if (path.subresource == "scale") {
        const auto *spec = doc.if_contains("spec");
        const auto *replicas =
                spec && spec->is_object() ? spec->get_object().if_contains("replicas") : nullptr;
        if (!replicas || !replicas->is_int64())
            return statusResponse(ctx, badRequest("Scale spec.replicas must be a whole number"));
        return scaleTo(ctx, path, replicas->get_int64(), resourceVersionOf(doc));
    }
    if (auto error = placeDocument(doc, path, true))
        return statusResponse(ctx, *error);
    const Written written = ctx.view.call([&](cluster::Cluster &c, ApiState &state) -> Written {
        auto previous = c.store().get(resource.kind, path.namespace_, path.name);
        if (!previous) {
            Written missing;
            missing.status = notFoundObject(resource.kind, path.name);
            return missing;
        }
        return writeOnStrand(ctx, resource, { std::move(doc), std::move(previous) }, c, state);
    });
    return writtenResponse(ctx, resource, written, http::status::ok);
}

ApiResponse scaleTo(const RequestContext &ctx, const ResourcePath &path, std::int64_t replicas,
                    const std::string &resourceVersion)
{
    const std::string kind = path.resource->kind;
    const WriteOptions options = writeOptionsOf(ctx);
    const auto result = ctx.view.call([&](cluster::Cluster &c, ApiState &state) {
        return scaleOnStrand(options, kind, path.namespace_, path.name, replicas, resourceVersion,
                             c, state);
    });
    if (!result)
        return statusResponse(ctx, fromClusterError(result.error(), kind));
    return jsonResponse(ctx, http::status::ok, scaleOf(**result));
}

ApiResponse handleDelete(const RequestContext &ctx, const ResourcePath &path)
{
    const ApiResource &resource = *path.resource;
    auto parsed = deleteOptions(ctx);
    if (auto *error = std::get_if<StatusError>(&parsed))
        return statusResponse(ctx, *error);
    const DeleteOptions options = std::get<DeleteOptions>(parsed);
    const std::string kind = resource.kind;
    if (!path.subresource.empty())
        return statusResponse(ctx, methodNotAllowed("DELETE"));
    const cluster::WriteMode mode = options.dryRun ? cluster::WriteMode::DryRun : writeModeOf(ctx);
    if (!path.name.empty()) {
        const auto result = ctx.view.call([&](cluster::Cluster &c, ApiState &) {
            const auto object = c.store().get(kind, path.namespace_, path.name);
            if (!object)
                return cluster::ObjectResult(cluster::notFound(kind, path.name));
            if (auto error = checkPreconditions(options, *object))
                return cluster::ObjectResult(*error);
            return c.remove(kind, path.namespace_, path.name, options.propagation,
                            options.gracePeriodSeconds, mode);
        });
        Written written;
        written.result = result;
        return writtenResponse(ctx, resource, written, http::status::ok);
    }
    Selectors selectors;
    if (auto error = parseSelectors(ctx.target.param("labelSelector"),
                                    ctx.target.param("fieldSelector"), kind, selectors))
        return statusResponse(ctx, badRequest(*error));
    using Outcome = std::pair<std::vector<model::ObjectPtr>, std::optional<cluster::Error>>;
    const Outcome outcome = ctx.view.call([&](cluster::Cluster &c, ApiState &) {
        Outcome out;
        for (const auto &object : c.store().list(kind, path.namespace_)) {
            if (!selectors.matches(*object))
                continue;
            const auto &meta = model::meta(*object);
            auto removed = c.remove(kind, meta.namespace_, meta.name, options.propagation,
                                    options.gracePeriodSeconds, mode);
            if (!removed) {
                out.second = removed.error();
                break;
            }
            out.first.push_back(*removed);
        }
        return out;
    });
    if (outcome.second)
        return statusResponse(ctx, fromClusterError(*outcome.second, kind));
    json::array items;
    for (const auto &object : outcome.first)
        items.push_back(encodeAs(resource, *object));
    return jsonResponse(ctx, http::status::ok,
                        json::object{ { "kind", resource.kind + "List" },
                                      { "apiVersion", resource.groupVersion() },
                                      { "metadata", json::object() },
                                      { "items", std::move(items) } });
}

} // namespace clusterlab::api::detail
