#pragma once

#include "canvas/canvas_theme.h"
#include "canvas/tier_order.h"
#include "canvas/traffic_model.h"
#include "state/cluster_state.h"

#include <QGraphicsScene>
#include <QHash>
#include <QPointF>

class QGraphicsSceneContextMenuEvent;

namespace clusterlab::app {

class AnimationClock;
class EdgeItem;
class GroupItem;
class HighlightItem;
class LaneItem;
class NodeItem;
class OutsideItem;
class PodGridItem;
class PodItem;
class ServiceItem;
class TierItem;
class TrafficLayer;

/// CanvasScene shows the cluster: lanes of tiers (callers left of callees) or nodes, Pod
/// cards in workload groups, Services as gates with their selector edges, and the traffic.
/// It follows the ClusterState the way a reconciler does: after each change it plans the
/// items to create, update and delete from the state's mirror, applies the plan, lays out
/// what moved and feeds the traffic. Items hold uids and display copies, never pointers into
/// core. What people do on it goes out as signals; the main window connects them.
/// Thread: GUI thread.
class CanvasScene : public QGraphicsScene
{
    Q_OBJECT
public:
    enum class ViewMode { Lanes, Nodes };

    /// CanvasScene draws state and follows its changes until destroyed.
    explicit CanvasScene(const ClusterState &state, QObject *parent = nullptr);
    ~CanvasScene() override;

    const ClusterState &state() const { return m_state; }
    /// tick is one animation step; returns whether anything still moves.
    bool tick(double seconds);
    AnimationClock &clock() { return *m_clock; }

    /// theme is the one painted now: the high-contrast one while presenting.
    const CanvasTheme &theme() const { return m_theme; }
    /// setTheme sets the light or dark theme (shown now, or once the presentation ends).
    void setTheme(const CanvasTheme &theme);
    /// setPresentation turns the projector style on or off: CanvasTheme::highContrast()
    /// (larger text, thicker outlines, larger packets) and packets 1.6× slower. Off gives
    /// back the theme last passed to setTheme(), exactly.
    void setPresentation(bool on);
    bool presentation() const { return m_presentation; }
    ViewMode viewMode() const { return m_mode; }
    void setViewMode(ViewMode mode);
    void setUsersRate(double perSecond);
    const TrafficModel &traffic() const { return m_traffic; }
    QColor colourOfService(const QString &name);

    PodItem *podItem(const QString &uid) const { return m_pods.value(uid); }
    ServiceItem *serviceItem(const QString &uid) const { return m_services.value(uid); }
    GroupItem *groupItem(const QString &key) const { return m_groups.value(key); }
    PodGridItem *gridItem(const QString &key) const { return m_grids.value(key); }
    EdgeItem *edgeItem(const QString &serviceUid, const QString &podUid) const;
    QList<LaneItem *> lanes() const { return m_lanes; }
    /// laneTitles lists the visible lanes' titles left to right.
    QStringList laneTitles() const;
    QString groupKeyOf(const QString &podUid) const { return m_podGroup.value(podUid); }
    /// selectedUid is the object shown in the inspector ("" for none).
    QString selectedUid() const { return m_selected; }
    /// itemFor finds the item a reference names: "svc/NAME", "deploy/NAME", "sts/NAME" or
    /// "pod/NAME" (namespace default; "svc/NAMESPACE/NAME" for another), a group key
    /// ("Deployment/default/backend") or a Pod or Service uid. A Pod in a collapsed group
    /// gives its group. nullptr when nothing on the canvas matches.
    QGraphicsItem *itemFor(const QString &ref) const;
    /// highlight outlines what ref names (see itemFor) until clearHighlight(), following it
    /// as it moves and once it appears; returns whether it is on the canvas now.
    bool highlight(const QString &ref);
    void clearHighlight();
    /// highlightedItem is the item outlined now (nullptr for none).
    QGraphicsItem *highlightedItem() const;
    HighlightItem *highlightOutline() const { return m_highlight; }
    /// tierAt is the tier under a scene point: of a workload group, a tier frame or a lane
    /// (its first tier); "" outside any tier.
    QString tierAt(const QPointF &scenePos) const;

