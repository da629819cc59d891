#include "api/encode.h"
#include "api/routes_internal.h"
#include "api/selectors.h"
#include "api/table.h"

#include <boost/beast/http/field.hpp>
#include <boost/json/array.hpp>

#include <charconv>

namespace clusterlab::api::detail {

namespace json = boost::json;

json::object encodeAs(const ApiResource &resource, const model::Object &object)
{
    if (const auto *event = std::get_if<model::Event>(&object);
        event && resource.group == "events.k8s.io")
        return encodeEventV1(*event);
    return encodeObject(object);
}

ApiResponse objectResponse(const RequestContext &ctx, const ApiResource &resource,
                           const model::Object &object, http::status status,
                           const std::vector<std::string> &warnings)
{
    if (wantsTable(ctx.accept) && ctx.request.method() == http::verb::get) {
        TableOptions options;
        options.includeObject = ctx.target.param("includeObject", "Metadata");
        auto ptr = std::make_shared<const model::Object>(object);
        return jsonResponse(ctx, status,
                            buildTable(resource, { ptr },
                                       std::to_string(model::meta(object).resourceVersion),
                                       options),
                            "application/json", warnings);
    }
    return jsonResponse(ctx, status, encodeAs(resource, object), "application/json", warnings);
}

json::object scaleOf(const model::Object &object)
{
    json::object out;
    std::visit(
            [&](const auto &o) {
                if constexpr (requires { o.spec.replicas; }) {
                    std::string selector;
                    if constexpr (requires { o.spec.selector.has_value(); })
                        selector = o.spec.selector && !o.spec.selector->empty()
                                ? model::formatSelector(*o.spec.selector)
                                : std::string();
                    else
                        selector = o.spec.selector.empty() ? std::string()
                                                           : model::formatLabels(o.spec.selector);
                    out = {
                        { "kind", "Scale" },
                        { "apiVersion", "autoscaling/v1" },
                        { "metadata",
                          { { "name", o.metadata.name },
                            { "namespace", o.metadata.namespace_ },
                            { "uid", o.metadata.uid },
                            { "resourceVersion", std::to_string(o.metadata.resourceVersion) },
                            { "creationTimestamp", formatTime(o.metadata.creationTimestamp) } } },
                        { "spec", { { "replicas", o.spec.replicas } } },
                        { "status",
                          { { "replicas", o.status.replicas }, { "selector", selector } } }
                    };
                }
            },
            object);
    return out;
}

namespace {

std::optional<std::uint64_t> parseVersion(const std::string &text)
{
    std::uint64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

ApiResponse watchResponse(const RequestContext &ctx, const ResourcePath &path, Selectors selectors)
{
    WatchSpec spec;
    spec.resource = path.resource;
    spec.namespace_ = path.namespace_;
    spec.selectors = std::move(selectors);
    const std::string rv = ctx.target.param("resourceVersion");
    if (!rv.empty() && rv != "0") {
        spec.resourceVersion = parseVersion(rv);
        if (!spec.resourceVersion)
            return statusResponse(ctx, badRequest("invalid resource version: " + rv));
    }
    spec.bookmarks = ctx.target.flag("allowWatchBookmarks");
    if (const std::string t = ctx.target.param("timeoutSeconds"); !t.empty()) {
        const auto seconds = parseVersion(t);
        if (!seconds)
            return statusResponse(ctx, badRequest("invalid timeoutSeconds: " + t));
        spec.timeout = std::chrono::seconds(*seconds);
    }
    spec.table = wantsTable(ctx.accept);
    spec.tableOptions.includeObject = ctx.target.param("includeObject", "Metadata");
    ApiResponse out;
    out.message = Response(http::status::ok, ctx.request.version());
    out.message.set(http::field::content_type, "application/json");
    out.message.set(http::field::cache_control, "no-cache, private");
    out.message.chunked(true);
    out.message.keep_alive(false);
    out.watch = std::move(spec);
    return out;
}

struct Listed
{
    std::vector<model::ObjectPtr> objects;
    std::uint64_t resourceVersion = 0;
};

} // namespace

ApiResponse handleRead(const RequestContext &ctx, const ResourcePath &path)
{
    const ApiResource &resource = *path.resource;
    const std::string kind = resource.info->kind;
    const bool watch = ctx.target.flag("watch") || path.watchPrefix;
    if (path.subresource == "log")
        return handlePodLog(ctx, path);
    if (!path.name.empty() && !watch) {
        const auto object = ctx.view.call([&](cluster::Cluster &c, ApiState &) {
            return c.store().get(kind, path.namespace_, path.name);
        });
        if (!object)
            return statusResponse(ctx, notFoundObject(kind, path.name));
        if (path.subresource == "scale")
            return jsonResponse(ctx, http::status::ok, scaleOf(*object));
        return objectResponse(ctx, resource, *object, http::status::ok);
    }
    Selectors selectors;
    std::string fieldSelector = ctx.target.param("fieldSelector");
    if (!path.name.empty())
        fieldSelector +=
                (fieldSelector.empty() ? "" : ",") + std::string("metadata.name=") + path.name;
    if (auto error =
                parseSelectors(ctx.target.param("labelSelector"), fieldSelector, kind, selectors))
        return statusResponse(ctx, badRequest(*error));
    if (watch)
        return watchResponse(ctx, path, std::move(selectors));

    const Listed listed = ctx.view.call([&](cluster::Cluster &c, ApiState &) {
        Listed out;
        out.resourceVersion = c.store().resourceVersion();
        for (auto &object : c.store().list(kind, path.namespace_))
            if (selectors.matches(*object))
                out.objects.push_back(std::move(object));
        return out;
    });
    const std::string rv = std::to_string(listed.resourceVersion);
    if (wantsTable(ctx.accept)) {
        TableOptions options;
        options.includeObject = ctx.target.param("includeObject", "Metadata");
        return jsonResponse(ctx, http::status::ok,
                            buildTable(resource, listed.objects, rv, options));
    }
    json::array items;
    items.reserve(listed.objects.size());
    for (const auto &object : listed.objects)
        items.push_back(encodeAs(resource, *object));
    json::object list{ { "kind", resource.kind + "List" },
                       { "apiVersion", resource.groupVersion() },
                       { "metadata", { { "resourceVersion", rv } } },
                       { "items", std::move(items) } };
    return jsonResponse(ctx, http::status::ok, list);
}

} // namespace clusterlab::api::detail
