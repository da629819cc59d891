// The pods/proxy and services/proxy subresources (what `kubectl proxy` and the URLs of
// `kubectl cluster-info` reach): finds the Pod and port as kube-apiserver's ResourceLocation
// does, in its words, then hands the request to the session (proxy_stream.cpp).

#include "api/routes_internal.h"

#include <algorithm>
#include <charconv>
#include <random>

namespace clusterlab::api::detail {

namespace {

/// SchemeNamePort is "name", "name:port" or "scheme:name:port" (utilnet.SplitSchemeNamePort).
struct SchemeNamePort
{
    std::string scheme;
    std::string name;
    std::string port;
};

std::optional<SchemeNamePort> splitSchemeNamePort(const std::string &id)
{
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const auto colon = id.find(':', start);
        parts.push_back(id.substr(start, colon - start));
        if (colon == std::string::npos)
            break;
        start = colon + 1;
    }
    SchemeNamePort out;
    if (parts.size() == 1)
        out.name = parts[0];
    else if (parts.size() == 2)
        out = { {}, parts[0], parts[1] };
    else if (parts.size() == 3)
        out = { parts[0], parts[1], parts[2] };
    else
        return std::nullopt;
    if (out.name.empty() || (!out.scheme.empty() && out.scheme != "http" && out.scheme != "https"))
        return std::nullopt;
    return out;
}

std::optional<int> number(const std::string &text)
{
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

/// forwardedTarget is the request's path after "<name>/proxy" (at least "/") and its query.
std::string forwardedTarget(const RequestContext &ctx, const std::string &id)
{
    const std::string marker = "/" + id + "/proxy";
    const std::string &path = ctx.target.path;
    const auto at = path.find(marker);
    std::string rest = at == std::string::npos ? std::string() : path.substr(at + marker.size());
    if (rest.empty())
        rest = "/";
    std::string encoded;
    for (const unsigned char c : rest) {
        static constexpr char kHex[] = "0123456789ABCDEF";
        if (c <= 0x20 || c >= 0x7f || c == '?' || c == '#' || c == '%')
            encoded += std::string{ '%', kHex[c >> 4], kHex[c & 15] };
        else
            encoded += char(c);
    }
    const std::string_view raw = ctx.request.target();
    if (const auto q = raw.find('?'); q != std::string_view::npos)
        encoded += std::string(raw.substr(q));
    return encoded;
}

StatusError serviceUnavailable(std::string message)
{
    return { 503, "ServiceUnavailable", std::move(message), {} };
}

ApiResponse proxyTo(const model::Pod &pod, int port, const RequestContext &ctx,
                    const std::string &id)
{
    ApiResponse out;
    out.proxy = ProxySpec{
        pod.metadata.namespace_, pod.metadata.name, pod.metadata.uid, pod.status.podIP, port,
        forwardedTarget(ctx, id)
    };
    return out;
}

ApiResponse podProxy(const RequestContext &ctx, const ResourcePath &path, const SchemeNamePort &id)
{
    const auto pod = ctx.view.call([&](cluster::Cluster &c, ApiState &) {
        return c.store().getAs<model::Pod>(path.namespace_, id.name);
    });
    if (!pod)
        return statusResponse(ctx, notFoundObject("Pod", id.name));
    if (pod->status.podIP.empty())
        return statusResponse(ctx, badRequest("address not allowed"));
    // No port: the first port the first container with ports declares, else HTTP's 80.
    std::string port = id.port;
    for (const auto &c : pod->spec.containers)
        if (port.empty() && !c.ports.empty())
            port = std::to_string(c.ports.front().containerPort);
    if (port.empty())
        port = "80";
    auto numeric = number(port);
    for (const auto &c : pod->spec.containers)
        for (const auto &p : c.ports)
            if (!numeric && p.name == port)
                numeric = int(p.containerPort);
    if (!numeric || *numeric < 1 || *numeric > 65535)
        return statusResponse(ctx,
                              serviceUnavailable("error trying to reach service: dial tcp: "
                                                 "address tcp/"
                                                 + port + ": unknown port"));
    if (id.scheme == "https")
        return statusResponse(ctx,
                              serviceUnavailable("error trying to reach service: tls: first "
                                                 "record does not look like a TLS "
                                                 "handshake"));
    return proxyTo(*pod, *numeric, ctx, path.name);
}

ApiResponse serviceProxy(const RequestContext &ctx, const ResourcePath &path,
                         const SchemeNamePort &id)
{
    struct Found
    {
        std::shared_ptr<const model::Service> service;
        std::shared_ptr<const model::Endpoints> endpoints;
        std::vector<std::shared_ptr<const model::Pod>> pods;
    };
    const Found found = ctx.view.call([&](cluster::Cluster &c, ApiState &) {
        Found f{ c.store().getAs<model::Service>(path.namespace_, id.name),
                 c.store().getAs<model::Endpoints>(path.namespace_, id.name),
                 {} };
        for (const auto &object : c.store().list("Pod", path.namespace_))
            f.pods.push_back(std::make_shared<const model::Pod>(std::get<model::Pod>(*object)));
        return f;
    });
    if (!found.service)
        return statusResponse(ctx, notFoundObject("Service", id.name));
    std::string portName = id.port;
    if (const auto wanted = number(id.port)) {
        const auto &ports = found.service->spec.ports;
        const auto it = std::find_if(ports.begin(), ports.end(), [&](const auto &p) {
            return p.port == *wanted;
        });
        if (it == ports.end())
            return statusResponse(ctx,
                                  serviceUnavailable("no service port " + id.port
                                                     + " found for service \"" + id.name + "\""));
        portName = it->name;
    }
    if (!found.endpoints)
        return statusResponse(ctx, notFoundObject("Endpoints", id.name));
    // As kube-apiserver: a random subset that has the port, a random ready address in it.
    thread_local std::mt19937 random{ std::random_device{}() };
    const auto &subsets = found.endpoints->subsets;
    const std::size_t first = subsets.empty() ? 0 : random() % subsets.size();
    for (std::size_t i = 0; i < subsets.size(); ++i) {
        const auto &subset = subsets[(first + i) % subsets.size()];
        if (subset.addresses.empty())
            continue;
        for (const auto &port : subset.ports) {
            if (port.name != portName)
                continue;
            const std::size_t pick = random() % subset.addresses.size();
            for (std::size_t t = 0; t < subset.addresses.size(); ++t) {
                const auto &address = subset.addresses[(pick + t) % subset.addresses.size()];
                for (const auto &pod : found.pods)
                    if (pod->status.podIP == address.ip
                        && (!address.targetRef || address.targetRef->name == pod->metadata.name))
                        return id.scheme == "https" ? statusResponse(
                                       ctx,
                                       serviceUnavailable("error trying to reach service: "
                                                          "tls: first record does not look "
                                                          "like a TLS handshake"))
                                                    : proxyTo(*pod, int(port.port), ctx, path.name);
            }
        }
    }
    return statusResponse(ctx,
                          serviceUnavailable("no endpoints available for service \""
                                             + (subsets.empty() ? id.name : path.name) + "\""));
}

} // namespace

ApiResponse handleProxy(const RequestContext &ctx, const ResourcePath &path)
{
    const auto id = splitSchemeNamePort(path.name);
    const std::string kind = path.resource->kind == "Pod" ? "pod" : "service";
    if (!id)
        return statusResponse(ctx,
                              badRequest("invalid " + kind + " request \"" + path.name + "\""));
    return kind == "pod" ? podProxy(ctx, path, *id) : serviceProxy(ctx, path, *id);
}

} // namespace clusterlab::api::detail
