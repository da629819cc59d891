// What every Service port's proxy shares: the forwarder's options, its sessions and tracked
// connections with their idle sweep, and a pool of copy buffers (ForwarderShared); and the
// part of a PortProxy that TCP and UDP have in common: its labels, frontend rules and bind result.
#include "net/port_proxy.h"

#include <boost/asio/ip/address_v4.hpp>
#include <boost/asio/ip/network_v4.hpp>

#include <algorithm>
#include <arpa/inet.h>

namespace clusterlab::net::detail {

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

} // namespace clusterlab::net::detail
