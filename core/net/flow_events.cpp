#include "net/flow_events.h"

#include <numeric>

namespace clusterlab::net {

const char *toString(FlowEvent::Result result)
{
    switch (result) {
    case FlowEvent::Result::Ok:
        return "Ok";
    case FlowEvent::Result::Refused:
        return "Refused";
    case FlowEvent::Result::Reset:
        return "Reset";
    case FlowEvent::Result::Retried:
        return "Retried";
    }
    return "?";
}

ServicePortKey servicePortKeyOf(const FlowEvent &event)
{
    return { event.serviceNamespace, event.serviceName, event.portName, event.protocol,
             event.port };
}

std::uint64_t PortCounts::total() const
{
    return std::accumulate(connections.begin(), connections.end(), std::uint64_t{ 0 });
}

FlowCounters::Port &FlowCounters::port(const ServicePortKey &key)
{
    {
        std::shared_lock lock(m_mutex);
        if (auto it = m_ports.find(key); it != m_ports.end())
            return *it->second;
    }
    std::unique_lock lock(m_mutex);
    auto &slot = m_ports[key];
    if (!slot)
        slot = std::make_unique<Port>();
    return *slot;
}

void FlowCounters::recordStart(const FlowEvent &event)
{
    port(servicePortKeyOf(event)).active.fetch_add(1, std::memory_order_relaxed);
}

void FlowCounters::recordEnd(const FlowEvent &event)
{
    Port &p = port(servicePortKeyOf(event));
    const bool reached =
            event.result == FlowEvent::Result::Ok || event.result == FlowEvent::Result::Retried;
    if (reached) {
        // Only flows that reached an endpoint were counted as started.
        p.active.fetch_sub(1, std::memory_order_relaxed);
        FlowPath path{ event.via, event.node, event.clientIP, event.endpointIP };
        std::lock_guard lock(p.endpointMutex);
        ++p.perEndpoint[event.endpointIP];
        if (p.perPath.size() >= PortCounts::kMaxPaths && !p.perPath.count(path))
            path.clientIP.clear();
        ++p.perPath[path];
    }
    p.bytesTo.fetch_add(event.bytesToEndpoint, std::memory_order_relaxed);
    p.bytesFrom.fetch_add(event.bytesFromEndpoint, std::memory_order_relaxed);
    // Counted last so that a reader who sees the connection also sees its bytes.
    p.connections[static_cast<int>(event.result)].fetch_add(1, std::memory_order_release);
}

PortCounts FlowCounters::copy(const Port &p)
{
    PortCounts c;
    for (std::size_t i = 0; i < c.connections.size(); ++i)
        c.connections[i] = p.connections[i].load(std::memory_order_acquire);
    c.active = static_cast<std::uint64_t>(std::max<std::int64_t>(0, p.active.load()));
    c.bytesToEndpoints = p.bytesTo.load();
    c.bytesFromEndpoints = p.bytesFrom.load();
    std::lock_guard lock(p.endpointMutex);
    c.connectionsPerEndpointIP = p.perEndpoint;
    c.connectionsPerPath = p.perPath;
    return c;
}

PortCounts FlowCounters::counts(const ServicePortKey &key) const
{
    std::shared_lock lock(m_mutex);
    auto it = m_ports.find(key);
    return it == m_ports.end() ? PortCounts{} : copy(*it->second);
}

std::map<ServicePortKey, PortCounts> FlowCounters::snapshot() const
{
    std::shared_lock lock(m_mutex);
    std::map<ServicePortKey, PortCounts> result;
    for (const auto &[key, p] : m_ports)
        result.emplace(key, copy(*p));
    return result;
}

FlowSampleRing::FlowSampleRing(std::size_t capacity)
    : m_capacity(std::max<std::size_t>(1, capacity))
{
}

void FlowSampleRing::push(FlowSample sample)
{
    std::lock_guard lock(m_mutex);
    if (m_samples.size() >= m_capacity) {
        m_samples.pop_front();
        ++m_dropped;
    }
    m_samples.push_back(std::move(sample));
}

std::vector<FlowSample> FlowSampleRing::drain(std::uint64_t *dropped)
{
    std::deque<FlowSample> taken;
    {
        std::lock_guard lock(m_mutex);
        taken.swap(m_samples);
        if (dropped)
            *dropped += m_dropped;
        m_dropped = 0;
    }
    return { std::make_move_iterator(taken.begin()), std::make_move_iterator(taken.end()) };
}

FlowRecorder::FlowRecorder(std::size_t sampleCapacity) : m_samples(sampleCapacity) { }

void FlowRecorder::onFlowStart(const FlowEvent &event)
{
    m_counters.recordStart(event);
    m_samples.push({ false, event });
}

void FlowRecorder::onFlowEnd(const FlowEvent &event)
{
    m_counters.recordEnd(event);
    m_samples.push({ true, event });
}

} // namespace clusterlab::net
