#pragma once

#include "api/field_managers.h"
#include "api/watch.h"
#include "cluster/cluster.h"
#include "logs/pod_logs.h"

#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace clusterlab::api {

/// ApiState is what the API server keeps beside the cluster: the watch cache, the field
/// managers and the containers' logs (written by the data plane). Thread: engine strand only
/// (reach it through EngineView::call); the logs themselves are thread-safe.
struct ApiState
{
    WatchHub hub;
    FieldManagers managers;
    std::shared_ptr<logs::PodLogs> logs = std::make_shared<logs::PodLogs>();
    cluster::Store *attachedTo = nullptr;
    std::uint64_t watchId = 0;
};

/// EngineView is all the routes see of the engine: a way to run work with the Cluster on the
/// engine strand and wait for it (so every write takes the same path as the UI's), the API
/// state kept on that strand, and the bearer token requests must carry.
/// Thread: any; call() blocks the caller until the strand has run the work.
class EngineView
{
public:
    using Work = std::function<void(cluster::Cluster &)>;
    /// Runner runs work on the engine strand and returns once it has run; it may throw when
    /// the engine is stopping.
    using Runner = std::function<void(const Work &)>;

    /// token empty: requests need no Authorization (unit tests). state: shared with other
    /// views of the same engine (null: a state of its own, which detach() unhooks).
    explicit EngineView(Runner runner, std::string token = {},
                        std::shared_ptr<ApiState> state = nullptr);
    ~EngineView();
    EngineView(const EngineView &) = delete;
    EngineView &operator=(const EngineView &) = delete;

    /// call runs work(cluster, state) on the engine strand and returns its result; an
    /// exception thrown by work is rethrown here.
    template <class F>
    auto call(F &&work) -> std::invoke_result_t<F, cluster::Cluster &, ApiState &>
    {
        using R = std::invoke_result_t<F, cluster::Cluster &, ApiState &>;
        std::optional<R> result;
        std::exception_ptr error;
        m_runner([&](cluster::Cluster &cluster) {
            try {
                attach(cluster);
                result.emplace(work(cluster, *m_state));
            } catch (...) {
                error = std::current_exception();
            }
        });
        if (error)
            std::rethrow_exception(error);
        if (!result)
            throw std::runtime_error("the engine did not run the request");
        return std::move(*result);
    }

    /// detach unhooks a state of its own from the store; call before the cluster goes away.
    /// A shared state stays hooked: it lives as long as its engine.
    void detach();

    const std::string &token() const { return m_token; }
    /// serverAddress is "127.0.0.1:PORT", for the legacy /api answer.
    std::string serverAddress = "127.0.0.1:6443";

private:
    void attach(cluster::Cluster &cluster);

    Runner m_runner;
    std::string m_token;
    std::shared_ptr<ApiState> m_state;
    bool m_ownsState;
};

} // namespace clusterlab::api
