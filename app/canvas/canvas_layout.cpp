#include "canvas/canvas_layout.h"

#include "canvas/canvas_items.h"
#include "canvas/canvas_metrics.h"
#include "canvas/group_item.h"
#include "canvas/lane_item.h"
#include "canvas/node_item.h"
#include "canvas/pod_grid_item.h"
#include "canvas/pod_item.h"
#include "canvas/service_item.h"
#include "canvas/tier_facts.h"
#include "canvas/tier_item.h"
#include "state/cluster_state.h"

#include <QGraphicsScene>

namespace clusterlab::app {

using namespace metrics;

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

const QString kTierSeparator = QStringLiteral("  ·  ");

} // namespace

CanvasLayout::CanvasLayout(QGraphicsScene &scene, CanvasItems &items, const ClusterState &state)
    : m_scene(scene), m_items(items), m_state(state)
{
    m_clock.start();
}

QRectF CanvasLayout::arrange()
{
    m_dirty = false;
    noticeNewCluster();
    if (m_mode == CanvasViewMode::Lanes)
        layoutLanes();
    else
        layoutNodes();
    QRectF bounds;
    for (LaneItem *item : std::as_const(m_items.lanes))
        if (item->isVisible())
            bounds = bounds.united(item->boundingRect());
    return bounds;
}

void CanvasLayout::noteTierCall(const TierEdge &edge)
{
    if (edge.first.isEmpty() || edge.second.isEmpty() || m_flowEdges.contains(edge))
        return;
    m_flowEdges.insert(edge);
    m_dirty = true;
}

void CanvasLayout::noticeNewCluster()
{
    // By uid: a reload makes new objects even where the names stay.
    QSet<QString> shown;
    for (const QString &uid : m_items.services.keys())
        shown.insert(uid);
    for (const QString &key : m_items.groups.keys()) {
        const model::ObjectPtr object = m_state.mirror().objectByKey(key);
        shown.insert(object ? qs(model::meta(*object).uid) : key);
    }
    m_newCluster = !shown.isEmpty() && !shown.intersects(m_shown);
    if (m_newCluster) { // what was learnt of the old one is no guide
        m_placement.forget();
        m_flowEdges.clear();
    }
    m_shown = shown;
}

QList<QStringList> CanvasLayout::tierLanes()
{
    const ClusterMirror &mirror = m_state.mirror();
    QSet<QString> tiers;
    for (const QString &tier : std::as_const(m_items.groupTier))
        tiers.insert(tier);
    for (auto [uid, gate] : m_items.services.asKeyValueRange())
        if (const model::Service *service = mirror.service(uid)) {
            m_items.serviceTier.insert(uid, mirror.tierOfService(*service));
            tiers.insert(m_items.serviceTier.value(uid));
        }
    QStringList names(tiers.begin(), tiers.end());
    names.sort();
    return m_placement.place(names, tierCalls(m_items, mirror) | m_flowEdges,
                             tierRoles(names, m_items, mirror), m_clock.elapsed());
}

LaneItem *CanvasLayout::lane(int index, const QString &title, const QString &subtitle)
{
    while (m_items.lanes.size() <= index) {
        auto *item = new LaneItem(QString(), QString(), m_items.lanes.size() % 2 == 1);
        m_scene.addItem(item);
        m_items.lanes.append(item);
    }
    LaneItem *item = m_items.lanes[index];
    item->setTitle(title, subtitle);
    item->setVisible(true);
    return item;
}

QSizeF CanvasLayout::groupSize(GroupItem *group) const
{
    if (!group->compact())
        return GroupItem::sizeFor(group->podSlots().size());
    const QSizeF grid = PodGridItem::sizeFor(group->podSlots().size());
    const qreal cards = kBusiestShown * (kPodWidth + kGap) - kGap;
    return { std::max(grid.width(), cards) + 2 * kGroupPad,
             kGroupHeader + kPodHeight + kGap + grid.height() + kGroupPad };
}

void CanvasLayout::placeGroup(GroupItem *group, const QPointF &pos)
{
    const QString key = group->display().key;
    group->setSize(groupSize(group));
    group->setPos(pos);
    if (group->compact()) {
        const QStringList busiest = m_items.busiest.value(key);
        for (int i = 0; i < busiest.size(); ++i)
            if (PodItem *card = m_items.pods.value(busiest[i]))
                card->setPos(pos + QPointF(kGroupPad + i * (kPodWidth + kGap), kGroupHeader));
        if (PodGridItem *grid = m_items.grids.value(key))
            grid->setPos(pos + QPointF(kGroupPad, kGroupHeader + kPodHeight + kGap));
        return;
    }
    for (const QString &uid : group->podSlots().members())
        if (PodItem *card = m_items.pods.value(uid))
            card->setPos(group->slotPos(group->podSlots().slotOf(uid)) + m_podOffsets.value(uid));
}

