// The pods/exec and pods/attach subresources: check the request as kube-apiserver and the
// kubelet do, then hand a WebSocket upgrade to the session (exec_stream.cpp), which runs the
// command, or attaches to the container's output (its log, from now on).

#include "api/routes_internal.h"
#include "logs/pod_logs.h"

#include <boost/algorithm/string/predicate.hpp>

#include <algorithm>

namespace clusterlab::api::detail {

namespace {

/// kProtocols are the remote command subprotocols served, best first.
constexpr std::string_view kProtocols[] = { "v5.channel.k8s.io", "v4.channel.k8s.io" };

/// commandOf reads every `command` parameter in order (the query map keeps only one).
std::vector<std::string> commandOf(std::string_view target)
{
    std::vector<std::string> command;
    const auto question = target.find('?');
    if (question == std::string_view::npos)
        return command;
    std::string_view query = target.substr(question + 1);
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        const auto eq = pair.find('=');
        if (eq != std::string_view::npos && percentDecode(pair.substr(0, eq), true) == "command")
            command.push_back(percentDecode(pair.substr(eq + 1), true));
        if (amp == std::string_view::npos)
            break;
        query.remove_prefix(amp + 1);
    }
    return command;
}

/// chooseProtocol picks the first protocol served from the client's offer, or "".
std::string chooseProtocol(std::string_view offered)
{
    const auto protocols = headerList(offered);
    for (const auto wanted : kProtocols)
        if (std::find(protocols.begin(), protocols.end(), wanted) != protocols.end())
            return std::string(wanted);
    return {};
}

std::string joined(const std::vector<model::Container> &containers)
{
    std::string out;
    for (const auto &c : containers)
        out += (out.empty() ? "" : " ") + c.name;
    return out;
}

/// handleStream checks a pods/exec (attach false) or pods/attach request, GET or POST, and
/// asks for the WebSocket upgrade.
ApiResponse handleStream(const RequestContext &ctx, const ResourcePath &path, bool attach)
{
    const auto method = ctx.request.method();
    if (method != http::verb::get && method != http::verb::post)
        return statusResponse(ctx, methodNotAllowed(std::string(ctx.request.method_string())));
    const auto [object, podLogs] = ctx.view.call([&](cluster::Cluster &c, ApiState &state) {
        return std::pair(c.store().get("Pod", path.namespace_, path.name), state.logs);
    });
    if (!object)
        return statusResponse(ctx, notFoundObject("Pod", path.name));
    const auto &pod = std::get<model::Pod>(*object);

    ExecSpec spec;
    spec.namespace_ = path.namespace_;
    spec.pod = path.name;
    spec.attach = attach;
    if (!attach)
        spec.command = commandOf(ctx.request.target());
    spec.stdin = ctx.target.flag("stdin");
    spec.stdout = ctx.target.flag("stdout");
    spec.stderr = ctx.target.flag("stderr");
    spec.tty = ctx.target.flag("tty");
    if (!attach && spec.command.empty())
        return statusResponse(ctx, badRequest("you must specify at least 1 command"));
    if (!spec.stdin && !spec.stdout && !spec.stderr)
        return statusResponse(ctx,
                              badRequest("you must specify at least 1 of stdin, stdout, stderr"));
    if (spec.tty && spec.stderr)
        return statusResponse(ctx, badRequest("stderr must be false when tty is true"));

    // pkg/registry/core/pod/strategy.go: streamLocation.
    spec.container = ctx.target.param("container");
    if (spec.container.empty()) {
        if (pod.spec.containers.size() == 1)
            spec.container = pod.spec.containers.front().name;
        else if (pod.spec.containers.empty())
            return statusResponse(
                    ctx,
                    badRequest("a container name must be specified for pod " + pod.metadata.name));
        else
            return statusResponse(ctx,
                                  badRequest("a container name must be specified for pod "
                                             + pod.metadata.name + ", choose one of: ["
                                             + joined(pod.spec.containers) + "]"));
    } else {
        bool found = false;
        for (const auto &c : pod.spec.containers)
            found = found || c.name == spec.container;
        if (!found)
            return statusResponse(ctx,
                                  badRequest("container " + spec.container
                                             + " is not valid for pod " + pod.metadata.name));
    }
    if (pod.spec.nodeName.empty())
        return statusResponse(
                ctx, badRequest("pod " + pod.metadata.name + " does not have a host assigned"));
    // The kubelet: only a running container takes a command.
    if (pod.status.phase != "Running" || pod.metadata.deletionTimestamp)
        return plainResponse(ctx, http::status::not_found,
                             "container not found (\"" + spec.container + "\")");
    // Attach follows the container's output: its log, which the data plane opened when the
    // container started (none yet: the container is not running).
    if (attach) {
        spec.attachLog = podLogs ? podLogs->find(pod.metadata.uid, spec.container) : nullptr;
        if (!spec.attachLog || spec.attachLog->closed())
            return plainResponse(ctx, http::status::not_found,
                                 "container not found (\"" + spec.container + "\")");
    }

    const auto upgrade = ctx.request[http::field::upgrade];
    if (boost::algorithm::istarts_with(upgrade, "SPDY"))
        return statusResponse(
                ctx,
                badRequest(std::string("ClusterLab serves kubectl ") + (attach ? "attach" : "exec")
                           + " over WebSocket only (the v5.channel.k8s.io protocol); this client "
                             "asked for SPDY/3.1. Use kubectl 1.30 or newer"));
    if (!boost::algorithm::iequals(upgrade, "websocket"))
        return statusResponse(ctx, badRequest("Upgrade request required"));
    spec.protocol = chooseProtocol(ctx.request[http::field::sec_websocket_protocol]);
    if (spec.protocol.empty())
        return statusResponse(
                ctx,
                badRequest("unable to upgrade: none of the offered subprotocols is served "
                           "(ClusterLab serves v5.channel.k8s.io and v4.channel.k8s.io)"));
    ApiResponse out;
    out.exec = std::move(spec);
    return out;
}

} // namespace

ApiResponse handleExec(const RequestContext &ctx, const ResourcePath &path)
{
    return handleStream(ctx, path, false);
}

ApiResponse handleAttach(const RequestContext &ctx, const ResourcePath &path)
{
    return handleStream(ctx, path, true);
}

} // namespace clusterlab::api::detail
