#pragma once

#include "state/cluster_mirror.h"

#include <QSet>
#include <QString>

#include <functional>

class QGraphicsScene;

namespace clusterlab::app {

class CanvasLayout;
class CanvasStyle;
class CanvasTraffic;
class ClusterState;
class GroupItem;
class PodItem;
struct CanvasItems;

/// CanvasReconciler keeps the items in step with the state's mirror, the way a controller
/// does: for what changed it plans the items to create, update and delete, then applies the
/// plan: Pod cards in workload groups (large groups collapse into a grid with their busiest
/// Pods as cards), nodes, Service gates and the selector edges between them. It marks the
/// layout dirty when something moved. Thread: GUI thread.
class CanvasReconciler
{
public:
    /// CanvasReconciler adds items to scene and keeps them in items. relayout is the scene's
    /// full relayout, run when the busiest cards of a collapsed group change.
    CanvasReconciler(QGraphicsScene &scene, CanvasItems &items, const ClusterState &state,
                     CanvasLayout &layout, CanvasTraffic &traffic, CanvasStyle &style,
                     std::function<void()> relayout);

    /// apply reconciles what one batch changed.
    void apply(const MirrorChanges &changes);
    /// reconcileServices brings the gates of these Service uids up to date.
    void reconcileServices(const QSet<QString> &changed);
    /// reconcileEdges brings the selector edges and the gates' endpoint counts up to date.
    void reconcileEdges();
    /// refreshBusiest shows the Pods that took the most requests as cards in each collapsed
    /// group; relayouts when that changed.
    void refreshBusiest();

private:
    void reconcilePods(const QSet<QString> &changed);
    void removePod(const QString &uid);
    void placePod(const QString &uid, const model::Pod &pod);
    void placeInGroup(const QString &uid, const GroupRef &ref);
    void placeOnNode(const QString &uid, const QString &nodeName);
    void reconcileNodes();
    void reconcileGroups();
    void dropIdleGroups(const QSet<QString> &workloads);
    void refreshGroup(const QString &key, GroupItem *group);
    void setCompact(GroupItem *group, bool compact);
    void refreshGrid(GroupItem *group);
    bool refreshBusiestOf(const QString &key, GroupItem *group);
    PodItem *ensureCard(const QString &uid);
    void dropCard(const QString &uid);

    QGraphicsScene &m_scene;
    CanvasItems &m_items;
    const ClusterState &m_state;
    CanvasLayout &m_layout;
    CanvasTraffic &m_traffic;
    CanvasStyle &m_style;
    std::function<void()> m_relayout;
};

} // namespace clusterlab::app
