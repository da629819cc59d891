#include "net/service_forwarder.h"

#include "net/port_proxy.h"

#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/ip/network_v4.hpp>

#include <algorithm>
#include <arpa/inet.h>
#include <fstream>
#include <sys/resource.h>

namespace clusterlab::net {

namespace detail {

ForwarderOptions ForwarderShared::options() const
{
    std::lock_guard lock(m_optionsMutex);
    return m_options;
}

void ForwarderShared::setOptions(const ForwarderOptions &o)
{
    std::lock_guard lock(m_optionsMutex);
    m_options = o;
}

std::uint64_t ForwarderShared::registerSession(std::function<void()> closer)
{
    std::lock_guard lock(m_sessionsMutex);
    const auto id = m_nextSession++;
    m_sessions.emplace(id, std::move(closer));
    return id;
}

void ForwarderShared::unregisterSession(std::uint64_t id)
{
    std::lock_guard lock(m_sessionsMutex);
    m_sessions.erase(id);
}

void ForwarderShared::track(TrackedConnection &connection)
{
    connection.lastActive.store(tick(), std::memory_order_relaxed);
    std::lock_guard lock(m_sessionsMutex);
    connection.m_next = m_connections;
    if (m_connections)
        m_connections->m_prev = &connection;
    m_connections = &connection;
    ++m_connectionCount;
    if (!m_sweeping && !stopping.load()) {
        m_sweeping = true;
        sweepLocked();
    }
}

void ForwarderShared::untrack(TrackedConnection &connection)
{
    std::lock_guard lock(m_sessionsMutex);
    if (connection.m_prev)
        connection.m_prev->m_next = connection.m_next;
    else if (m_connections == &connection)
        m_connections = connection.m_next;
    else
        return; // never tracked
    if (connection.m_next)
        connection.m_next->m_prev = connection.m_prev;
    connection.m_prev = connection.m_next = nullptr;
    --m_connectionCount;
}

/// sweepLocked arms the next idle sweep. Each sweep advances the tick and closes connections
/// whose last traffic is more than tcpIdleTimeout old; it stops when no connection is left.
void ForwarderShared::sweepLocked()
{
    const auto idle = options().tcpIdleTimeout;
    const auto period = std::clamp<std::chrono::milliseconds>(
            idle / 4, std::chrono::milliseconds(50), std::chrono::seconds(30));
    // lastActive is the tick before the traffic's sweep; +1 so no connection closes early.
    const auto ticks =
            static_cast<std::uint32_t>((idle + period - std::chrono::milliseconds(1)) / period) + 1;
    m_sweep.expires_after(period);
    m_sweep.async_wait([self = shared_from_this(), ticks](const boost::system::error_code &ec) {
        std::vector<std::shared_ptr<TrackedConnection>> idleOnes;
        {
            std::lock_guard lock(self->m_sessionsMutex);
            if (ec || self->stopping.load() || !self->m_connections) {
                self->m_sweeping = false;
                return;
            }
            const auto now = self->m_tick.fetch_add(1, std::memory_order_relaxed) + 1;
            for (auto *c = self->m_connections; c; c = c->m_next)
                if (now - c->lastActive.load(std::memory_order_relaxed) >= ticks)
                    if (auto owned = c->share())
                        idleOnes.push_back(std::move(owned));
            self->sweepLocked();
        }
        closeAll(std::move(idleOnes));
    });
}

void ForwarderShared::closeAll(std::vector<std::shared_ptr<TrackedConnection>> connections)
{
    // Outside the lock: letting go of the last owner destroys a connection, which untracks.
    for (auto &connection : connections)
        connection->closeSoon();
}

void ForwarderShared::closeAllSessions()
{
    std::vector<std::function<void()>> closers;
    std::vector<std::shared_ptr<TrackedConnection>> connections;
    {
        std::lock_guard lock(m_sessionsMutex);
        for (const auto &[id, closer] : m_sessions)
            closers.push_back(closer);
        for (auto *c = m_connections; c; c = c->m_next)
            if (auto owned = c->share())
                connections.push_back(std::move(owned));
        m_sweep.cancel();
    }
    closeAll(std::move(connections));
    for (const auto &close : closers)
        close();
}

std::size_t ForwarderShared::sessionCount() const
{
    std::lock_guard lock(m_sessionsMutex);
    return m_sessions.size() + m_connectionCount;
}

std::unique_ptr<char[]> ForwarderShared::takeBuffer(std::size_t size)
{
    {
        std::lock_guard lock(m_buffersMutex);
        if (size == m_pooledSize && !m_buffers.empty()) {
            auto buffer = std::move(m_buffers.back());
            m_buffers.pop_back();
            return buffer;
        }
    }
    return std::make_unique_for_overwrite<char[]>(size);
}

void ForwarderShared::giveBuffer(std::unique_ptr<char[]> buffer, std::size_t size)
{
    constexpr std::size_t kPooledBuffers = 256;
    std::lock_guard lock(m_buffersMutex);
    if (size != m_pooledSize) {
        m_buffers.clear();
        m_pooledSize = size;
    }
    if (m_buffers.size() < kPooledBuffers)
        m_buffers.push_back(std::move(buffer));
}

PortProxy::PortProxy(std::shared_ptr<ForwarderShared> shared, const ServicePortEntry &entry)
    : m_shared(std::move(shared)),
      m_listenIP(entry.listenAddress()),
      m_listenPort(entry.listenPortNumber()),
      m_protocol(entry.protocol),
      m_picker(m_shared->seed
                       ^ std::hash<std::string>{}(m_listenIP + ":" + std::to_string(m_listenPort)),
               m_shared->clock),
      m_rules(std::make_shared<const FrontendRules>())
{
}

bool PortProxy::FrontendRules::admits(std::uint32_t client) const
{
    if (allowed.empty())
        return true;
    for (const auto &[network, mask] : allowed)
        if ((client & mask) == network)
            return true;
    return false;
}

std::optional<int> PortProxy::boundPort() const
{
    std::lock_guard lock(m_mutex);
    return m_boundPort;
}

std::string PortProxy::problem() const
{
    std::lock_guard lock(m_mutex);
    return m_problem;
}

std::string PortProxy::notice() const
{
    std::lock_guard lock(m_mutex);
    return m_notice;
}

FlowEvent PortProxy::newFlowEvent() const
{
    FlowEvent event;
    event.id = m_shared->nextFlowId.fetch_add(1, std::memory_order_relaxed);
    event.protocol = m_protocol;
    std::lock_guard lock(m_mutex);
    event.clusterIP = m_clusterIP;
    event.port = m_port;
    event.serviceNamespace = m_namespace;
    event.serviceName = m_name;
    event.portName = m_portName;
    event.via = m_via;
    event.node = m_node;
    if (!m_via.empty()) {
        event.frontendIP = m_listenIP;
        event.frontendPort = m_listenPort;
    }
    return event;
}

void PortProxy::setLabelsLocked(const ServicePortEntry &entry)
{
    m_namespace = entry.namespace_;
    m_name = entry.name;
    m_portName = entry.portName;
    m_clusterIP = entry.clusterIP;
    m_port = entry.port;
    m_via = entry.via;
    m_node = entry.node;
    auto rules = std::make_shared<FrontendRules>();
    boost::system::error_code ec;
    if (!entry.sourceIP.empty())
        if (const auto source = boost::asio::ip::make_address_v4(entry.sourceIP, ec); !ec)
            rules->sourceIP = htonl(source.to_uint());
    for (const auto &range : entry.sourceRanges)
        if (const auto net = boost::asio::ip::make_network_v4(range, ec); !ec)
            rules->allowed.emplace_back(net.network().to_uint(), net.netmask().to_uint());
    rules->internalLocal = entry.internalLocal;
    m_rules.store(std::move(rules));
}

void PortProxy::recordBindLocked(const dataplane::BindResult &result)
{
    if (result.port != 0)
        m_boundPort = result.port;
    m_problem = result.port != 0 ? std::string() : result.problem;
    m_notice = result.notice.empty()
            ? std::string()
            : "Service " + m_namespace + "/" + m_name + ": " + result.notice;
}

} // namespace detail

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
