#include "canvas/canvas_scene.h"

#include "canvas/animation_clock.h"
#include "canvas/edge_item.h"
#include "canvas/group_item.h"
#include "canvas/highlight_item.h"
#include "canvas/lane_item.h"
#include "canvas/outside_item.h"
#include "canvas/pod_grid_item.h"
#include "canvas/pod_item.h"
#include "canvas/service_item.h"
#include "canvas/tier_item.h"
#include "canvas/traffic_layer.h"

namespace clusterlab::app {

CanvasScene::CanvasScene(const ClusterState &state, QObject *parent)
    : QGraphicsScene(parent),
      m_theme(CanvasTheme::light()),
      m_baseTheme(m_theme),
      m_state(state),
      m_clock(new AnimationClock(
              [this](double seconds) {
                  return tick(seconds);
              },
              this)),
      m_trafficLayer(new TrafficLayer(m_traffic)),
      m_outside(new OutsideItem),
      m_highlight(new HighlightItem)
{
    // Items move and change every frame; a BSP index would be rebuilt constantly.
    setItemIndexMethod(NoIndex);
    setBackgroundBrush(m_theme.background);
    addItem(m_trafficLayer);
    addItem(m_outside);
    m_highlight->setVisible(false);
    addItem(m_highlight);
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
    qDeleteAll(m_edges);
    m_edges.clear();
}

void CanvasScene::onStateChanged(const StateChange &change)
{
    const BridgeBatch &batch = *change.batch;
    if (!batch.events.empty()) {
        const MirrorChanges &changes = change.objects;
        if (changes.nodes)
            reconcileNodes();
        reconcilePods(changes.pods);
        reconcileServices(changes.services);
        if (changes.structural())
            reconcileGroups();
        if (changes.structural() || changes.endpoints)
            reconcileEdges();
        m_layoutDirty = m_layoutDirty || changes.structural();
    }
    if (change.facts) { // the ports a gate shows as bound
        const QList<QString> uids = m_services.keys();
        reconcileServices(QSet<QString>(uids.begin(), uids.end()));
    }
    if (change.counts)
        applyCounts();
    if (!batch.flows.empty())
        applyFlows(batch.flows);
    if (m_layoutDirty)
        relayout();
    if (!batch.events.empty() && !m_highlightRef.isEmpty()) { // its item may have come or gone
        m_highlightTarget = resolveRef(m_highlightRef);
        followHighlight();
    }
    m_clock->wake();
}

bool CanvasScene::tick(double seconds)
{
    bool busy = m_traffic.advance(seconds);
    for (ServiceItem *service : std::as_const(m_services))
        busy = service->advance(seconds) || busy;
    m_sinceBusiest += seconds;
    if (m_sinceBusiest > 1.0 && !m_grids.isEmpty()) {
        m_sinceBusiest = 0;
        refreshBusiest();
    }
    m_trafficLayer->refresh();
    if (!m_highlightRef.isEmpty()) {
        followHighlight();
        if (m_highlight->isVisible())
            busy = m_highlight->advance(seconds) || busy;
    }
    return busy;
}

void CanvasScene::setTheme(const CanvasTheme &theme)
{
    m_baseTheme = theme;
    if (!m_presentation)
        applyTheme(theme);
}

void CanvasScene::applyTheme(const CanvasTheme &theme)
{
    m_theme = theme;
    setBackgroundBrush(theme.background);
    m_trafficLayer->clearSprites();
    for (ServiceItem *service : std::as_const(m_services))
        service->setColour(colourOfService(service->display().name));
    // Packets and streams take their Service's colour: the one of the gate at either end.
    m_traffic.recolour([this](const TrafficSegment &s) {
        const QString &gateKey = s.toKey.startsWith(QLatin1String("svc:")) ? s.toKey : s.fromKey;
        const ServiceItem *gate = m_services.value(gateKey.mid(4));
        return gate ? gate->colour() : s.colour;
    });
    // Cached pixmaps are in the old colours.
    for (QGraphicsItem *item : items()) {
        const auto mode = item->cacheMode();
        item->setCacheMode(QGraphicsItem::NoCache);
        item->setCacheMode(mode);
    }
    reconcileEdges();
    update();
}

void CanvasScene::setViewMode(ViewMode mode)
{
    if (mode == m_mode)
        return;
    m_mode = mode;
    relayout();
    followHighlight();
}

void CanvasScene::setUsersRate(double perSecond)
{
    m_outside->setUsersRate(perSecond);
}

QColor CanvasScene::colourOfService(const QString &name)
{
    auto it = m_colourIndex.find(name);
    if (it == m_colourIndex.end())
        it = m_colourIndex.insert(name, int(m_colourIndex.size()));
    return m_theme.serviceColour(*it);
}

EdgeItem *CanvasScene::edgeItem(const QString &serviceUid, const QString &podUid) const
{
    return m_edges.value(serviceUid + QLatin1Char('>') + podUid);
}

QStringList CanvasScene::laneTitles() const
{
    QStringList titles;
    for (LaneItem *lane : m_lanes)
        if (lane->isVisible())
            titles << lane->title();
    return titles;
}

void CanvasScene::podDragged(const QString &uid, const QPointF &pos)
{
    PodItem *card = m_pods.value(uid);
    GroupItem *group = m_groups.value(m_podGroup.value(uid));
    if (!card || !group || m_mode != ViewMode::Lanes)
        return;
    const int slot = group->podSlots().slotOf(uid);
    if (slot >= 0)
        m_podOffsets.insert(uid, pos - group->slotPos(slot));
}

void CanvasScene::tierDragged(const QString &tier, const QPointF &pos)
{
    Q_UNUSED(pos);
    // The members already moved along; remember where the tier went, from where layout put it.
    const QPointF before = m_tierOffsets.value(tier);
    if (TierItem *item = m_tiers.value(tier))
        m_tierOffsets.insert(tier, before + (item->pos() - item->data(0).toPointF()));
    if (TierItem *item = m_tiers.value(tier))
        item->setData(0, item->pos());
    m_traffic.relocate([this](const QString &a, const QString &b) {
        return resolveSegment(a, b);
    });
    emit layoutChanged();
}

void CanvasScene::moveTierMembers(const QString &tier, const QPointF &delta)
{
    for (auto [uid, service] : m_services.asKeyValueRange())
        if (m_serviceTier.value(uid) == tier)
            service->moveBy(delta.x(), delta.y());
    for (auto [key, group] : m_groups.asKeyValueRange()) {
        if (m_groupTier.value(key) != tier)
            continue;
        group->moveBy(delta.x(), delta.y());
        if (PodGridItem *grid = m_grids.value(key))
            grid->moveBy(delta.x(), delta.y());
        for (const QString &uid : group->podSlots().members())
            if (PodItem *card = m_pods.value(uid))
                card->moveBy(delta.x(), delta.y());
    }
}

void CanvasScene::setTierOffsets(const QHash<QString, QPointF> &offsets)
{
    m_tierOffsets = offsets;
    relayout();
}

void CanvasScene::scaleGroup(const QString &key, int replicas)
{
    GroupItem *group = m_groups.value(key);
    if (!group || !group->display().scalable || replicas < 0)
        return;
    const GroupDisplay &d = group->display();
    emit scaleRequested(d.kind, d.ns, d.name, replicas);
}

void CanvasScene::scaleGroupBy(const QString &key, int delta)
{
    GroupItem *group = m_groups.value(key);
    if (!group || !group->display().scalable || delta == 0)
        return;
    const GroupDisplay &d = group->display();
    emit scaleByRequested(d.kind, d.ns, d.name, delta);
}

void CanvasScene::selectPod(const QString &uid)
{
    clearSelection();
    if (PodItem *card = m_pods.value(uid)) {
        card->setSelected(true);
        return;
    }
    m_selected = uid;
    emit objectSelected(uid);
}

void CanvasScene::deleteSelectedPods()
{
    QStringList uids;
    for (QGraphicsItem *item : selectedItems())
        if (auto *card = qgraphicsitem_cast<PodItem *>(item))
            uids << card->uid();
    if (uids.isEmpty() && mirror().pod(m_selected))
        uids << m_selected;
    for (const QString &uid : uids)
        if (const model::Pod *pod = mirror().pod(uid))
            emit deletePodRequested(QString::fromStdString(pod->metadata.namespace_),
                                    QString::fromStdString(pod->metadata.name));
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
            if (const auto object = mirror().objectByKey(group->display().key))
                uid = QString::fromStdString(model::meta(*object).uid);
        if (!uid.isEmpty())
            break;
    }
    if (uid == m_selected)
        return;
    m_selected = uid;
    emit objectSelected(uid);
}

} // namespace clusterlab::app
