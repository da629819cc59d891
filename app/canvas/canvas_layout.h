#pragma once

#include "canvas/tier_placement.h"

#include <QElapsedTimer>
#include <QHash>
#include <QPointF>
#include <QRectF>
#include <QSizeF>

class QGraphicsScene;

namespace clusterlab::app {

class ClusterState;
class GroupItem;
class LaneItem;
class ServiceItem;
class TierItem;
struct CanvasItems;

/// CanvasViewMode: lanes of tiers (callers left of callees) or one column per node.
enum class CanvasViewMode { Lanes, Nodes };

/// CanvasLayout places the canvas's items: in lanes of tiers, callers left of callees (the
/// calls come from the Pods' configuration and from the traffic seen; TierPlacement keeps
/// lanes steady), or by node. Pods keep their slots; tiers and cards people dragged keep their
/// offsets. It places; CanvasScene says when. Thread: GUI thread.
class CanvasLayout
{
public:
    /// CanvasLayout adds lanes and tier frames to scene and places the items of items.
    CanvasLayout(QGraphicsScene &scene, CanvasItems &items, const ClusterState &state);

    CanvasViewMode mode() const { return m_mode; }
    void setMode(CanvasViewMode mode) { m_mode = mode; }
    /// arrange places everything for the mode and returns the area of the visible lanes.
    QRectF arrange();
    /// newCluster says that the last arrange() showed something and nothing shown before it
    /// (a first load, or a load that replaced the cluster): lanes were laid out afresh.
    bool newCluster() const { return m_newCluster; }
    /// dirty says that something moved since the last arrange().
    bool dirty() const { return m_dirty; }
    void markDirty() { m_dirty = true; }
    /// noteTierCall records that Pods of one tier called a Service of another (seen in the
    /// traffic); a new call moves the lanes at the next arrange().
    void noteTierCall(const TierEdge &edge);
    /// setOutsideBottom says how far down the outside lane's content reaches (the entry chips):
    /// every lane reaches at least that far.
    void setOutsideBottom(qreal bottom) { m_outsideBottom = bottom; }
    /// placeGroup sizes a group and puts it, with its cards or its grid, at pos.
    void placeGroup(GroupItem *group, const QPointF &pos);

    /// podDragged keeps where a card was dropped, relative to its slot (lanes only).
    void podDragged(const QString &uid, const QPointF &pos);
    /// tierDragged keeps where a tier frame was dropped, relative to where arrange() put it.
    void tierDragged(const QString &tier);
    /// moveTierMembers moves a tier's gates, groups, grids and cards along with its frame.
    void moveTierMembers(const QString &tier, const QPointF &delta);
    /// tierOffsets are the places people dragged tiers to (relative to the automatic ones).
    const QHash<QString, QPointF> &tierOffsets() const { return m_tierOffsets; }
    void setTierOffsets(const QHash<QString, QPointF> &offsets) { m_tierOffsets = offsets; }
    /// forgetPod drops a card's dragged offset (its Pod left, or changed group).
    void forgetPod(const QString &uid) { m_podOffsets.remove(uid); }

    /// tierAt is the tier under a scene point: of a workload group, a tier frame or a lane
    /// (its first tier); "" outside any tier.
    QString tierAt(const QPointF &scenePos) const;
    /// laneTitles lists the visible lanes' titles left to right.
    QStringList laneTitles() const;

private:
    /// TierContent is what one tier frame holds, sorted by name.
    struct TierContent
    {
        QList<ServiceItem *> gates;
        QList<GroupItem *> groups;
    };

    void noticeNewCluster();
    QList<QStringList> tierLanes();
    QHash<QString, TierContent> tierContents() const;
    void showGroups();
    TierItem *tierItem(const QString &tier);
    QSizeF placeTier(const QString &tier, const TierContent &content, const QPointF &automatic);
    void layoutLanes();
    void setLaneRects(const QList<QStringList> &lanes, const QList<qreal> &lefts, qreal right,
                      qreal bottom);
    void layoutNodes();
    QSizeF groupSize(GroupItem *group) const;
    LaneItem *lane(int index, const QString &title, const QString &subtitle);

    QGraphicsScene &m_scene;
    CanvasItems &m_items;
    const ClusterState &m_state;
    CanvasViewMode m_mode = CanvasViewMode::Lanes;
    QHash<QString, QPointF> m_podOffsets; ///< where people dragged cards, from their slot
    QHash<QString, QPointF> m_tierOffsets;
    QSet<TierEdge> m_flowEdges; ///< tier calls seen in traffic
    TierPlacement m_placement;
    QElapsedTimer m_clock; ///< for TierPlacement's settling time
    QSet<QString> m_shown; ///< uids of the Services and workloads the last arrange() showed
    qreal m_outsideBottom = 0;
    bool m_newCluster = false;
    bool m_dirty = false;
};

} // namespace clusterlab::app
