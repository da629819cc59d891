#pragma once

#include "api/engine_view.h"
#include "api/exec.h"
#include "api/log_response.h"
#include "api/port_forward.h"
#include "api/proxy.h"
#include "api/watch.h"

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <functional>
#include <optional>

namespace clusterlab::api {

namespace http = boost::beast::http;

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

/// ApiResponse is what a request gets: a complete response, or (watch set) the headers of
/// a watch stream that the session then feeds from the watch cache, (exec set) a checked
/// pods/exec request whose WebSocket upgrade the session accepts (exec_stream.h), or
/// (logStream set) the headers and first lines of a `kubectl logs -f` stream that the
/// session goes on with, or (portForward set) a checked pods/portforward request whose
/// upgrade the session accepts (port_forward_stream.h), or (proxy set) a checked pods/proxy or
/// services/proxy request that the session sends on to the Pod (proxy_stream.h).
struct ApiResponse
{
    Response message;
    std::optional<WatchSpec> watch;
    std::optional<ExecSpec> exec;
    std::optional<LogStream> logStream;
    std::optional<PortForwardSpec> portForward;
    std::optional<ProxySpec> proxy;
};

/// kTokenPathPrefix starts the server URL in ClusterLab's kubeconfig: kubectl never sends a
/// bearer token over plain http (client-go uses credentials only over TLS), so the token also
/// rides in the path, as "/clusterlab/<token>/api/v1/...".
inline constexpr std::string_view kTokenPathPrefix = "/clusterlab/";

/// kMaxBodyBytes is the API server's request body limit (3 MiB).
inline constexpr std::size_t kMaxBodyBytes = 3 * 1024 * 1024;

/// handleRequest answers one Kubernetes API request as kube-apiserver would, for the subset
/// kubectl uses: discovery, OpenAPI, version, and for every served resource list, get, watch,
/// create, update, patch (merge, JSON, strategic, server-side apply), delete and
/// deletecollection, plus the scale and status subresources. Errors are Status objects.
/// Every write runs on the engine strand through view. Requests must carry view's token, as
/// `Authorization: Bearer` or as the kTokenPathPrefix path; /version, /healthz and OpenAPI
/// are public, as on a real API server; sameUser (asked only of a request that presents no
/// token: does the client's socket belong to the user who runs ClusterLab, who can read the
/// kubeconfig anyway?) lets it in, as `kubectl proxy` sends them (it drops the server URL's
/// path and, over plain http, the token). Pure apart from view and sameUser; no sockets.
/// Thread: any (several at once); blocks while the engine strand runs the work.
ApiResponse handleRequest(const Request &request, EngineView &view,
                          const std::function<bool()> &sameUser = {});

} // namespace clusterlab::api
