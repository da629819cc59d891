#pragma once

#include "bridge/bridge_batch.h"

#include <mutex>
#include <string>
#include <unordered_map>

namespace clusterlab::app {

/// BatchMailbox merges engine batches until the GUI takes them: watch events are coalesced
/// per uid in first-seen order, flow samples are kept up to BridgeBatch::kMaxFlows.
/// Thread: merge() from any thread, take() from the GUI thread; both take the mutex briefly.
class BatchMailbox
{
public:
    void merge(const EngineBatch &batch);
    /// take hands over everything merged so far and leaves the mailbox empty.
    BridgeBatch take();

private:
    void mergeEvent(const cluster::WatchEvent &event);

    std::mutex m_mutex; ///< guards m_batch and m_index
    BridgeBatch m_batch;
    std::unordered_map<std::string, std::size_t> m_index; ///< uid -> position in m_batch.events
};

} // namespace clusterlab::app