QHash<QString, CanvasLayout::TierContent> CanvasLayout::tierContents() const
{
    QHash<QString, TierContent> content;
    for (auto [uid, gate] : m_items.services.asKeyValueRange())
        content[m_items.serviceTier.value(uid)].gates << gate;
    for (auto [key, group] : m_items.groups.asKeyValueRange())
        content[m_items.groupTier.value(key)].groups << group;
    for (TierContent &c : content) {
        std::sort(c.gates.begin(), c.gates.end(), [](ServiceItem *a, ServiceItem *b) {
            return a->display().name < b->display().name;
        });
        std::sort(c.groups.begin(), c.groups.end(), [](GroupItem *a, GroupItem *b) {
            return a->display().key < b->display().key;
        });
    }
    return content;
}

void CanvasLayout::showGroups()
{
    for (NodeItem *node : std::as_const(m_items.nodes))
        node->hide();
    for (auto [key, group] : m_items.groups.asKeyValueRange()) {
        group->show();
        if (PodGridItem *grid = m_items.grids.value(key))
            grid->show();
    }
}

TierItem *CanvasLayout::tierItem(const QString &tier)
{
    TierItem *item = m_items.tiers.value(tier);
    if (!item) {
        item = new TierItem(tier);
        m_scene.addItem(item);
        m_items.tiers.insert(tier, item);
    }
    return item;
}

QSizeF CanvasLayout::placeTier(const QString &tier, const TierContent &content,
                               const QPointF &automatic)
{
    qreal gatesHeight = 0, groupsHeight = 0, groupsWidth = 0;
    for (ServiceItem *gate : content.gates)
        gatesHeight += gate->height() + 14;
    for (GroupItem *group : content.groups) {
        const QSizeF size = groupSize(group);
        groupsHeight += size.height() + 14;
        groupsWidth = std::max(groupsWidth, size.width());
    }
    const qreal gatesWidth = content.gates.isEmpty() ? 0 : kGateWidth;
    const qreal between = content.gates.isEmpty() || content.groups.isEmpty() ? 0 : kGateToGroup;
    const QSizeF size(2 * kTierPad + gatesWidth + between + groupsWidth,
                      kTierHeader + std::max(gatesHeight, groupsHeight) + kTierPad - 14);
    TierItem *item = tierItem(tier);
    item->show();
    item->setSize(size);
    // data(0) keeps where layout put the frame: a drag is measured from there.
    item->setData(0, automatic + m_tierOffsets.value(tier));
    item->moveQuietly(automatic + m_tierOffsets.value(tier));
    QPointF at = item->pos() + QPointF(kTierPad, kTierHeader);
    for (ServiceItem *gate : content.gates) {
        gate->setPos(at);
        at.ry() += gate->height() + 14;
    }
    at = item->pos() + QPointF(kTierPad + gatesWidth + between, kTierHeader);
    for (GroupItem *group : content.groups) {
        placeGroup(group, at);
        at.ry() += group->size().height() + 14;
    }
    return size;
}

void CanvasLayout::layoutLanes()
{
    const QList<QStringList> lanes = tierLanes();
    const QHash<QString, TierContent> content = tierContents();
    showGroups();
    QSet<QString> shownTiers;
    qreal x = kOutsideWidth + kLaneGap, bottom = std::max(kLaneHeader + 200, m_outsideBottom);
    QList<qreal> lefts; // of each lane
    for (const QStringList &laneTiers : lanes) {
        qreal y = kLaneHeader + 14, width = 0;
        for (const QString &tier : laneTiers) {
            const QSizeF size = placeTier(tier, content.value(tier), QPointF(x + 16, y));
            shownTiers.insert(tier);
            width = std::max(width, size.width());
            y += size.height() + 22;
        }
        lefts.append(x);
        bottom = std::max(bottom, y);
        x += width + 32 + kLaneGap;
    }
    for (auto [name, tier] : m_items.tiers.asKeyValueRange())
        if (!shownTiers.contains(name))
            tier->hide();
    setLaneRects(lanes, lefts, x - kLaneGap, bottom);
}

void CanvasLayout::setLaneRects(const QList<QStringList> &lanes, const QList<qreal> &lefts,
                                qreal right, qreal bottom)
{
    lane(0, QStringLiteral("Outside the cluster"), QStringLiteral("this computer"))
            ->setRect(QRectF(0, 0, kOutsideWidth, bottom));
    for (int l = 0; l < lanes.size(); ++l) {
        const qreal left = lefts[l];
        const qreal end = l + 1 < lanes.size() ? lefts[l + 1] - kLaneGap : right;
        lane(l + 1, lanes[l].join(kTierSeparator),
             l == 0 ? QStringLiteral("entry: called from outside the cluster")
                    : QStringLiteral("called by the tiers on the left"))
                ->setRect(QRectF(left, 0, end - left, bottom));
    }
    for (int l = int(lanes.size()) + 1; l < m_items.lanes.size(); ++l)
        m_items.lanes[l]->hide();
}

