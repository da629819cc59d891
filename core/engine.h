#pragma once

#include "cluster/cluster.h"
#include "manifest/decode.h"
#include "model/object.h"
#include "net/flow_events.h"
#include "net/service_forwarder.h"
#include "network_facts.h"
#include "proxy_rules_view.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clusterlab {

class DataPlane;
namespace api {
struct ApiState;
class Commands;
} // namespace api

/// EngineOptions are the knobs of one simulated cluster.
struct EngineOptions
{
    int nodes = 3;
    std::uint64_t seed = 1;
    double pace = 1.0; ///< 0 = every step at once; 1 = realistic delays
    int networkThreads = 0; ///< 0 = one per core this process may run on
    bool dataPlane = true; ///< false: no sockets at all (tests of the model, benchmarks)
    double usersRate = 3.0; ///< requests per second the users send to entry Services
    int apiPort = 0; ///< > 0: serve the Kubernetes API for kubectl on 127.0.0.1:apiPort
    std::string kubeconfigPath; ///< empty: ClusterLab's own file under $XDG_RUNTIME_DIR
    bool mergeKubeconfig = false; ///< also add the `clusterlab` context to ~/.kube/config
};

/// EngineBatch is what observers receive: the watch events of one engine step, in order,
/// with the network facts when that step changed them, or the flow samples of the last few
/// milliseconds with the exact counts. Samples may be dropped under overload; counts never.
struct EngineBatch
{
    std::vector<cluster::WatchEvent> events;
    std::vector<net::FlowSample> flows;
    /// With flows: the exact per-Service-port counts, taken just after the samples, so a
    /// window never asks the data plane for them.
    std::optional<std::map<net::ServicePortKey, net::PortCounts>> counts;
    std::optional<NetworkFacts> facts;
};

/// EngineObserver receives batches on engine or network threads; it must never block.
class EngineObserver
{
public:
    virtual ~EngineObserver() = default;
    virtual void onBatch(const EngineBatch &batch) = 0;
};

/// Engine owns the simulated cluster and the threads that run it; it is all the app needs.
/// Thread: any thread may call it; the cluster itself runs only on the engine strand.
class Engine
{
public:
    explicit Engine(EngineOptions options = {});
    ~Engine();
    Engine(const Engine &) = delete;
    Engine &operator=(const Engine &) = delete;

    /// start launches the engine and network threads. Idempotent.
    void start();
    /// stop cancels timers and listeners and joins every thread. Idempotent.
    void stop();

    /// post runs work on the engine strand, after which due timers are re-armed.
    void post(std::function<void(cluster::Cluster &)> work);

    /// call runs work on the engine strand and returns its result through a future.
    /// Never wait on the future from the GUI thread.
    template <typename F>
    auto call(F work) -> std::future<decltype(work(std::declval<cluster::Cluster &>()))>
    {
        using R = decltype(work(std::declval<cluster::Cluster &>()));
        auto promise = std::make_shared<std::promise<R>>();
        auto future = promise->get_future();
        post([promise, work = std::move(work)](cluster::Cluster &c) mutable {
            if constexpr (std::is_void_v<R>) {
                work(c);
                promise->set_value();
            } else {
                promise->set_value(work(c));
            }
        });
        return future;
    }

    /// change runs work on the engine strand with the one command interface (api::Commands)
    /// for manager ("clusterlab-canvas", "clusterlab-editor", "clusterlab-lesson"): every
    /// change made in the window takes the API's write path and is recorded under its maker.
    void change(std::string manager, std::function<void(api::Commands &)> work);

    /// apply validates and writes decoded manifests all-or-nothing, for manager.
    std::future<cluster::ApplyResult> apply(std::vector<manifest::DecodedObject> objects,
                                            cluster::ApplyMode mode,
                                            std::string manager = "clusterlab");

    /// list returns a snapshot of every object of a kind (all namespaces).
    std::future<std::vector<model::ObjectPtr>> list(const std::string &kind);

    /// networkFacts returns the data plane's facts as of now (empty without a data plane).
    /// Never wait on the future from the GUI thread: observers receive them in batches.
    std::future<NetworkFacts> networkFacts();
    /// apiState is the API's state beside the cluster (watch cache, field managers): one per
    /// engine, shared by the API server, the built-in kubectl and the app's commands, so
    /// managedFields record every writer. Touch it only on the engine strand.
    std::shared_ptr<api::ApiState> apiState() const;

    /// dataPlane is the real network (null when options().dataPlane is false), for tests and
    /// benchmarks of the core; the app reads NetworkFacts instead.
    /// Thread: its own rules; see DataPlane.
    DataPlane *dataPlane();
    /// notices lists what the data plane said at start (fallback ports, failures).
    std::vector<std::string> notices() const;
    /// kubeconfigPath is the kubeconfig written for kubectl (empty when the API is off or
    /// could not start; notices() says why).
    std::string kubeconfigPath() const;

    /// proxyRules returns what a real kube-proxy in `mode` would program on `node` (empty: the
    /// first node) for the cluster now, with the forwarder's counts on its rules and the rules
    /// the last connection matched. Never wait on the future from the GUI thread.
    std::future<ProxyRulesView> proxyRules(ProxyMode mode, std::string node = {});
    /// flowCounts returns the exact per-Service-port connection counts. Thread: any.
    std::map<net::ServicePortKey, net::PortCounts> flowCounts() const;
    /// setUsersRate sets the users' requests per second (0 pauses). Thread: any.
    void setUsersRate(double perSecond);
    double usersRate() const;
    /// setBalanceMode picks how Services choose endpoints. Thread: any.
    void setBalanceMode(net::BalanceMode mode);
    /// curl sends one HTTP GET from this computer to a Service's ClusterIP and returns the
    /// answer (or what went wrong), as `curl http://<clusterIP>:<port><path>` would show it.
    /// The future completes on a network thread: never wait on it from the GUI thread.
    std::future<std::string> curl(const std::string &ns, const std::string &service,
                                  const std::string &path = "/");

    /// HttpAnswer is what one GET got: an HTTP status and body, or (status 0) the failure.
    struct HttpAnswer
    {
        unsigned status = 0;
        std::string body;
        std::string error; ///< "Connection refused", "timed out", ...
    };
    /// httpGet sends one GET from 127.0.0.1 (this computer, outside the cluster) to ip:port,
    /// e.g. a node port or a LoadBalancer address, asking for JSON. ip must be loopback.
    /// The future completes on a network thread: never wait on it from the GUI thread.
    std::future<HttpAnswer> httpGet(const std::string &ip, int port, const std::string &path,
                                    std::chrono::milliseconds timeout);

    void addObserver(EngineObserver *observer);
    void removeObserver(EngineObserver *observer);

    const EngineOptions &options() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace clusterlab
