#include "engine.h"

#include "api/api_server.h"
#include "api/commands.h"
#include "api/engine_view.h"
#include "dataplane.h"
#include "net/http_client.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <sched.h>
#include <thread>

namespace clusterlab {

namespace asio = boost::asio;

namespace {

/// usableCores counts the CPUs this process may run on (its affinity mask, so `taskset -c 0`
/// gives one network thread and no lock hand-offs between threads that share a core).
int usableCores()
{
    cpu_set_t set;
    CPU_ZERO(&set);
    if (::sched_getaffinity(0, sizeof set, &set) == 0)
        return std::max(1, CPU_COUNT(&set));
    return int(std::max(1u, std::thread::hardware_concurrency()));
}

} // namespace

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
            dataPlane = std::make_unique<DataPlane>(io, opts.seed);
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

Engine::Engine(EngineOptions options) : m_impl(std::make_unique<Impl>(options)) { }

Engine::~Engine()
{
    stop();
}

void Engine::start()
{
    if (m_impl->started.exchange(true))
        return;
    if (m_impl->dataPlane)
        m_impl->notices = m_impl->dataPlane->start();
    m_impl->work.emplace(m_impl->io.get_executor());
    const int threads =
            m_impl->options.networkThreads > 0 ? m_impl->options.networkThreads : usableCores();
    for (int i = 0; i < threads; ++i)
        m_impl->threads.emplace_back([this] {
            ++m_impl->running;
            m_impl->io.run();
            --m_impl->running;
        });
    if (m_impl->dataPlane)
        m_impl->dataPlane->users().setRate(m_impl->options.usersRate);
    post([this](cluster::Cluster &) {
        m_impl->pollFlows();
    });
    if (m_impl->options.apiPort > 0) {
        api::ApiServerOptions api;
        api.port = m_impl->options.apiPort;
        api.kubeconfigPath = m_impl->options.kubeconfigPath;
        api.mergeKubeconfig = m_impl->options.mergeKubeconfig;
        api.state = m_impl->apiState;
        // kubectl's writes take the UI's path: run on the strand, wait for the result.
        m_impl->apiServer = std::make_unique<api::ApiServer>(
                [this](const api::EngineView::Work &work) {
                    call([&work](cluster::Cluster &c) {
                        work(c);
                    }).get();
                },
                api);
        if (auto error = m_impl->apiServer->start()) {
            m_impl->notices.push_back(*error);
            m_impl->apiServer.reset();
        } else {
            for (const auto &notice : m_impl->apiServer->notices())
                m_impl->notices.push_back(notice);
        }
    }
}

void Engine::stop()
{
    if (!m_impl->started.exchange(false))
        return;
    // The API first: its requests wait on the strand, which must still be running.
    if (m_impl->apiServer)
        m_impl->apiServer->stop();
    // Close listeners and connections on the strand, then give sessions a moment to end.
    call([this](cluster::Cluster &) {
        m_impl->timer.cancel();
        m_impl->flowTimer.cancel();
        if (m_impl->dataPlane)
            m_impl->dataPlane->stop();
    }).wait();
    // Let sessions see their sockets close and finish, so no coroutine is destroyed
    // half-way; whatever is still running after the grace period is stopped.
    m_impl->work.reset();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    while (m_impl->running > 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    m_impl->io.stop();
    for (auto &t : m_impl->threads)
        t.join();
    m_impl->threads.clear();
}

void Engine::post(std::function<void(cluster::Cluster &)> work)
{
    asio::post(m_impl->strand, [this, work = std::move(work)] {
        m_impl->syncClock();
        work(m_impl->cluster);
        m_impl->afterWork();
    });
}

void Engine::change(std::string manager, std::function<void(api::Commands &)> work)
{
    post([this, manager = std::move(manager), work = std::move(work)](cluster::Cluster &c) {
        api::Commands commands(c, *m_impl->apiState, manager);
        work(commands);
    });
}

std::future<cluster::ApplyResult> Engine::apply(std::vector<manifest::DecodedObject> objects,
                                                cluster::ApplyMode mode, std::string manager)
{
    return call([this, objects = std::move(objects), mode,
                 manager = std::move(manager)](cluster::Cluster &c) {
        api::Commands commands(c, *m_impl->apiState, manager);
        return commands.apply(objects, mode);
    });
}

std::future<std::vector<model::ObjectPtr>> Engine::list(const std::string &kind)
{
    return call([kind](cluster::Cluster &c) {
        return c.store().list(kind, "");
    });
}

void Engine::addObserver(EngineObserver *observer)
{
    std::lock_guard lock(m_impl->observersMutex);
    m_impl->observers.push_back(observer);
}

void Engine::removeObserver(EngineObserver *observer)
{
    std::lock_guard lock(m_impl->observersMutex);
    std::erase(m_impl->observers, observer);
}

std::future<NetworkFacts> Engine::networkFacts()
{
    return call([this](cluster::Cluster &) {
        return m_impl->dataPlane ? m_impl->dataPlane->facts() : NetworkFacts();
    });
}

std::shared_ptr<api::ApiState> Engine::apiState() const
{
    return m_impl->apiState;
}

DataPlane *Engine::dataPlane()
{
    return m_impl->dataPlane.get();
}

std::vector<std::string> Engine::notices() const
{
    return m_impl->notices;
}

std::string Engine::kubeconfigPath() const
{
    return m_impl->apiServer ? m_impl->apiServer->kubeconfigPath().string() : std::string();
}

std::future<ProxyRulesView> Engine::proxyRules(ProxyMode mode, std::string node)
{
    return call([this, mode, node = std::move(node)](cluster::Cluster &c) {
        auto *plane = m_impl->dataPlane.get();
        return buildProxyRules(c.store(), mode, node,
                               plane ? plane->counters().snapshot()
                                     : std::map<net::ServicePortKey, net::PortCounts>{},
                               plane ? plane->lastFlow() : std::nullopt);
    });
}

std::map<net::ServicePortKey, net::PortCounts> Engine::flowCounts() const
{
    return m_impl->dataPlane ? m_impl->dataPlane->counters().snapshot()
                             : std::map<net::ServicePortKey, net::PortCounts>{};
}

void Engine::setUsersRate(double perSecond)
{
    m_impl->options.usersRate = perSecond;
    if (m_impl->dataPlane)
        m_impl->dataPlane->users().setRate(perSecond);
}

double Engine::usersRate() const
{
    return m_impl->dataPlane ? m_impl->dataPlane->users().rate() : 0.0;
}

void Engine::setBalanceMode(net::BalanceMode mode)
{
    if (m_impl->dataPlane)
        m_impl->dataPlane->forwarder().setMode(mode);
}

std::future<std::string> Engine::curl(const std::string &ns, const std::string &service,
                                      const std::string &path)
{
    auto promise = std::make_shared<std::promise<std::string>>();
    auto future = promise->get_future();
    post([this, ns, service, path, promise](cluster::Cluster &c) {
        const auto svc = c.store().getAs<model::Service>(ns, service);
        if (!svc || svc->spec.ports.empty() || svc->spec.clusterIP.empty()
            || svc->spec.clusterIP == "None" || !m_impl->dataPlane) {
            promise->set_value("curl: (6) Could not resolve host: " + service);
            return;
        }
        const int port = int(svc->spec.ports.front().port);
        const int bound =
                m_impl->dataPlane->forwarder().boundPort(svc->spec.clusterIP, port).value_or(port);
        const auto endpoint = asio::ip::tcp::endpoint(
                asio::ip::make_address_v4(svc->spec.clusterIP), static_cast<unsigned short>(bound));
        asio::co_spawn(
                m_impl->io,
                [endpoint, service, path, promise]() -> asio::awaitable<void> {
                    net::ClientOptions options;
                    options.localIp = "127.0.0.1";
                    options.timeout = std::chrono::seconds(5);
                    auto reply = co_await net::httpGet(endpoint, service, path, {}, options);
                    if (reply)
                        promise->set_value(reply->body);
                    else
                        promise->set_value("curl: (7) Failed to connect to "
                                           + endpoint.address().to_string() + " port "
                                           + std::to_string(endpoint.port()) + ": "
                                           + reply.error().message());
                },
                asio::detached);
    });
    return future;
}

std::future<Engine::HttpAnswer> Engine::httpGet(const std::string &ip, int port,
                                                const std::string &path,
                                                std::chrono::milliseconds timeout)
{
    auto promise = std::make_shared<std::promise<HttpAnswer>>();
    auto future = promise->get_future();
    boost::system::error_code ec;
    const auto address = asio::ip::make_address_v4(ip, ec);
    if (ec || (address.to_uint() >> 24) != 127 || port < 1 || port > 65535) {
        promise->set_value({ 0, {}, "not a loopback address and port: " + ip });
        return future;
    }
    const asio::ip::tcp::endpoint endpoint(address, static_cast<unsigned short>(port));
    asio::co_spawn(
            m_impl->io,
            [endpoint, path, timeout, promise]() -> asio::awaitable<void> {
                net::ClientOptions options;
                options.localIp = "127.0.0.1";
                options.timeout = timeout;
                std::vector<std::pair<std::string, std::string>> headers{ { "Accept",
                                                                            "application/json" } };
                auto reply = co_await net::httpGet(endpoint, endpoint.address().to_string(), path,
                                                   std::move(headers), options);
                if (reply)
                    promise->set_value({ reply->status, std::move(reply->body), {} });
                else
                    promise->set_value({ 0, {}, reply.error().message() });
            },
            asio::detached);
    return future;
}

const EngineOptions &Engine::options() const
{
    return m_impl->options;
}

} // namespace clusterlab
