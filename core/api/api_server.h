#pragma once

#include "api/engine_view.h"
#include "api/exec.h"
#include "api/port_forward.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clusterlab::api {

/// ApiServerOptions say where the API listens and what kubeconfig it writes.
struct ApiServerOptions
{
    std::string address = "127.0.0.1";
    int port = 6443; ///< 0: any free port (tests, benchmarks)
    std::filesystem::path kubeconfigPath; ///< empty: defaultKubeconfigPath(port)
    bool writeKubeconfig = true;
    bool mergeKubeconfig = false; ///< also add the context to ~/.kube/config (or $KUBECONFIG)
    int threads = 2;
    std::string token; ///< empty: a fresh random one
    /// state is shared with the engine's other writers (null: the server keeps its own).
    std::shared_ptr<ApiState> state;
    /// exec runs the commands of `kubectl exec` (empty: exec answers that none can run).
    ExecStarter exec;
    /// portForward finds the Pods' ports for `kubectl port-forward` (empty: none reachable).
    PortForwardResolver portForward;
};

/// ApiServer serves the Kubernetes API on loopback with Boost.Beast: HTTP/1.1 with
/// keep-alive, one coroutine per connection, chunked watch streams, a bearer token, 3 MiB
/// request bodies; handleRequest() answers. At start it writes a kubeconfig for kubectl;
/// stop() closes the listener, ends watches and connections (at most 2 s), joins its
/// threads and removes the kubeconfig.
/// Thread: start and stop from one controlling thread; the rest runs on its own threads.
class ApiServer
{
public:
    ApiServer(EngineView::Runner runner, ApiServerOptions options);
    ~ApiServer();
    ApiServer(const ApiServer &) = delete;
    ApiServer &operator=(const ApiServer &) = delete;

    /// start binds, writes the kubeconfig and starts serving; returns why it could not.
    std::optional<std::string> start();
    /// stop ends everything started; idempotent.
    void stop();

    int port() const;
    /// url is "http://127.0.0.1:PORT".
    std::string url() const;
    const std::string &token() const;
    /// kubeconfigPath is the kubeconfig written (empty when none).
    std::filesystem::path kubeconfigPath() const;
    /// notices says what a person should know (the kubeconfig, a merged context).
    std::vector<std::string> notices() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace clusterlab::api
