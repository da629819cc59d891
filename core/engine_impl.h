#pragma once

// Engine::Impl, shared by engine.cpp and engine_network.cpp; not part of the core's interface:
// the cluster and the io_context that runs it, the engine strand and its timers, the data
// plane, the API server, and the batches handed to observers.

#include "api/api_server.h"
#include "api/engine_view.h"
#include "dataplane.h"
#include "engine.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace clusterlab {

namespace asio = boost::asio;

struct Engine::Impl
{
    explicit Impl(EngineOptions opts)
        : options(opts),
          cluster(cluster::Options{ opts.nodes, opts.seed, opts.pace }),
          strand(asio::make_strand(io)),
          timer(strand),
          flowTimer(strand)
    {
        if (opts.dataPlane)
            dataPlane = std::make_unique<DataPlane>(io, opts.seed, apiState->logs);
        watchId = cluster.store().watch([this](const cluster::WatchEvent &event) {
            pending.events.push_back(event);
            if (dataPlane)
                dataPlane->onEvent(event);
            if (event.type == cluster::WatchEvent::Type::Deleted)
                apiState->managers.forget(model::meta(*event.previous).uid);
        });
    }

    /// afterWork delivers the step's watch events and re-arms the timer for the next due action.
    /// Thread: engine strand.
    void afterWork()
    {
        // Facts change only when a sync changed listeners: most steps skip gathering them.
        if (dataPlane && dataPlane->sync(cluster.store())) {
            if (NetworkFacts now = dataPlane->facts(); now != facts) {
                facts = now;
                pending.facts = std::move(now);
            }
            for (const auto &w : dataPlane->takeWarnings())
                if (const auto svc = cluster.store().get("Service", w.namespace_, w.name))
                    cluster.recordEvent(*svc, "Warning", w.reason, w.message, "kube-proxy");
        }
        deliver();
        armTimer();
    }

    /// pollFlows delivers the flow samples collected since the last frame. Thread: strand.
    void pollFlows()
    {
        flowTimer.expires_after(std::chrono::milliseconds(16));
        flowTimer.async_wait([this](boost::system::error_code ec) {
            if (ec || !dataPlane)
                return;
            auto samples = dataPlane->takeSamples();
            if (!samples.empty()) {
                EngineBatch batch;
                batch.flows = std::move(samples);
                batch.counts = dataPlane->counters().snapshot();
                std::lock_guard lock(observersMutex);
                for (auto *observer : observers)
                    observer->onBatch(batch);
            }
            pollFlows();
        });
    }

    void deliver()
    {
        if (pending.events.empty() && !pending.facts)
            return;
        EngineBatch batch = std::move(pending);
        pending = {};
        std::lock_guard lock(observersMutex);
        for (auto *observer : observers)
            observer->onBatch(batch);
    }

    /// syncClock advances the cluster's virtual clock to real time, running what fell due.
    /// Thread: engine strand.
    void syncClock()
    {
        const auto now = std::chrono::steady_clock::now();
        const auto elapsed = std::chrono::duration_cast<cluster::Duration>(now - lastAdvance);
        lastAdvance += elapsed;
        cluster.advance(std::max(elapsed, cluster::Duration(0)));
    }

    void armTimer()
    {
        const auto due = cluster.nextDue();
        if (!due)
            return;
        timer.expires_at(lastAdvance + *due);
        timer.async_wait([this](boost::system::error_code ec) {
            if (ec)
                return;
            syncClock();
            afterWork();
        });
    }

    EngineOptions options;
    asio::io_context io;
    cluster::Cluster cluster;
    asio::strand<asio::io_context::executor_type> strand;
    asio::steady_timer timer;
    asio::steady_timer flowTimer; ///< hands flow samples to observers every frame
    std::chrono::steady_clock::time_point lastAdvance = std::chrono::steady_clock::now();
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
    std::vector<std::thread> threads;
    std::unique_ptr<DataPlane> dataPlane; ///< touched on the strand, except its own API
    std::unique_ptr<api::ApiServer> apiServer; ///< kubectl's API (apiPort > 0); start/stop only
    std::vector<std::string> notices;
    std::uint64_t watchId = 0;
    EngineBatch pending; ///< guarded by the strand
    NetworkFacts facts; ///< as last delivered; guarded by the strand
    std::shared_ptr<api::ApiState> apiState = std::make_shared<api::ApiState>();
    std::mutex observersMutex; ///< guards observers
    std::vector<EngineObserver *> observers;
    std::atomic_bool started{ false };
    std::atomic<int> running{ 0 }; ///< threads inside io.run()
};

} // namespace clusterlab
