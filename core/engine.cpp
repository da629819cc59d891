#include "engine.h"

#include "api/commands.h"
#include "engine_impl.h"
#include "pod_exec.h"
#include "pod_port_forward.h"

#include <boost/asio/post.hpp>

#include <algorithm>
#include <sched.h>
#include <thread>

namespace clusterlab {

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
        api.exec = execStarter(*this);
        api.portForward = portForwardResolver(*this);
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

std::shared_ptr<api::ApiState> Engine::apiState() const
{
    return m_impl->apiState;
}

std::vector<std::string> Engine::notices() const
{
    return m_impl->notices;
}

std::string Engine::kubeconfigPath() const
{
    return m_impl->apiServer ? m_impl->apiServer->kubeconfigPath().string() : std::string();
}

const EngineOptions &Engine::options() const
{
    return m_impl->options;
}

} // namespace clusterlab
