// CanvasScene's layout: lanes of tiers (callers left of callees) or nodes. Pods keep their
// slots; dragged tiers and cards keep their offsets.
#include "canvas/canvas_metrics.h"
#include "canvas/canvas_scene.h"
#include "canvas/edge_item.h"
#include "canvas/group_item.h"
#include "canvas/lane_item.h"
#include "canvas/node_item.h"
#include "canvas/outside_item.h"
#include "canvas/pod_grid_item.h"
#include "canvas/pod_item.h"
#include "canvas/service_item.h"
#include "canvas/tier_item.h"
#include "canvas/traffic_layer.h"

namespace clusterlab::app {

using namespace metrics;

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

struct TierContent
{
    QList<ServiceItem *> gates;
    QList<GroupItem *> groups;
};

} // namespace

QList<QStringList> CanvasScene::tierLanes()
{
    QSet<QString> tiers;
    for (const QString &tier : std::as_const(m_groupTier))
        tiers.insert(tier);
    for (auto [uid, gate] : m_services.asKeyValueRange())
        if (const model::Service *service = mirror().service(uid)) {
            m_serviceTier.insert(uid, mirror().tierOfService(*service));
            tiers.insert(m_serviceTier.value(uid));
        }
    QSet<TierEdge> edges = m_flowEdges;
    for (const QString &podUid : mirror().podUids()) {
        const model::Pod *pod = mirror().pod(podUid);
        const QString from = m_groupTier.value(m_podGroup.value(podUid));
        for (const QString &called : mirror().callsOf(podUid)) {
            const QString to =
                    m_serviceTier.value(mirror().serviceUid(qs(pod->metadata.namespace_), called));
            if (!from.isEmpty() && !to.isEmpty())
                edges.insert({ from, to });
        }
    }
    QStringList names(tiers.begin(), tiers.end());
    names.sort();
    return orderTiers(names, edges);
}

LaneItem *CanvasScene::lane(int index, const QString &title, const QString &subtitle)
{
    while (m_lanes.size() <= index) {
        auto *item = new LaneItem(QString(), QString(), m_lanes.size() % 2 == 1);
        addItem(item);
        m_lanes.append(item);
    }
    LaneItem *item = m_lanes[index];
    item->setTitle(title, subtitle);
    item->setVisible(true);
    return item;
}

QSizeF CanvasScene::groupSize(GroupItem *group) const
{
    if (!group->compact())
        return GroupItem::sizeFor(group->podSlots().size());
    const QSizeF grid = PodGridItem::sizeFor(group->podSlots().size());
    const qreal cards = kBusiestShown * (kPodWidth + kGap) - kGap;
    return { std::max(grid.width(), cards) + 2 * kGroupPad,
             kGroupHeader + kPodHeight + kGap + grid.height() + kGroupPad };
}

void CanvasScene::placeGroup(GroupItem *group, const QPointF &pos)
{
    const QString key = group->display().key;
    group->setSize(groupSize(group));
    group->setPos(pos);
    if (group->compact()) {
        const QStringList busiest = m_busiest.value(key);
        for (int i = 0; i < busiest.size(); ++i)
            if (PodItem *card = m_pods.value(busiest[i]))
                card->setPos(pos + QPointF(kGroupPad + i * (kPodWidth + kGap), kGroupHeader));
        if (PodGridItem *grid = m_grids.value(key))
            grid->setPos(pos + QPointF(kGroupPad, kGroupHeader + kPodHeight + kGap));
        return;
    }
    for (const QString &uid : group->podSlots().members())
        if (PodItem *card = m_pods.value(uid))
            card->setPos(group->slotPos(group->podSlots().slotOf(uid)) + m_podOffsets.value(uid));
}

