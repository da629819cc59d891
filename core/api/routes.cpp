#include "api/routes.h"

#include "api/discovery.h"
#include "api/encode.h"
#include "api/openapi.h"
#include "api/routes_internal.h"

#include <boost/algorithm/string/predicate.hpp>
#include <boost/asio/ip/address_v4.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/json/serialize.hpp>

namespace clusterlab::api {

namespace json = boost::json;

namespace detail {

ApiResponse jsonResponse(const RequestContext &ctx, http::status status, const json::value &body,
                         const std::string &contentType, const std::vector<std::string> &warnings)
{
    ApiResponse out;
    out.message = Response(status, ctx.request.version());
    out.message.set(http::field::content_type, contentType);
    out.message.set(http::field::cache_control, "no-cache, private");
    for (const auto &warning : warnings) {
        std::string escaped;
        for (char c : warning)
            escaped += (c == '"' || c == '\\') ? std::string("\\") + c : std::string(1, c);
        out.message.insert(http::field::warning, "299 - \"" + escaped + "\"");
    }
    out.message.body() = json::serialize(body);
    out.message.keep_alive(ctx.request.keep_alive());
    out.message.prepare_payload();
    return out;
}

ApiResponse statusResponse(const RequestContext &ctx, const StatusError &error)
{
    return jsonResponse(ctx, http::status(error.code), statusBody(error));
}

ApiResponse plainResponse(const RequestContext &ctx, http::status status, std::string text)
{
    ApiResponse out;
    out.message = Response(status, ctx.request.version());
    out.message.set(http::field::content_type, "text/plain; charset=utf-8");
    out.message.body() = std::move(text);
    out.message.keep_alive(false);
    out.message.prepare_payload();
    return out;
}

std::vector<std::string> headerList(std::string_view value)
{
    std::vector<std::string> items;
    while (!value.empty()) {
        const auto comma = value.find(',');
        std::string_view item = value.substr(0, comma);
        while (!item.empty() && item.front() == ' ')
            item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ')
            item.remove_suffix(1);
        if (!item.empty())
            items.emplace_back(item);
        if (comma == std::string_view::npos)
            break;
        value.remove_prefix(comma + 1);
    }
    return items;
}

std::string fieldManager(const RequestContext &ctx)
{
    std::string manager = ctx.target.param("fieldManager");
    if (!manager.empty())
        return manager;
    const auto agent = ctx.request[http::field::user_agent];
    manager = std::string(agent.substr(0, agent.find('/')));
    return manager.empty() ? "unknown" : manager;
}

} // namespace detail

namespace {

using detail::jsonResponse;
using detail::RequestContext;
using detail::statusResponse;

bool isPublic(const std::string &path)
{
    return path == "/version" || path == "/healthz" || path == "/livez" || path == "/readyz"
            || path == "/openapi/v2" || path.starts_with("/openapi/v3")
            || path == "/swagger-2.0.0.pb-v1";
}

/// notFromABrowserPage says a request is not one a web page made the user's browser send: no
/// Origin header (browsers send one with cross-site writes) and a Host that names loopback
/// (a DNS-rebound name would not). Only such requests may skip the token (kubectl proxy).
bool notFromABrowserPage(const Request &request)
{
    if (request.count(http::field::origin))
        return false;
    for (const auto &field : request) // browsers send Sec-Fetch-* with every request
        if (boost::algorithm::istarts_with(field.name_string(), "Sec-Fetch-"))
            return false;
    std::string_view host = request[http::field::host];
    if (host == "[::1]" || host.starts_with("[::1]:"))
        return true;
    host = host.substr(0, host.find(':'));
    if (host == "localhost")
        return true;
    boost::system::error_code ec; // an address, not a name such as 127.attacker.example
    const auto address = boost::asio::ip::make_address_v4(host, ec);
    return !ec && address.is_loopback();
}

/// authenticate says whether the request carries the token, and takes the token path
/// prefix off target when that is how it came. sameUser says whether the client runs as the
/// user who runs ClusterLab, who can read the kubeconfig anyway; asked only of a request
/// without a token, which it lets in (kubectl proxy drops the token's path) unless the
/// request may come from a web page.
bool authenticate(const Request &request, const EngineView &view, std::string_view &target,
                  const std::function<bool()> &sameUser)
{
    if (view.token().empty())
        return true;
    const std::string prefix = std::string(kTokenPathPrefix) + view.token();
    if (target.starts_with(prefix)
        && (target.size() == prefix.size() || target[prefix.size()] == '/'
            || target[prefix.size()] == '?')) {
        target.remove_prefix(prefix.size());
        return true;
    }
    const auto authorization = request[http::field::authorization];
    if (authorization.empty() && sameUser && notFromABrowserPage(request) && sameUser())
        return true;
    return authorization == "Bearer " + view.token();
}

ApiResponse textResponse(const RequestContext &ctx, std::string body, const std::string &type)
{
    ApiResponse out;
    out.message = Response(http::status::ok, ctx.request.version());
    out.message.set(http::field::content_type, type);
    out.message.body() = std::move(body);
    out.message.keep_alive(ctx.request.keep_alive());
    out.message.prepare_payload();
    return out;
}

std::optional<ApiResponse> discoveryRoute(const RequestContext &ctx)
{
    const auto &s = ctx.target.segments;
    const std::string &path = ctx.target.path;
    if (path == "/version")
        return jsonResponse(ctx, http::status::ok, versionInfo());
    if (path == "/healthz" || path == "/livez" || path == "/readyz")
        return textResponse(ctx, "ok", "text/plain; charset=utf-8");
    if (path == "/api" || path == "/apis") {
        const DiscoveryFormat format = negotiateDiscovery(ctx.accept);
        if (format != DiscoveryFormat::Legacy)
            return jsonResponse(ctx, http::status::ok, aggregatedDiscovery(path == "/api", format),
                                aggregatedContentType(format));
        if (path == "/api")
            return jsonResponse(ctx, http::status::ok, legacyApiVersions(ctx.view.serverAddress));
        return jsonResponse(ctx, http::status::ok, legacyApiGroupList());
    }
    if (s.size() == 2 && s[0] == "apis") {
        json::object group = legacyApiGroup(s[1]);
        if (group.empty())
            return statusResponse(ctx, notFoundPath());
        return jsonResponse(ctx, http::status::ok, group);
    }
    if ((s.size() == 2 && s[0] == "api") || (s.size() == 3 && s[0] == "apis")) {
        json::object list = legacyResourceList(s.size() == 2 ? s[1] : s[1] + "/" + s[2]);
        if (list.empty())
            return statusResponse(ctx, notFoundPath());
        return jsonResponse(ctx, http::status::ok, list);
    }
    if (path == "/openapi/v3")
        return jsonResponse(ctx, http::status::ok, openApiV3Index());
    if (path.starts_with("/openapi/v3/")) {
        json::object doc = openApiV3Document(path.substr(12));
        if (doc.empty())
            return statusResponse(ctx, notFoundPath());
        return jsonResponse(ctx, http::status::ok, doc);
    }
    if (path == "/openapi/v2" || path == "/swagger-2.0.0.pb-v1" || path == "/swagger.json") {
        if (ctx.accept.find("protobuf") != std::string::npos || path == "/swagger-2.0.0.pb-v1")
            return textResponse(ctx, openApiV2Protobuf(), "application/octet-stream");
        return jsonResponse(ctx, http::status::ok, openApiV2Json());
    }
    return std::nullopt;
}

ApiResponse resourceRoute(const RequestContext &ctx, const ResourcePath &path)
{
    if (!path.resource)
        return statusResponse(ctx, notFoundPath());
    const ApiResource &resource = *path.resource;
    if (!resource.namespaced && !path.namespace_.empty())
        return statusResponse(ctx, notFoundPath());
    if (resource.createOnly)
        return detail::handleReview(ctx, path);
    if (resource.namespaced && !path.name.empty() && path.namespace_.empty())
        return statusResponse(ctx, notFoundPath());
    if (!path.subresource.empty() && path.subresource != "status"
        && !(path.subresource == "scale" && resource.scale)
        && !(path.subresource == "log" && resource.kind == "Pod")
        && !(path.subresource == "exec" && resource.kind == "Pod")
        && !(path.subresource == "portforward" && resource.kind == "Pod")
        && !(path.subresource == "attach" && resource.kind == "Pod")
        && !(path.subresource == "proxy" && (resource.kind == "Pod" || resource.kind == "Service")
             && resource.group.empty()))
        return statusResponse(ctx, notFoundPath());
    if (path.subresource == "proxy")
        return path.name.empty() ? statusResponse(ctx, notFoundPath())
                                 : detail::handleProxy(ctx, path);
    if (path.subresource == "exec")
        return path.name.empty() ? statusResponse(ctx, notFoundPath())
                                 : detail::handleExec(ctx, path);
    if (path.subresource == "portforward")
        return path.name.empty() ? statusResponse(ctx, notFoundPath())
                                 : detail::handlePortForward(ctx, path);
    if (path.subresource == "attach")
        return path.name.empty() ? statusResponse(ctx, notFoundPath())
                                 : detail::handleAttach(ctx, path);
    const auto method = ctx.request.method();
    const bool readOnly = resource.group == "events.k8s.io";
    if (method == http::verb::get)
        return detail::handleRead(ctx, path);
    if (readOnly || (path.subresource == "status" && method != http::verb::get))
        return statusResponse(ctx, methodNotAllowed(std::string(ctx.request.method_string())));
    switch (method) {
    case http::verb::post:
        if (!path.name.empty() || (resource.namespaced && path.namespace_.empty()))
            return statusResponse(ctx, methodNotAllowed("POST"));
        return detail::handleCreate(ctx, path);
    case http::verb::put:
        if (path.name.empty())
            return statusResponse(ctx, methodNotAllowed("PUT"));
        return detail::handleUpdate(ctx, path);
    case http::verb::patch:
        if (path.name.empty())
            return statusResponse(ctx, methodNotAllowed("PATCH"));
        return detail::handlePatch(ctx, path);
    case http::verb::delete_:
        return detail::handleDelete(ctx, path);
    default:
        return statusResponse(ctx, methodNotAllowed(std::string(ctx.request.method_string())));
    }
}

bool acceptable(const std::string &accept)
{
    return accept.empty() || accept.find("json") != std::string::npos
            || accept.find("*/*") != std::string::npos || accept.find("yaml") != std::string::npos
            || accept.find("application/*") != std::string::npos;
}

} // namespace

ApiResponse handleRequest(const Request &request, EngineView &view,
                          const std::function<bool()> &sameUser)
{
    std::string_view target = request.target();
    const bool authenticated = authenticate(request, view, target, sameUser);
    RequestContext ctx{ request, view, parseTarget(target),
                        std::string(request[http::field::accept]) };
    try {
        if (!authenticated && !isPublic(ctx.target.path))
            return statusResponse(ctx, unauthorized());
        if (!acceptable(ctx.accept) && !ctx.target.path.starts_with("/openapi/v2")
            && ctx.target.path != "/swagger-2.0.0.pb-v1")
            return statusResponse(ctx, notAcceptable(ctx.accept));
        if (request.method() == http::verb::get)
            if (auto response = discoveryRoute(ctx))
                return std::move(*response);
        if (auto path = resolveResource(ctx.target))
            return resourceRoute(ctx, *path);
        return statusResponse(ctx, notFoundPath());
    } catch (const std::exception &e) {
        return statusResponse(ctx, internalError(e.what()));
    }
}

} // namespace clusterlab::api
