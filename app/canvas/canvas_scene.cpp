#include "canvas/canvas_scene.h"

#include "canvas/animation_clock.h"
#include "canvas/canvas_metrics.h"
#include "canvas/edge_item.h"
#include "canvas/entry_item.h"
#include "canvas/group_item.h"
#include "canvas/highlight_item.h"
#include "canvas/item_types.h"
#include "canvas/outside_item.h"
#include "canvas/pod_item.h"
#include "canvas/service_item.h"
#include "canvas/traffic_layer.h"

namespace clusterlab::app {

CanvasScene::CanvasScene(const ClusterState &state, QObject *parent)
    : QGraphicsScene(parent),
      m_state(state),
      m_layout(*this, m_items, state),
      m_outside(new OutsideItem),
      m_entries(*this, m_items, state),
      m_traffic(m_items, state, m_layout, m_entries, m_outside),
      m_reconciler(*this, m_items, state, m_layout, m_traffic, m_style,
                   [this] {
                       relayout();
                   }),
      m_highlight(m_items, state, new HighlightItem),
      m_menus(*this, m_items, state),
      m_clock(new AnimationClock(
              [this](double seconds) {
                  return tick(seconds);
              },
              this)),
      m_trafficLayer(new TrafficLayer(m_traffic.model()))
{
    // Items move and change every frame; a BSP index would be rebuilt constantly.
    setItemIndexMethod(NoIndex);
    setBackgroundBrush(theme().background);
    addItem(m_trafficLayer);
    addItem(m_outside);
    m_highlight.outline()->setVisible(false);
    addItem(m_highlight.outline());
    connect(this, &QGraphicsScene::selectionChanged, this, &CanvasScene::onSelectionChanged);
    connect(&state, &ClusterState::changed, this, &CanvasScene::onStateChanged);
    relayout();
}

CanvasScene::~CanvasScene()
{
    // ~QGraphicsScene deletes the items; a selected one would emit selectionChanged into
    // this already destroyed CanvasScene (closing the window with a gate selected aborted).
    disconnect(this, &QGraphicsScene::selectionChanged, this, &CanvasScene::onSelectionChanged);
    // Edges refer to their ends: delete them first.
    qDeleteAll(m_items.edges);
    m_items.edges.clear();
}

void CanvasScene::onStateChanged(const StateChange &change)
{
    const BridgeBatch &batch = *change.batch;
    if (!batch.events.empty()) {
        m_reconciler.apply(change.objects);
        if ((!change.objects.services.isEmpty() || change.objects.nodes) && m_entries.reconcile())
            m_layout.markDirty();
    }
    if (change.facts) { // the ports a gate shows as bound
        const QList<QString> uids = m_items.services.keys();
        m_reconciler.reconcileServices(QSet<QString>(uids.begin(), uids.end()));
    }
    if (change.counts)
        m_traffic.applyCounts();
    if (!batch.flows.empty()) {
        m_traffic.applyFlows(batch.flows);
        m_outside->setPortForwards(m_traffic.portForwards());
    }
    if (m_layout.dirty())
        relayout();
    if (!batch.events.empty() && m_highlight.active()) // its item may have come or gone
        m_highlight.resolveAgain();
    m_clock->wake();
}

bool CanvasScene::tick(double seconds)
{
    bool busy = m_traffic.model().advance(seconds);
    const QStringList forwards = m_traffic.portForwards();
    m_outside->setPortForwards(forwards);
    busy = busy || !forwards.isEmpty(); // until the port-forward note fades
    for (ServiceItem *service : std::as_const(m_items.services))
        busy = service->advance(seconds) || busy;
    m_sinceBusiest += seconds;
    if (m_sinceBusiest > 1.0 && !m_items.grids.isEmpty()) {
        m_sinceBusiest = 0;
        m_reconciler.refreshBusiest();
    }
    m_entries.light(m_traffic.model());
    m_trafficLayer->refresh();
    if (m_highlight.active()) {
        m_highlight.follow();
        busy = m_highlight.advance(seconds) || busy;
    }
    return busy;
}

void CanvasScene::setTheme(const CanvasTheme &theme)
{
    if (m_style.choose(theme))
        applyTheme();
}

void CanvasScene::setPresentation(bool on)
{
    if (!m_style.present(on))
        return;
    m_traffic.model().setSlowdown(m_style.packetSlowdown());
    applyTheme();
    emit presentationChanged(on);
}

void CanvasScene::applyTheme()
{
    setBackgroundBrush(theme().background);
    m_trafficLayer->clearSprites();
    for (ServiceItem *service : std::as_const(m_items.services))
        service->setColour(colourOfService(service->display().name));
    m_entries.recolour();
    m_traffic.recolour();
    // Cached pixmaps are in the old colours.
    for (QGraphicsItem *item : items()) {
        const auto mode = item->cacheMode();
        item->setCacheMode(QGraphicsItem::NoCache);
        item->setCacheMode(mode);
    }
    m_reconciler.reconcileEdges();
    update();
}

void CanvasScene::setViewMode(ViewMode mode)
{
    if (mode == m_layout.mode())
        return;
    m_layout.setMode(mode);
    relayout();
    m_highlight.follow();
}

void CanvasScene::setUsersRate(double perSecond)
{
    m_outside->setUsersRate(perSecond);
}

QColor CanvasScene::colourOfService(const QString &name)
{
    return m_style.colourOf(name);
}

bool CanvasScene::highlight(const QString &ref)
{
    const bool shown = m_highlight.point(ref);
    m_clock->wake();
    return shown;
}

void CanvasScene::tierDragged(const QString &tier)
{
    m_layout.tierDragged(tier);
    m_traffic.relocate();
    emit layoutChanged();
}

void CanvasScene::setTierOffsets(const QHash<QString, QPointF> &offsets)
{
    m_layout.setTierOffsets(offsets);
    relayout();
}

void CanvasScene::relayout()
{
    m_outside->setPos(18, metrics::kLaneHeader + 16);
    // The entry chips stand under "this computer"; the lanes reach down past them.
    const QPointF entries = m_outside->mapToScene(m_outside->boundingRect().bottomLeft());
    m_layout.setOutsideBottom(m_entries.place(entries + QPointF(1, 14)) + 10);
    // The scene grows with its content (dragged tiers too); the traffic layer covers all of it.
    QRectF bounds = m_layout.arrange().united(contentRect());
    bounds.adjust(-40, -40, 40, 40);
    setSceneRect(bounds);
    m_trafficLayer->setArea(bounds);
    m_traffic.relocate();
    if (m_layout.newCluster())
        emit newCluster();
    emit layoutChanged();
}

QRectF CanvasScene::contentRect() const
{
    QRectF rect;
    for (QGraphicsItem *item : items()) {
        switch (item->type()) {
        case LaneItemType:
        case TierItemType:
        case GroupItemType:
        case PodItemType:
        case PodGridItemType:
        case ServiceItemType:
        case NodeItemType:
        case EntryItemType:
            if (item->isVisible())
                rect = rect.united(item->sceneBoundingRect());
            break;
        default:
            break;
        }
    }
    return rect;
}

void CanvasScene::scaleGroup(const QString &key, int replicas)
{
    GroupItem *group = m_items.groups.value(key);
    if (!group || !group->display().scalable || replicas < 0)
        return;
    const GroupDisplay &d = group->display();
    emit scaleRequested(d.kind, d.ns, d.name, replicas);
}

void CanvasScene::scaleGroupBy(const QString &key, int delta)
{
    GroupItem *group = m_items.groups.value(key);
    if (!group || !group->display().scalable || delta == 0)
        return;
    const GroupDisplay &d = group->display();
    emit scaleByRequested(d.kind, d.ns, d.name, delta);
}

void CanvasScene::selectPod(const QString &uid)
{
    clearSelection();
    if (PodItem *card = m_items.pods.value(uid)) {
        card->setSelected(true);
        return;
    }
    m_items.selected = uid;
    emit objectSelected(uid);
}

void CanvasScene::deleteSelectedPods()
{
    const ClusterMirror &mirror = m_state.mirror();
    QStringList uids;
    for (QGraphicsItem *item : selectedItems())
        if (auto *card = qgraphicsitem_cast<PodItem *>(item))
            uids << card->uid();
    if (uids.isEmpty() && mirror.pod(m_items.selected))
        uids << m_items.selected;
    for (const QString &uid : uids)
        if (const model::Pod *pod = mirror.pod(uid))
            emit deletePodRequested(QString::fromStdString(pod->metadata.namespace_),
                                    QString::fromStdString(pod->metadata.name));
}

void CanvasScene::showCurlAnswer(const QString &ns, const QString &name, const QString &answer)
{
    m_menus.showCurlAnswer(ns, name, answer);
}

void CanvasScene::onSelectionChanged()
{
    QString uid;
    const QList<QGraphicsItem *> selected = selectedItems();
    for (QGraphicsItem *item : selected) {
        if (auto *card = qgraphicsitem_cast<PodItem *>(item))
            uid = card->uid();
        else if (auto *gate = qgraphicsitem_cast<ServiceItem *>(item))
            uid = gate->uid();
        else if (auto *group = qgraphicsitem_cast<GroupItem *>(item))
            if (const auto object = m_state.mirror().objectByKey(group->display().key))
                uid = QString::fromStdString(model::meta(*object).uid);
        if (!uid.isEmpty())
            break;
    }
    if (uid == m_items.selected)
        return;
    m_items.selected = uid;
    emit objectSelected(uid);
}

} // namespace clusterlab::app
