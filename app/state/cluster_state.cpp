#include "state/cluster_state.h"

namespace clusterlab::app {

ClusterState::ClusterState(QObject *parent) : QObject(parent) { }

void ClusterState::apply(const BridgeBatch &batch)
{
    StateChange change;
    change.batch = &batch;
    if (!batch.events.empty())
        change.objects = m_mirror.apply(batch.events);
    if (batch.facts && *batch.facts != m_facts) {
        m_facts = *batch.facts;
        change.facts = true;
    }
    if (batch.hasCounts) {
        m_counts = batch.counts;
        change.counts = true;
    }
    emit changed(change);
}

} // namespace clusterlab::app
