#pragma once

#include "canvas/canvas_entries.h"
#include "canvas/canvas_highlight.h"
#include "canvas/canvas_items.h"
#include "canvas/canvas_layout.h"
#include "canvas/canvas_menus.h"
#include "canvas/canvas_reconciler.h"
#include "canvas/canvas_style.h"
#include "canvas/canvas_traffic.h"
#include "state/cluster_state.h"

#include <QGraphicsScene>
#include <QHash>
#include <QPointF>

namespace clusterlab::app {

class AnimationClock;
class HighlightItem;
class OutsideItem;
class TrafficLayer;

/// CanvasScene shows the cluster: lanes of tiers (callers left of callees) or nodes, Pod
/// cards in workload groups, Services as gates with their selector edges, and the traffic.
/// It owns the items and says when each part does its job: after each ClusterState change
/// CanvasReconciler brings the items (kept in CanvasItems) in step with the mirror,
/// CanvasLayout places what moved, CanvasEntries keeps the entry chips of the outside lane,
/// CanvasTraffic feeds the packets and counts, and
/// CanvasHighlight follows its item; CanvasStyle picks the theme, CanvasMenus are the context
/// menus. Items hold uids and display copies, never pointers into core. What people do on it
/// goes out as signals; the main window connects them. Thread: GUI thread.
class CanvasScene : public QGraphicsScene
{
    Q_OBJECT
public:
    using ViewMode = CanvasViewMode;

    /// CanvasScene draws state and follows its changes until destroyed.
    explicit CanvasScene(const ClusterState &state, QObject *parent = nullptr);
    ~CanvasScene() override;

    const ClusterState &state() const { return m_state; }
    /// tick is one animation step; returns whether anything still moves.
    bool tick(double seconds);
    AnimationClock &clock() { return *m_clock; }

    /// theme is the one painted now: the high-contrast one while presenting.
    const CanvasTheme &theme() const { return m_style.painted(); }
    /// setTheme sets the light or dark theme (shown now, or once the presentation ends).
    void setTheme(const CanvasTheme &theme);
    /// setPresentation turns the projector style on or off: CanvasTheme::highContrast()
    /// (larger text, thicker outlines, larger packets) and packets 1.6× slower. Off gives
    /// back the theme last passed to setTheme(), exactly.
    void setPresentation(bool on);
    bool presentation() const { return m_style.presentation(); }
    ViewMode viewMode() const { return m_layout.mode(); }
    void setViewMode(ViewMode mode);
    void setUsersRate(double perSecond);
    const TrafficModel &traffic() const { return m_traffic.model(); }
    /// outside is "this computer", where requests from outside the cluster start.
    const OutsideItem *outside() const { return m_outside; }
    /// entryItems are the outside lane's entry chips: node ports, LoadBalancer addresses and
    /// externalIPs of the Services on the canvas, by EntryPoint id.
    const QHash<QString, EntryItem *> &entryItems() const { return m_items.entries; }
    QColor colourOfService(const QString &name);

    PodItem *podItem(const QString &uid) const { return m_items.pods.value(uid); }
    ServiceItem *serviceItem(const QString &uid) const { return m_items.services.value(uid); }
    GroupItem *groupItem(const QString &key) const { return m_items.groups.value(key); }
    PodGridItem *gridItem(const QString &key) const { return m_items.grids.value(key); }
    EdgeItem *edgeItem(const QString &serviceUid, const QString &podUid) const
    {
        return m_items.edge(serviceUid, podUid);
    }
    QList<LaneItem *> lanes() const { return m_items.lanes; }
    /// laneTitles lists the visible lanes' titles left to right.
    QStringList laneTitles() const { return m_layout.laneTitles(); }
    QString groupKeyOf(const QString &podUid) const { return m_items.podGroup.value(podUid); }
    /// selectedUid is the object shown in the inspector ("" for none).
    QString selectedUid() const { return m_items.selected; }
    /// itemFor finds the item a reference names: "svc/NAME", "deploy/NAME", "sts/NAME" or
    /// "pod/NAME" (namespace default; "svc/NAMESPACE/NAME" for another), a group key
    /// ("Deployment/default/backend") or a Pod or Service uid. A Pod in a collapsed group
    /// gives its group. nullptr when nothing on the canvas matches.
    QGraphicsItem *itemFor(const QString &ref) const { return m_highlight.itemFor(ref); }
    /// highlight outlines what ref names (see itemFor) until clearHighlight(), following it
    /// as it moves and once it appears; returns whether it is on the canvas now.
    bool highlight(const QString &ref);
    void clearHighlight() { m_highlight.clear(); }
    /// highlightedItem is the item outlined now (nullptr for none).
    QGraphicsItem *highlightedItem() const { return m_highlight.item(); }
    HighlightItem *highlightOutline() const { return m_highlight.outline(); }
    /// tierAt is the tier under a scene point: of a workload group, a tier frame or a lane
    /// (its first tier); "" outside any tier.
    QString tierAt(const QPointF &scenePos) const { return m_layout.tierAt(scenePos); }
    /// contentRect is what the canvas shows: the visible lanes, tiers, groups, gates, cards and
    /// nodes (packets, bubbles and the highlight left out); what a view fits.
    QRectF contentRect() const;

    // Called by the items.
    /// layout places the items; cards and tier frames report their drags to it.
    CanvasLayout &layout() { return m_layout; }
    /// menus are the context menus of cards, gates and groups.
    CanvasMenus &menus() { return m_menus; }
    /// tierDragged keeps where a tier frame was dropped and moves the traffic along.
    void tierDragged(const QString &tier);
    /// scaleGroup asks for a number of replicas (scaleRequested); scaleGroupBy for a change
    /// relative to what the engine holds (scaleByRequested), as + and − do.
    void scaleGroup(const QString &key, int replicas);
    void scaleGroupBy(const QString &key, int delta);
    void selectPod(const QString &uid);
    void deleteSelectedPods();
    /// showCurlAnswer puts the answer of a curl beside the Service's gate.
    void showCurlAnswer(const QString &ns, const QString &name, const QString &answer);
    /// tierOffsets are the places people dragged tiers to (relative to the automatic ones).
    QHash<QString, QPointF> tierOffsets() const { return m_layout.tierOffsets(); }
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
    /// newCluster comes before the layoutChanged() of a layout that shows none of what was
    /// shown before (a first load, or a load that replaced the cluster).
    void newCluster();
    void presentationChanged(bool on);

private:
    void onStateChanged(const StateChange &change);
    void applyTheme();
    void onSelectionChanged();

    const ClusterState &m_state;
    CanvasItems m_items;
    CanvasStyle m_style;
    CanvasLayout m_layout;
    OutsideItem *m_outside;
    CanvasEntries m_entries;
    CanvasTraffic m_traffic;
    CanvasReconciler m_reconciler;
    CanvasHighlight m_highlight;
    CanvasMenus m_menus;
    AnimationClock *m_clock;
    TrafficLayer *m_trafficLayer;
    double m_sinceBusiest = 0; ///< seconds since the busiest cards were last picked
};

} // namespace clusterlab::app