void CanvasScene::relayout()
{
    m_layoutDirty = false;
    m_outside->setPos(18, kLaneHeader + 16);
    if (m_mode == ViewMode::Lanes)
        layoutLanes();
    else
        layoutNodes();
    // The scene grows with its content; the traffic layer covers all of it.
    QRectF bounds;
    for (LaneItem *item : std::as_const(m_lanes))
        if (item->isVisible())
            bounds = bounds.united(item->boundingRect());
    bounds.adjust(-40, -40, 40, 40);
    setSceneRect(bounds);
    m_trafficLayer->setArea(bounds);
    m_traffic.relocate([this](const QString &a, const QString &b) {
        return resolveSegment(a, b);
    });
    emit layoutChanged();
}

void CanvasScene::layoutLanes()
{
    const QList<QStringList> lanes = tierLanes();
    QHash<QString, TierContent> content;
    for (auto [uid, gate] : m_services.asKeyValueRange())
        content[m_serviceTier.value(uid)].gates << gate;
    for (auto [key, group] : m_groups.asKeyValueRange())
        content[m_groupTier.value(key)].groups << group;
    for (TierContent &c : content) {
        std::sort(c.gates.begin(), c.gates.end(), [](ServiceItem *a, ServiceItem *b) {
            return a->display().name < b->display().name;
        });
        std::sort(c.groups.begin(), c.groups.end(), [](GroupItem *a, GroupItem *b) {
            return a->display().key < b->display().key;
        });
    }
    for (NodeItem *node : std::as_const(m_nodes))
        node->hide();
    for (auto [key, group] : m_groups.asKeyValueRange()) {
        group->show();
        if (PodGridItem *grid = m_grids.value(key))
            grid->show();
    }
    QSet<QString> shownTiers;
    qreal x = kOutsideWidth + kLaneGap, bottom = kLaneHeader + 200;
    QList<QPair<int, qreal>> laneExtents; // lane index, x
    for (int l = 0; l < lanes.size(); ++l) {
        qreal y = kLaneHeader + 14, width = 0;
        for (const QString &tier : lanes[l]) {
            const TierContent &c = content.value(tier);
            qreal gatesHeight = 0, groupsHeight = 0, groupsWidth = 0;
            for (ServiceItem *gate : c.gates)
                gatesHeight += gate->height() + 14;
            for (GroupItem *group : c.groups) {
                const QSizeF size = groupSize(group);
                groupsHeight += size.height() + 14;
                groupsWidth = std::max(groupsWidth, size.width());
            }
            const qreal gatesWidth = c.gates.isEmpty() ? 0 : kGateWidth;
            const qreal between = c.gates.isEmpty() || c.groups.isEmpty() ? 0 : kGateToGroup;
            const QSizeF size(2 * kTierPad + gatesWidth + between + groupsWidth,
                              kTierHeader + std::max(gatesHeight, groupsHeight) + kTierPad - 14);
            TierItem *item = m_tiers.value(tier);
            if (!item) {
                item = new TierItem(tier);
                addItem(item);
                m_tiers.insert(tier, item);
            }
            shownTiers.insert(tier);
            item->show();
            item->setSize(size);
            const QPointF automatic(x + 16, y);
            item->setData(0, automatic + m_tierOffsets.value(tier));
            item->moveQuietly(automatic + m_tierOffsets.value(tier));
            QPointF at = item->pos() + QPointF(kTierPad, kTierHeader);
            for (ServiceItem *gate : c.gates) {
                gate->setPos(at);
                at.ry() += gate->height() + 14;
            }
            at = item->pos() + QPointF(kTierPad + gatesWidth + between, kTierHeader);
            for (GroupItem *group : c.groups) {
                placeGroup(group, at);
                at.ry() += group->size().height() + 14;
            }
            width = std::max(width, size.width());
            y += size.height() + 22;
        }
        laneExtents.append({ l, x });
        bottom = std::max(bottom, y);
        x += width + 32 + kLaneGap;
    }
    for (auto [name, tier] : m_tiers.asKeyValueRange())
        if (!shownTiers.contains(name))
            tier->hide();
    lane(0, QStringLiteral("Outside the cluster"), QStringLiteral("this computer"))
            ->setRect(QRectF(0, 0, kOutsideWidth, bottom));
    for (int l = 0; l < lanes.size(); ++l) {
        const qreal left = laneExtents[l].second;
        const qreal right =
                l + 1 < lanes.size() ? laneExtents[l + 1].second - kLaneGap : x - kLaneGap;
        lane(l + 1, lanes[l].join(QStringLiteral("  ·  ")),
             l == 0 ? QStringLiteral("entry: called from outside the cluster")
                    : QStringLiteral("called by the tiers on the left"))
                ->setRect(QRectF(left, 0, right - left, bottom));
    }
    for (int l = int(lanes.size()) + 1; l < m_lanes.size(); ++l)
        m_lanes[l]->hide();
}

