#pragma once

#include "bridge/bridge_batch.h"
#include "network_facts.h"
#include "state/cluster_mirror.h"

#include <QObject>

#include <map>

namespace clusterlab::app {

/// StateChange says what one bridge batch changed in the ClusterState. The batch itself is
/// there for the views that follow its watch events (the editor's two-way sync, the Events
/// list) or its flow samples (the canvas's packets); it is valid while the signal runs.
struct StateChange
{
    MirrorChanges objects; ///< the objects the mirror added, changed or removed
    bool facts = false; ///< the network facts changed (bound ports, Pod ports, problems)
    bool counts = false; ///< the exact flow counts are new
    const BridgeBatch *batch = nullptr; ///< the batch applied (never null in changed())
};

/// ClusterState is the window's one copy of the cluster as the views see it: the objects
/// (ClusterMirror), the data plane's NetworkFacts and the exact flow counts. The main window
/// applies each bridge batch here once, before any view sees it; views read the state and
/// follow changed(), and none asks another view (or a graphics item) about the cluster.
/// Thread: GUI thread.
class ClusterState : public QObject
{
    Q_OBJECT
public:
    explicit ClusterState(QObject *parent = nullptr);

    /// apply takes one bridge batch into the state and emits changed() once.
    void apply(const BridgeBatch &batch);

    const ClusterMirror &mirror() const { return m_mirror; }
    /// facts are the data plane's latest NetworkFacts (empty until the first batch has them).
    const NetworkFacts &facts() const { return m_facts; }
    /// counts are the exact per-Service-port connection counts as of the latest batch.
    const std::map<net::ServicePortKey, net::PortCounts> &counts() const { return m_counts; }

signals:
    /// changed follows every apply(); views connect to it (direct connections only: the
    /// batch in it lives as long as the call).
    void changed(const clusterlab::app::StateChange &change);

private:
    ClusterMirror m_mirror;
    NetworkFacts m_facts;
    std::map<net::ServicePortKey, net::PortCounts> m_counts;
};

} // namespace clusterlab::app
