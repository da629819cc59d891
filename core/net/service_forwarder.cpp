#include "net/service_forwarder.h"

#include "net/port_proxy.h"

#include <fstream>
#include <sys/resource.h>

namespace clusterlab::net {

ServiceForwarder::ServiceForwarder(boost::asio::io_context &ioc, FlowSink *sink, std::uint64_t seed,
                                   AffinityClock clock)
    : m_shared(std::make_shared<detail::ForwarderShared>(ioc, sink, seed, clock))
{
}

ServiceForwarder::~ServiceForwarder()
{
    stop();
    m_shared->sink.store(nullptr);
}

void ServiceForwarder::setLocalServers(LocalServers *local)
{
    m_shared->local.store(local);
}

void ServiceForwarder::setOptions(const ForwarderOptions &options)
{
    m_shared->setOptions(options);
}

std::shared_ptr<detail::PortProxy> ServiceForwarder::create(const ServicePortEntry &entry)
{
    return entry.protocol == "UDP" ? detail::makeUdpPortProxy(m_shared, entry)
                                   : detail::makeTcpPortProxy(m_shared, entry);
}

void ServiceForwarder::update(std::vector<ServicePortEntry> all)
{
    std::lock_guard lock(m_mutex);
    if (m_stopped)
        return;
    m_problems.clear();
    std::map<Key, ServicePortEntry> desired;
    for (auto &entry : all) {
        const std::string what = "Service " + entry.namespace_ + "/" + entry.name
                + (entry.via.empty() ? " port " : " " + entry.via + " ")
                + std::to_string(entry.listenPortNumber()) + "/" + entry.protocol;
        std::string error;
        if (entry.protocol != "TCP" && entry.protocol != "UDP") {
            m_problems.push_back(what + ": only TCP and UDP are forwarded");
            continue;
        }
        if (entry.listenPortNumber() < 1 || entry.listenPortNumber() > 65535) {
            m_problems.push_back(what + ": port must be between 1 and 65535, inclusive");
            continue;
        }
        if (!dataplane::parseLoopbackAddress(entry.listenAddress(), error)) {
            m_problems.push_back("refusing to listen for " + what + ": " + error);
            continue;
        }
        std::erase_if(entry.endpoints, [&](const ServiceEndpoint &e) {
            std::string endpointError;
            if (dataplane::parseLoopbackAddress(e.ip, endpointError))
                return false;
            m_problems.push_back("not forwarding " + what + " to " + e.ip + ": " + endpointError);
            return true;
        });
        Key key{ entry.namespace_, entry.name, entry.listenAddress(), entry.listenPortNumber(),
                 entry.protocol };
        if (!desired.emplace(std::move(key), std::move(entry)).second)
            m_problems.push_back(what + ": listed twice; the first one is used");
    }
    // toDelete first, so an address that moves between Services is free when it is reopened.
    std::erase_if(m_ports, [&](auto &kv) {
        auto it = desired.find(kv.first);
        if (it != desired.end())
            return false;
        kv.second->close();
        return true;
    });
    for (auto &[key, entry] : desired) {
        auto &proxy = m_ports[key];
        if (!proxy)
            proxy = create(entry);
        proxy->apply(entry);
    }
}

void ServiceForwarder::setMode(BalanceMode mode)
{
    m_shared->mode.store(mode);
}

BalanceMode ServiceForwarder::mode() const
{
    return m_shared->mode.load();
}

std::optional<int> ServiceForwarder::boundPort(const std::string &address, int port,
                                               const std::string &protocol) const
{
    std::lock_guard lock(m_mutex);
    for (const auto &[key, proxy] : m_ports)
        if (proxy->listenIP() == address && proxy->listenPort() == port
            && proxy->protocol() == protocol)
            return proxy->boundPort();
    return std::nullopt;
}

ServiceForwarder::BoundPorts ServiceForwarder::boundPorts() const
{
    std::lock_guard lock(m_mutex);
    BoundPorts ports;
    for (const auto &[key, proxy] : m_ports)
        if (const auto bound = proxy->boundPort())
            ports[{ proxy->listenIP(), proxy->listenPort(), proxy->protocol() }] = *bound;
    return ports;
}

std::vector<std::string> ServiceForwarder::problems() const
{
    std::lock_guard lock(m_mutex);
    auto result = m_problems;
    for (const auto &[key, proxy] : m_ports)
        if (auto p = proxy->problem(); !p.empty())
            result.push_back(std::move(p));
    return result;
}

std::string ServiceForwarder::problemOf(const std::string &address, int port,
                                        const std::string &protocol) const
{
    std::lock_guard lock(m_mutex);
    for (const auto &[key, proxy] : m_ports)
        if (proxy->listenIP() == address && proxy->listenPort() == port
            && proxy->protocol() == protocol)
            return proxy->problem();
    return {};
}

std::vector<std::string> ServiceForwarder::notices() const
{
    std::lock_guard lock(m_mutex);
    std::vector<std::string> result;
    for (const auto &[key, proxy] : m_ports)
        if (auto n = proxy->notice(); !n.empty())
            result.push_back(std::move(n));
    return result;
}

std::size_t ServiceForwarder::activeConnections() const
{
    return m_shared->sessionCount();
}

void ServiceForwarder::stop()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_stopped)
            return;
        m_stopped = true;
        m_shared->stopping.store(true);
        m_shared->local.store(nullptr); // connections still connecting no longer hand over
        for (auto &[key, proxy] : m_ports)
            proxy->close();
        m_ports.clear();
    }
    m_shared->closeAllSessions();
}

std::uint64_t raiseFileLimit()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return 0;
    rlim_t wanted = limit.rlim_max;
    if (wanted == RLIM_INFINITY) {
        // The kernel refuses "infinity" for RLIMIT_NOFILE; nr_open is the real ceiling.
        std::ifstream nrOpen("/proc/sys/fs/nr_open");
        std::uint64_t ceiling = 1 << 20;
        nrOpen >> ceiling;
        wanted = ceiling;
    }
    if (limit.rlim_cur < wanted) {
        rlimit raised = limit;
        raised.rlim_cur = wanted;
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0)
            return wanted;
    }
    return limit.rlim_cur;
}

} // namespace clusterlab::net