void CanvasScene::layoutNodes()
{
    for (TierItem *tier : std::as_const(m_tiers))
        tier->hide();
    for (GroupItem *group : std::as_const(m_groups))
        group->hide();
    for (PodGridItem *grid : std::as_const(m_grids))
        grid->hide();
    QList<ServiceItem *> gates = m_services.values();
    std::sort(gates.begin(), gates.end(), [](ServiceItem *a, ServiceItem *b) {
        return a->display().name < b->display().name;
    });
    qreal y = kLaneHeader + 14;
    const qreal servicesX = kOutsideWidth + kLaneGap;
    for (ServiceItem *gate : std::as_const(gates)) {
        gate->setPos(servicesX + 16, y);
        y += gate->height() + 14;
    }
    qreal bottom = std::max(y, kLaneHeader + 200);
    qreal x = servicesX + kGateWidth + 32 + kLaneGap;
    const QStringList names = mirror().nodeNames();
    for (const QString &name : names) {
        NodeItem *node = m_nodes.value(name);
        node->show();
        int shown = 0;
        for (const QString &uid : node->podSlots().members())
            shown += m_pods.contains(uid);
        node->setSummary(QStringLiteral("%1 Pods").arg(node->podSlots().count()));
        node->setSize(GroupItem::sizeFor(node->podSlots().size()));
        node->setPos(x, kLaneHeader + 14);
        for (const QString &uid : node->podSlots().members())
            if (PodItem *card = m_pods.value(uid))
                card->setPos(node->slotPos(node->podSlots().slotOf(uid)));
        bottom = std::max(bottom, node->pos().y() + node->boundingRect().height() + 20);
        x += node->boundingRect().width() + 30;
    }
    lane(0, QStringLiteral("Outside the cluster"), QStringLiteral("this computer"))
            ->setRect(QRectF(0, 0, kOutsideWidth, bottom));
    lane(1, QStringLiteral("Services"), QStringLiteral("ClusterIPs, on every node"))
            ->setRect(QRectF(servicesX, 0, kGateWidth + 32, bottom));
    lane(2, QStringLiteral("Nodes"), QStringLiteral("each Pod runs on one node"))
            ->setRect(QRectF(servicesX + kGateWidth + 32 + kLaneGap - 16, 0,
                             x - (servicesX + kGateWidth + 32 + kLaneGap) + 16, bottom));
    for (int l = 3; l < m_lanes.size(); ++l)
        m_lanes[l]->hide();
}

QString CanvasScene::tierAt(const QPointF &scenePos) const
{
    for (QGraphicsItem *item : items(scenePos)) {
        if (auto *group = qgraphicsitem_cast<GroupItem *>(item)) {
            const GroupDisplay &d = group->display();
            return mirror().tierOfWorkload(GroupRef{ d.key, d.kind, d.ns, d.name });
        }
        if (auto *tier = qgraphicsitem_cast<TierItem *>(item))
            return tier->name();
    }
    for (QGraphicsItem *item : items(scenePos))
        if (auto *lane = qgraphicsitem_cast<LaneItem *>(item)) {
            const QString title = lane->title();
            if (m_mode != ViewMode::Lanes || title == QLatin1String("Outside the cluster"))
                return {};
            return title.split(QStringLiteral("  ·  ")).value(0).trimmed();
        }
    return {};
}

} // namespace clusterlab::app
