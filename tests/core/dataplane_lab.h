#pragma once

// The fixture of the tst_dataplane_* and tst_dns tests: an io_context run by two threads, a
// backend on every Pod address, FlowRecorders that outlive the io threads, and the Service
// port entry the tests hand a forwarder. Node 29 and ClusterIPs 127.96.9.x: other test
// executables (tst_pod_*) use 127.244.9.x.

#include "dataplane_support.h"
#include "net/flow_events.h"
#include "net/service_forwarder.h"

#include <boost/asio/executor_work_guard.hpp>

#include <functional>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace dataplane_test {

inline const std::vector<std::pair<std::string, std::string>> kPods{ { "127.244.29.1", "pod-a" },
                                                                     { "127.244.29.2", "pod-b" },
                                                                     { "127.244.29.3", "pod-c" } };
constexpr int kPodPort = 8080;

/// makeEntry is Service default/backend, port http 80 on clusterIP, with the first podCount
/// Pods of kPods as ready endpoints; mutate changes what the test is about.
inline clusterlab::net::ServicePortEntry
makeEntry(const std::string &clusterIP, int podCount,
          const std::function<void(clusterlab::net::ServicePortEntry &)> &mutate = {})
{
    clusterlab::net::ServicePortEntry entry;
    entry.namespace_ = "default";
    entry.name = "backend";
    entry.portName = "http";
    entry.clusterIP = clusterIP;
    entry.port = 80;
    for (int i = 0; i < podCount; ++i)
        entry.endpoints.push_back({ kPods[i].first, kPodPort, true, kPods[i].second, {} });
    if (mutate)
        mutate(entry);
    return entry;
}

/// waitFor polls done every 10 ms until it holds or the limit passes.
template <typename Predicate>
bool waitFor(Predicate done, std::chrono::milliseconds limit = 5s)
{
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline)
            return false;
        std::this_thread::sleep_for(10ms);
    }
    return true;
}

/// boundPort is the port a forwarder really listens on for ip:80, or 0.
inline int boundPort(const clusterlab::net::ServiceForwarder &forwarder, const std::string &ip,
                     const std::string &protocol = "TCP")
{
    return forwarder.boundPort(ip, 80, protocol).value_or(0);
}

/// DataplaneLab runs the io_context on two threads and, when asked, a Backend on every
/// kPods address. Thread: the test thread.
class DataplaneLab
{
public:
    /// start returns what went wrong, or nothing.
    std::string start(bool withBackends)
    {
        m_work.emplace(m_ioc.get_executor());
        for (int i = 0; i < 2; ++i)
            m_threads.emplace_back([this] {
                m_ioc.run();
            });
        if (!withBackends)
            return {};
        for (const auto &[ip, name] : kPods) {
            auto backend = std::make_shared<Backend>(m_ioc, ip, kPodPort, name);
            if (!backend->start())
                return "cannot start backend on " + ip;
            m_backends.push_back(backend);
        }
        return {};
    }

    void stop()
    {
        for (auto &backend : m_backends)
            backend->stop();
        m_work.reset();
        m_ioc.stop();
        for (auto &thread : m_threads)
            thread.join();
    }

    asio::io_context &ioc() { return m_ioc; }

    /// newRecorder gives a FlowRecorder that lives until the fixture is gone: a forwarder's
    /// sessions report to their sink from the io threads, which outlive each test function.
    clusterlab::net::FlowRecorder &newRecorder(std::size_t capacity = 4096)
    {
        return *m_recorders.emplace_back(std::make_unique<clusterlab::net::FlowRecorder>(capacity));
    }

private:
    /// Declared before m_ioc, so they outlive handlers the io_context destroys with itself.
    std::vector<std::unique_ptr<clusterlab::net::FlowRecorder>> m_recorders;
    asio::io_context m_ioc;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> m_work;
    std::vector<std::thread> m_threads;
    std::vector<std::shared_ptr<Backend>> m_backends;
};

} // namespace dataplane_test
