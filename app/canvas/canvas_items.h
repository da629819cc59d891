#pragma once

#include <QHash>
#include <QList>
#include <QPointF>
#include <QString>
#include <QStringList>

namespace clusterlab::app {

class EdgeItem;
class EntryItem;
class GroupItem;
class LaneItem;
class NodeItem;
class PodGridItem;
class PodItem;
class ServiceItem;
class TierItem;

/// CanvasItems is the register of what is on the canvas: each item by its key, and what each
/// belongs to (a Pod's group and node, a group's or a Service's tier). CanvasReconciler fills
/// it; CanvasLayout, CanvasTraffic, CanvasHighlight and CanvasMenus read it. The scene owns
/// the items themselves. Thread: GUI thread.
struct CanvasItems
{
    QList<LaneItem *> lanes;
    QHash<QString, PodItem *> pods; ///< by Pod uid; Pods of collapsed groups have none
    QHash<QString, ServiceItem *> services; ///< by Service uid
    QHash<QString, GroupItem *> groups; ///< by group key
    QHash<QString, PodGridItem *> grids; ///< by group key, for collapsed groups
    QHash<QString, TierItem *> tiers; ///< by tier name
    QHash<QString, NodeItem *> nodes; ///< by node name
    QHash<QString, EntryItem *> entries; ///< outside-lane entry chips, by EntryPoint id
    QHash<QString, EdgeItem *> edges; ///< "svcUid>podUid" or "svcUid>grid:key"
    QHash<QString, QString> podGroup; ///< Pod uid -> group key
    QHash<QString, QString> podNode; ///< Pod uid -> node name
    QHash<QString, QString> groupTier; ///< group key -> tier
    QHash<QString, QString> serviceTier; ///< Service uid -> tier
    QHash<QString, QStringList> busiest; ///< group key -> Pod uids shown as cards
    QString selected; ///< the uid shown in the inspector ("" for none)

    /// edge is the selector edge from a Service's gate to a Pod's card (nullptr for none).
    EdgeItem *edge(const QString &serviceUid, const QString &podUid) const;
    /// deleteEdges forgets and deletes the given edges (the ones of an item going away); it
    /// takes a copy, since deleting an edge takes it off its ends' lists.
    void deleteEdges(QList<EdgeItem *> gone);
};

} // namespace clusterlab::app
