#include "cluster/event_recorder.h"

#include "cluster/due_queue.h"

#include <cstdio>

namespace clusterlab::cluster {

namespace {

// Event names end in a hex timestamp (`<object>.<UnixNano in hex>`); ClusterLab derives it
// from virtual time so one seed always gives the same names.
constexpr std::uint64_t kEventEpochNanos = 0x1800000000000000ULL;

std::string hex(std::uint64_t value)
{
    char buffer[17];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(value));
    return buffer;
}

} // namespace

EventRecorder::EventRecorder(Store &store, const DueQueue &clock, std::size_t capacity)
    : m_store(store), m_clock(clock), m_capacity(capacity)
{
}

void EventRecorder::record(const std::string &kind, const model::ObjectMeta &meta,
                           const std::string &type, const std::string &reason,
                           const std::string &message, const std::string &component,
                           const std::string &host)
{
    const std::string ns = meta.namespace_.empty() ? "default" : meta.namespace_;
    const auto nsObject = m_store.getAs<model::Namespace>("", ns);
    if (!nsObject || nsObject->metadata.deletionTimestamp)
        return;
    const model::KindInfo *info = model::kindInfo(kind);

    const auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(m_clock.now());
    ObjectKey key{ "Event", ns,
                   meta.name + "."
                           + hex(kEventEpochNanos + std::uint64_t(nanos.count()) + ++m_sequence) };
    model::Event event;
    event.metadata.name = key.name;
    event.metadata.namespace_ = ns;
    event.involvedObject = { kind, meta.namespace_, meta.name, meta.uid,
                             info ? model::apiVersionOf(*info) : std::string("v1") };
    event.reason = reason;
    event.message = message;
    event.type = type;
    event.sourceComponent = component;
    event.sourceHost = host;
    event.firstTimestamp = event.lastTimestamp = std::chrono::system_clock::now();
    if (!m_store.create(std::move(event)))
        return;
    m_recorded.push_back(std::move(key));
    while (m_recorded.size() > m_capacity) {
        m_store.remove(m_recorded.front());
        m_recorded.pop_front();
    }
}

} // namespace clusterlab::cluster