void CanvasLayout::layoutNodes()
{
    for (TierItem *tier : std::as_const(m_items.tiers))
        tier->hide();
    for (GroupItem *group : std::as_const(m_items.groups))
        group->hide();
    for (PodGridItem *grid : std::as_const(m_items.grids))
        grid->hide();
    QList<ServiceItem *> gates = m_items.services.values();
    std::sort(gates.begin(), gates.end(), [](ServiceItem *a, ServiceItem *b) {
        return a->display().name < b->display().name;
    });
    qreal y = kLaneHeader + 14;
    const qreal servicesX = kOutsideWidth + kLaneGap;
    for (ServiceItem *gate : std::as_const(gates)) {
        gate->setPos(servicesX + 16, y);
        y += gate->height() + 14;
    }
    qreal bottom = std::max({ y, kLaneHeader + 200, m_outsideBottom });
    qreal x = servicesX + kGateWidth + 32 + kLaneGap;
    for (const QString &name : m_state.mirror().nodeNames()) {
        NodeItem *node = m_items.nodes.value(name);
        node->show();
        node->setSummary(QStringLiteral("%1 Pods").arg(node->podSlots().count()));
        node->setSize(GroupItem::sizeFor(node->podSlots().size()));
        node->setPos(x, kLaneHeader + 14);
        for (const QString &uid : node->podSlots().members())
            if (PodItem *card = m_items.pods.value(uid))
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
    for (int l = 3; l < m_items.lanes.size(); ++l)
        m_items.lanes[l]->hide();
}

void CanvasLayout::podDragged(const QString &uid, const QPointF &pos)
{
    PodItem *card = m_items.pods.value(uid);
    GroupItem *group = m_items.groups.value(m_items.podGroup.value(uid));
    if (!card || !group || m_mode != CanvasViewMode::Lanes)
        return;
    const int slot = group->podSlots().slotOf(uid);
    if (slot >= 0)
        m_podOffsets.insert(uid, pos - group->slotPos(slot));
}

void CanvasLayout::tierDragged(const QString &tier)
{
    // The members already moved along; remember where the tier went, from where layout put it.
    TierItem *item = m_items.tiers.value(tier);
    if (!item)
        return;
    const QPointF before = m_tierOffsets.value(tier);
    m_tierOffsets.insert(tier, before + (item->pos() - item->data(0).toPointF()));
    item->setData(0, item->pos());
}

void CanvasLayout::moveTierMembers(const QString &tier, const QPointF &delta)
{
    for (auto [uid, service] : m_items.services.asKeyValueRange())
        if (m_items.serviceTier.value(uid) == tier)
            service->moveBy(delta.x(), delta.y());
    for (auto [key, group] : m_items.groups.asKeyValueRange()) {
        if (m_items.groupTier.value(key) != tier)
            continue;
        group->moveBy(delta.x(), delta.y());
        if (PodGridItem *grid = m_items.grids.value(key))
            grid->moveBy(delta.x(), delta.y());
        for (const QString &uid : group->podSlots().members())
            if (PodItem *card = m_items.pods.value(uid))
                card->moveBy(delta.x(), delta.y());
    }
}

QString CanvasLayout::tierAt(const QPointF &scenePos) const
{
    for (QGraphicsItem *item : m_scene.items(scenePos)) {
        if (auto *group = qgraphicsitem_cast<GroupItem *>(item)) {
            const GroupDisplay &d = group->display();
            return m_state.mirror().tierOfWorkload(GroupRef{ d.key, d.kind, d.ns, d.name });
        }
        if (auto *tier = qgraphicsitem_cast<TierItem *>(item))
            return tier->name();
    }
    for (QGraphicsItem *item : m_scene.items(scenePos))
        if (auto *lane = qgraphicsitem_cast<LaneItem *>(item)) {
            const QString title = lane->title();
            if (m_mode != CanvasViewMode::Lanes || title == QLatin1String("Outside the cluster"))
                return {};
            return title.split(kTierSeparator).value(0).trimmed();
        }
    return {};
}

QStringList CanvasLayout::laneTitles() const
{
    QStringList titles;
    for (LaneItem *lane : m_items.lanes)
        if (lane->isVisible())
            titles << lane->title();
    return titles;
}

} // namespace clusterlab::app
