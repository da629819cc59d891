// The pods/portforward subresource: checks the request as kube-apiserver and the kubelet do,
// then hands the upgrade to the session (port_forward_stream.cpp), which runs the protocol.

#include "api/routes_internal.h"

#include <boost/algorithm/string/predicate.hpp>

#include <algorithm>
#include <vector>

namespace clusterlab::api::detail {

namespace {

/// kProtocol is the one port-forward protocol there is (portforward.k8s.io, over SPDY).
constexpr std::string_view kProtocol = "portforward.k8s.io";
/// kTunnelPrefix marks SPDY carried in a WebSocket (KEP-4006).
constexpr std::string_view kTunnelPrefix = "SPDY/3.1+";

} // namespace

ApiResponse handlePortForward(const RequestContext &ctx, const ResourcePath &path)
{
    const auto method = ctx.request.method();
    if (method != http::verb::get && method != http::verb::post)
        return statusResponse(ctx, methodNotAllowed(std::string(ctx.request.method_string())));
    const auto object = ctx.view.call([&](cluster::Cluster &c, ApiState &) {
        return c.store().get("Pod", path.namespace_, path.name);
    });
    if (!object)
        return statusResponse(ctx, notFoundObject("Pod", path.name));
    const auto &pod = std::get<model::Pod>(*object);
    if (pod.spec.nodeName.empty())
        return statusResponse(
                ctx, badRequest("pod " + pod.metadata.name + " does not have a host assigned"));
    // The kubelet forwards only into a Pod whose sandbox runs.
    if (pod.status.phase != "Running" || pod.metadata.deletionTimestamp)
        return plainResponse(ctx, http::status::not_found,
                             "pod not found (\"" + pod.metadata.name + "_" + pod.metadata.namespace_
                                     + "\")");

    PortForwardSpec spec;
    spec.namespace_ = path.namespace_;
    spec.pod = path.name;
    spec.podUid = pod.metadata.uid;
    const auto upgrade = ctx.request[http::field::upgrade];
    if (boost::algorithm::iequals(upgrade, "websocket")) {
        const std::string tunnelled = std::string(kTunnelPrefix) + std::string(kProtocol);
        const auto protocols = headerList(ctx.request[http::field::sec_websocket_protocol]);
        if (std::find(protocols.begin(), protocols.end(), tunnelled) == protocols.end())
            return statusResponse(
                    ctx,
                    badRequest("unable to upgrade: ClusterLab serves port-forward as SPDY/3.1, "
                               "over a WebSocket (the subprotocol "
                               + tunnelled
                               + ", as kubectl 1.31 and newer ask) or on its own; the "
                                 "WebSocket channel protocol (v4.channel.k8s.io) is not served"));
        spec.websocket = true;
        spec.protocol = tunnelled;
    } else if (boost::algorithm::istarts_with(upgrade, "SPDY/3.1")) {
        // apimachinery's httpstream.Handshake: no header is the legacy client, served as v1.
        // Each header may list several versions; Go prints them as [a b].
        std::string offered;
        bool served = false;
        for (const auto &field : ctx.request)
            if (boost::algorithm::iequals(field.name_string(), "X-Stream-Protocol-Version"))
                for (const auto &version : headerList(field.value())) {
                    offered += (offered.empty() ? "" : " ") + version;
                    served = served || version == kProtocol;
                }
        if (!offered.empty() && !served)
            return plainResponse(
                    ctx, http::status::forbidden,
                    "unable to upgrade: unable to negotiate protocol: client supports [" + offered
                            + "], server accepts [" + std::string(kProtocol) + "]");
        spec.protocol = std::string(kProtocol);
    } else {
        return statusResponse(ctx, badRequest("Upgrade request required"));
    }
    ApiResponse out;
    out.portForward = std::move(spec);
    return out;
}

} // namespace clusterlab::api::detail
