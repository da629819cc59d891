#pragma once

#include "engine.h"

#include <QMetaType>

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace clusterlab::app {

/// BridgeBatch is what the GUI thread receives once per frame: the watch events of every
/// engine batch since the last frame, coalesced per uid (first previous, last current; an add
/// and a delete of the same object cancel out), the network facts when they changed (the
/// newest), the flow samples (at most kMaxFlows; the rest are counted in droppedFlows), and an
/// exact snapshot of the flow counters.
struct BridgeBatch
{
    static constexpr std::size_t kMaxFlows = 4000;

    std::vector<cluster::WatchEvent> events;
    std::optional<NetworkFacts> facts; ///< set when they changed since the last batch
    std::vector<net::FlowSample> flows;
    std::uint64_t droppedFlows = 0;
    bool hasCounts = false;
    std::map<net::ServicePortKey, net::PortCounts> counts; ///< exact; valid when hasCounts
    int engineBatches = 0; ///< how many engine batches were merged into this one

    bool empty() const { return events.empty() && !facts && flows.empty() && !hasCounts; }
};

} // namespace clusterlab::app

Q_DECLARE_METATYPE(clusterlab::app::BridgeBatch)
