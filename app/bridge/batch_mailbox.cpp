#include "bridge/batch_mailbox.h"

#include <algorithm>

namespace clusterlab::app {

using Type = cluster::WatchEvent::Type;

void BatchMailbox::merge(const EngineBatch &batch)
{
    std::lock_guard lock(m_mutex);
    ++m_batch.engineBatches;
    for (const auto &event : batch.events)
        mergeEvent(event);
    const std::size_t room =
            BridgeBatch::kMaxFlows - std::min(BridgeBatch::kMaxFlows, m_batch.flows.size());
    const std::size_t kept = std::min(room, batch.flows.size());
    m_batch.flows.insert(m_batch.flows.end(), batch.flows.begin(),
                         batch.flows.begin() + std::ptrdiff_t(kept));
    m_batch.droppedFlows += batch.flows.size() - kept;
    if (batch.facts)
        m_batch.facts = batch.facts;
    if (batch.counts) {
        m_batch.counts = *batch.counts; // cumulative: the newest is exact
        m_batch.hasCounts = true;
    }
}

void BatchMailbox::mergeEvent(const cluster::WatchEvent &event)
{
    const std::string &uid = model::meta(event.object()).uid;
    const auto found = m_index.find(uid);
    if (found == m_index.end()) {
        m_index.emplace(uid, m_batch.events.size());
        m_batch.events.push_back(event);
        return;
    }
    cluster::WatchEvent &merged = m_batch.events[found->second];
    if (!merged.current && !merged.previous) { // cancelled earlier in this frame
        merged = event;
        return;
    }
    if (merged.type == Type::Added && event.type == Type::Deleted) {
        merged = {}; // added and deleted within one frame: the GUI never sees it
        return;
    }
    merged.current = event.current;
    if (event.type == Type::Deleted)
        merged.type = Type::Deleted;
    else if (merged.type != Type::Added)
        merged.type = event.type;
}

BridgeBatch BatchMailbox::take()
{
    BridgeBatch out;
    {
        std::lock_guard lock(m_mutex);
        out = std::exchange(m_batch, {});
        m_index.clear();
    }
    std::erase_if(out.events, [](const cluster::WatchEvent &e) {
        return !e.current && !e.previous;
    });
    return out;
}

} // namespace clusterlab::app