    // Called by the items.
    void podDragged(const QString &uid, const QPointF &pos);
    void tierDragged(const QString &tier, const QPointF &pos);
    void moveTierMembers(const QString &tier, const QPointF &delta);
    /// scaleGroup asks for a number of replicas (scaleRequested); scaleGroupBy for a change
    /// relative to what the engine holds (scaleByRequested), as + and − do.
    void scaleGroup(const QString &key, int replicas);
    void scaleGroupBy(const QString &key, int delta);
    void selectPod(const QString &uid);
    void deleteSelectedPods();
    void showPodMenu(const QString &uid, QGraphicsSceneContextMenuEvent *event);
    void showServiceMenu(const QString &uid, QGraphicsSceneContextMenuEvent *event);
    void showGroupMenu(const QString &key, QGraphicsSceneContextMenuEvent *event);
    /// showCurlAnswer puts the answer of a curl beside the Service's gate.
    void showCurlAnswer(const QString &ns, const QString &name, const QString &answer);
    /// tierOffsets are the places people dragged tiers to (relative to the automatic ones).
    QHash<QString, QPointF> tierOffsets() const { return m_tierOffsets; }
    void setTierOffsets(const QHash<QString, QPointF> &offsets);
    void relayout();

signals:
    void scaleRequested(const QString &kind, const QString &ns, const QString &name, int replicas);
    void scaleByRequested(const QString &kind, const QString &ns, const QString &name, int delta);
    void deletePodRequested(const QString &ns, const QString &name);
    void editLabelsRequested(const QString &podUid, const QRectF &sceneRect);
    void editReplicasRequested(const QString &groupKey, const QRectF &sceneRect);
    void curlRequested(const QString &ns, const QString &name);
    void affinityRequested(const QString &ns, const QString &name, bool clientIP);
    void objectSelected(const QString &uid);
    void layoutChanged();
    void presentationChanged(bool on);

private:
    /// ItemRef says where an item is kept: its type id and its key in that type's hash.
    struct ItemRef
    {
        int type = 0;
        QString key;
    };

    void onStateChanged(const StateChange &change);
    const ClusterMirror &mirror() const { return m_state.mirror(); }
    void applyTheme(const CanvasTheme &theme);
    // canvas_presentation.cpp
    ItemRef resolveRef(const QString &ref) const;
    QGraphicsItem *itemOf(const ItemRef &ref) const;
    void followHighlight();
    // canvas_reconcile.cpp
    void reconcilePods(const QSet<QString> &changed);
    void removePod(const QString &uid);
    void placePod(const QString &uid, const model::Pod &pod);
    void reconcileNodes();
    void reconcileServices(const QSet<QString> &changed);
    void reconcileGroups();
    void reconcileEdges();
    void setCompact(GroupItem *group, bool compact);
    void refreshGrid(GroupItem *group);
    void refreshBusiest();
    PodItem *ensureCard(const QString &uid);
    void dropCard(const QString &uid);
    void dropEdgesOf(const QString &endKey);
    // canvas_layout.cpp
    QList<QStringList> tierLanes();
    void layoutLanes();
    void layoutNodes();
    void placeGroup(GroupItem *group, const QPointF &pos);
    QSizeF groupSize(GroupItem *group) const;
    LaneItem *lane(int index, const QString &title, const QString &subtitle);
    // canvas_traffic.cpp
    void applyFlows(const std::vector<net::FlowSample> &flows);
    void applyCounts();
    std::optional<std::array<QPointF, 4>> resolveSegment(const QString &from,
                                                         const QString &to) const;
    std::optional<QPointF> anchor(const QString &key, bool incoming) const;
    /// podEnd names where a Pod's traffic is drawn: its card, or its collapsed group.
    QString podEnd(const QString &podUid) const;
    void onSelectionChanged();

    CanvasTheme m_theme;
    CanvasTheme m_baseTheme; ///< the light or dark theme, while presenting too
    bool m_presentation = false;
    ViewMode m_mode = ViewMode::Lanes;
    const ClusterState &m_state;
    AnimationClock *m_clock;
    TrafficModel m_traffic;
    TrafficLayer *m_trafficLayer;
    OutsideItem *m_outside;
    HighlightItem *m_highlight;
    QString m_highlightRef; ///< what highlight() was given, resolved again after each batch
    ItemRef m_highlightTarget;
    QList<LaneItem *> m_lanes;
    QHash<QString, PodItem *> m_pods; ///< by Pod uid; Pods of collapsed groups have none
    QHash<QString, ServiceItem *> m_services; ///< by Service uid
    QHash<QString, GroupItem *> m_groups; ///< by group key
    QHash<QString, PodGridItem *> m_grids; ///< by group key, for collapsed groups
    QHash<QString, TierItem *> m_tiers; ///< by tier name
    QHash<QString, NodeItem *> m_nodes; ///< by node name
    QHash<QString, EdgeItem *> m_edges; ///< "svcUid>podUid" or "svcUid>grid:key"
    QHash<QString, QString> m_podGroup; ///< Pod uid -> group key
    QHash<QString, QString> m_podNode; ///< Pod uid -> node name
    QHash<QString, QString> m_groupTier; ///< group key -> tier
    QHash<QString, QString> m_serviceTier; ///< Service uid -> tier
    QHash<QString, QPointF> m_podOffsets; ///< where people dragged cards, from their slot
    QHash<QString, QPointF> m_tierOffsets;
    QHash<QString, quint64> m_requestBase; ///< a Pod's IP count when its card appeared
    QHash<QString, quint64> m_requestsByIP;
    QHash<QString, QStringList> m_busiest; ///< group key -> Pod uids shown as cards
    QHash<QString, int> m_colourIndex; ///< Service name -> palette index
    QSet<TierEdge> m_flowEdges; ///< tier calls seen in traffic
    QString m_selected;
    double m_sinceBusiest = 0;
    bool m_layoutDirty = false;
};

} // namespace clusterlab::app
