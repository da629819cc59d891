#include "canvas/canvas_reconciler.h"

#include "canvas/canvas_items.h"
#include "canvas/canvas_layout.h"
#include "canvas/canvas_metrics.h"
#include "canvas/canvas_style.h"
#include "canvas/canvas_traffic.h"
#include "canvas/edge_item.h"
#include "canvas/group_item.h"
#include "canvas/node_item.h"
#include "canvas/pod_grid_item.h"
#include "canvas/pod_item.h"
#include "canvas/service_item.h"
#include "state/cluster_state.h"

#include <QGraphicsScene>

namespace clusterlab::app {

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

} // namespace

CanvasReconciler::CanvasReconciler(QGraphicsScene &scene, CanvasItems &items,
                                   const ClusterState &state, CanvasLayout &layout,
                                   CanvasTraffic &traffic, CanvasStyle &style,
                                   std::function<void()> relayout)
    : m_scene(scene),
      m_items(items),
      m_state(state),
      m_layout(layout),
      m_traffic(traffic),
      m_style(style),
      m_relayout(std::move(relayout))
{
}

void CanvasReconciler::apply(const MirrorChanges &changes)
{
    if (changes.nodes)
        reconcileNodes();
    reconcilePods(changes.pods);
    reconcileServices(changes.services);
    if (changes.structural())
        reconcileGroups();
    if (changes.structural() || changes.endpoints)
        reconcileEdges();
    if (changes.structural())
        m_layout.markDirty();
}

void CanvasReconciler::reconcilePods(const QSet<QString> &changed)
{
    const ClusterMirror &mirror = m_state.mirror();
    QStringList toCreate, toUpdate, toDelete;
    for (const QString &uid : changed) {
        if (!mirror.pod(uid)) {
            if (m_items.podGroup.contains(uid))
                toDelete << uid;
        } else {
            (m_items.podGroup.contains(uid) ? toUpdate : toCreate) << uid;
        }
    }
    for (const QString &uid : std::as_const(toDelete))
        removePod(uid);
    for (const QString &uid : toCreate + toUpdate)
        placePod(uid, *mirror.pod(uid));
}

void CanvasReconciler::removePod(const QString &uid)
{
    dropCard(uid);
    if (GroupItem *group = m_items.groups.value(m_items.podGroup.take(uid)))
        group->podSlots().release(uid);
    if (NodeItem *node = m_items.nodes.value(m_items.podNode.take(uid)))
        node->podSlots().release(uid);
    m_layout.forgetPod(uid);
    m_traffic.forgetPod(uid);
}

void CanvasReconciler::placePod(const QString &uid, const model::Pod &pod)
{
    const GroupRef ref = m_state.mirror().groupOf(pod);
    if (m_items.podGroup.value(uid) != ref.key)
        placeInGroup(uid, ref);
    const QString nodeName = qs(pod.spec.nodeName);
    if (m_items.podNode.value(uid) != nodeName)
        placeOnNode(uid, nodeName);
    m_traffic.noteCard(uid, qs(pod.status.podIP));
    GroupItem *group = m_items.groups.value(ref.key);
    if (group->compact() && !m_items.busiest.value(ref.key).contains(uid)) {
        dropCard(uid);
        return;
    }
    ensureCard(uid)->setDisplay(podDisplayOf(pod));
}

void CanvasReconciler::placeInGroup(const QString &uid, const GroupRef &ref)
{
    if (GroupItem *old = m_items.groups.value(m_items.podGroup.value(uid)))
        old->podSlots().release(uid);
    GroupItem *group = m_items.groups.value(ref.key);
    if (!group) {
        group = new GroupItem({ ref.key, ref.kind, ref.ns, ref.name, -1, 0, 0, ref.scalable() });
        m_scene.addItem(group);
        m_items.groups.insert(ref.key, group);
    }
    group->podSlots().place(uid);
    m_items.podGroup.insert(uid, ref.key);
    m_layout.forgetPod(uid);
    m_layout.markDirty();
}

void CanvasReconciler::placeOnNode(const QString &uid, const QString &nodeName)
{
    if (NodeItem *old = m_items.nodes.value(m_items.podNode.take(uid)))
        old->podSlots().release(uid);
    if (NodeItem *node = m_items.nodes.value(nodeName)) {
        node->podSlots().place(uid);
        m_items.podNode.insert(uid, nodeName);
    }
    m_layout.markDirty();
}

PodItem *CanvasReconciler::ensureCard(const QString &uid)
{
    if (PodItem *card = m_items.pods.value(uid))
        return card;
    const model::Pod *pod = m_state.mirror().pod(uid);
    PodDisplay display;
    if (pod)
        display = podDisplayOf(*pod);
    else
        display.uid = uid;
    auto *card = new PodItem(display);
    if (GroupItem *group = m_items.groups.value(m_items.podGroup.value(uid))) {
        const int slot = group->podSlots().slotOf(uid);
        card->setPos(group->slotPos(std::max(slot, 0)));
    }
    m_scene.addItem(card);
    m_items.pods.insert(uid, card);
    m_layout.markDirty();
    return card;
}

void CanvasReconciler::dropCard(const QString &uid)
{
    PodItem *card = m_items.pods.take(uid);
    if (!card)
        return;
    m_items.deleteEdges(card->edges());
    // Cleared first, so that deleting the selected card does not select nothing.
    if (m_items.selected == uid && card->isSelected())
        m_items.selected.clear();
    delete card;
}

void CanvasReconciler::reconcileNodes()
{
    const ClusterMirror &mirror = m_state.mirror();
    const QStringList names = mirror.nodeNames();
    for (const QString &name : names)
        if (!m_items.nodes.contains(name)) {
            const model::Node *node = mirror.node(name);
            auto *item = new NodeItem(name, node ? qs(node->podCIDR) : QString(),
                                      node ? qs(node->internalIP) : QString());
            m_scene.addItem(item);
            m_items.nodes.insert(name, item);
        }
    const QStringList existing = m_items.nodes.keys();
    for (const QString &name : existing)
        if (!names.contains(name)) {
            for (const QString &uid : m_items.nodes.value(name)->podSlots().members())
                m_items.podNode.remove(uid);
            delete m_items.nodes.take(name);
        }
    // Pods that arrived before their node did.
    for (const QString &uid : mirror.podUids())
        if (!m_items.podNode.contains(uid))
            if (const model::Pod *pod = mirror.pod(uid))
                placePod(uid, *pod);
}

void CanvasReconciler::reconcileServices(const QSet<QString> &changed)
{
    for (const QString &uid : changed) {
        const model::Service *service = m_state.mirror().service(uid);
        ServiceItem *gate = m_items.services.value(uid);
        if (!service) {
            if (!gate)
                continue;
            m_items.deleteEdges(gate->edges());
            m_items.services.remove(uid);
            m_items.serviceTier.remove(uid);
            delete gate;
            continue;
        }
        const ServiceDisplay display = serviceDisplayOf(*service, m_state.facts());
        if (gate) {
            gate->setDisplay(display);
            continue;
        }
        gate = new ServiceItem(display, m_style.colourOf(display.name));
        m_scene.addItem(gate);
        m_items.services.insert(uid, gate);
    }
}

void CanvasReconciler::reconcileGroups()
{
    // Workloads keep their group (and its + button) even when scaled to zero.
    QSet<QString> workloads;
    for (const GroupRef &ref : m_state.mirror().workloads()) {
        workloads.insert(ref.key);
        if (!m_items.groups.contains(ref.key)) {
            auto *group = new GroupItem({ ref.key, ref.kind, ref.ns, ref.name, -1, 0, 0, true });
            m_scene.addItem(group);
            m_items.groups.insert(ref.key, group);
        }
    }
    dropIdleGroups(workloads);
    for (auto [key, group] : m_items.groups.asKeyValueRange())
        refreshGroup(key, group);
}

void CanvasReconciler::dropIdleGroups(const QSet<QString> &workloads)
{
    QStringList toDelete;
    for (auto [key, group] : m_items.groups.asKeyValueRange())
        if (!workloads.contains(key) && group->podSlots().count() == 0)
            toDelete << key;
    for (const QString &key : std::as_const(toDelete)) {
        setCompact(m_items.groups.value(key), false);
        delete m_items.groups.take(key);
        m_items.groupTier.remove(key);
        m_items.busiest.remove(key);
    }
}

void CanvasReconciler::refreshGroup(const QString &key, GroupItem *group)
{
    const ClusterMirror &mirror = m_state.mirror();
    GroupDisplay d = group->display();
    const GroupRef ref{ key, d.kind, d.ns, d.name };
    d.pods = group->podSlots().count();
    d.ready = 0;
    for (const QString &uid : group->podSlots().members())
        if (const model::Pod *pod = mirror.pod(uid))
            d.ready += model::isPodReady(*pod) && !model::isPodTerminating(*pod);
    d.desired = mirror.desiredReplicas(ref);
    group->setDisplay(d);
    m_items.groupTier.insert(key, ref.scalable() ? mirror.tierOfWorkload(ref) : d.name);
    setCompact(group, group->podSlots().size() > metrics::kCompactAt);
    if (group->compact())
        refreshGrid(group);
}

void CanvasReconciler::setCompact(GroupItem *group, bool compact)
{
    if (!group || group->compact() == compact)
        return;
    const QString key = group->display().key;
    group->setCompact(compact);
    if (compact) {
        auto *grid = new PodGridItem;
        m_scene.addItem(grid);
        m_items.grids.insert(key, grid);
        m_items.busiest.remove(key);
        for (const QString &uid : group->podSlots().members())
            dropCard(uid);
        refreshBusiest();
    } else {
        if (PodGridItem *grid = m_items.grids.take(key)) {
            m_items.deleteEdges(grid->edges());
            delete grid;
        }
        m_items.busiest.remove(key);
        for (const QString &uid : group->podSlots().members())
            if (const model::Pod *pod = m_state.mirror().pod(uid))
                ensureCard(uid)->setDisplay(podDisplayOf(*pod));
    }
    m_layout.markDirty();
}

void CanvasReconciler::refreshGrid(GroupItem *group)
{
    PodGridItem *grid = m_items.grids.value(group->display().key);
    if (!grid)
        return;
    QVector<PodGridItem::Cell> cells(group->podSlots().size());
    for (int slot = 0; slot < cells.size(); ++slot) {
        const QString uid = group->podSlots().memberAt(slot);
        if (const model::Pod *pod = uid.isEmpty() ? nullptr : m_state.mirror().pod(uid))
            cells[slot] = { uid, qs(pod->metadata.name), podStateOf(*pod) };
    }
    grid->setCells(std::move(cells));
}

void CanvasReconciler::refreshBusiest()
{
    bool moved = false;
    for (const QString &key : m_items.grids.keys())
        moved = refreshBusiestOf(key, m_items.groups.value(key)) || moved;
    if (moved)
        m_relayout();
}

bool CanvasReconciler::refreshBusiestOf(const QString &key, GroupItem *group)
{
    const ClusterMirror &mirror = m_state.mirror();
    QList<QPair<quint64, QString>> ranked;
    for (const QString &uid : group->podSlots().members())
        if (const model::Pod *pod = mirror.pod(uid))
            ranked.append({ m_traffic.requestsOf(uid, qs(pod->status.podIP)), uid });
    std::sort(ranked.begin(), ranked.end(), [](const auto &a, const auto &b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    QStringList busiest;
    for (int i = 0; i < std::min<qsizetype>(metrics::kBusiestShown, ranked.size()); ++i)
        busiest << ranked[i].second;
    const QStringList before = m_items.busiest.value(key);
    if (busiest == before)
        return false;
    m_items.busiest.insert(key, busiest);
    for (const QString &uid : before)
        if (!busiest.contains(uid))
            dropCard(uid);
    for (const QString &uid : busiest)
        if (const model::Pod *pod = mirror.pod(uid))
            ensureCard(uid)->setDisplay(podDisplayOf(*pod));
    return true;
}

void CanvasReconciler::reconcileEdges()
{
    struct Wanted
    {
        EdgeEnd *from, *to;
        QColor colour;
        bool ready;
        QString label;
    };
    QHash<QString, Wanted> wanted;
    for (auto [uid, gate] : m_items.services.asKeyValueRange()) {
        const model::Service *service = m_state.mirror().service(uid);
        if (!service)
            continue;
        int ready = 0, notReady = 0;
        QHash<QString, QPair<int, int>> perGrid; // group key -> ready, not ready
        for (const EndpointRef &endpoint : m_state.mirror().endpointsOf(*service)) {
            (endpoint.ready ? ready : notReady)++;
            const QString groupKey = m_items.podGroup.value(endpoint.podUid);
            if (m_items.grids.contains(groupKey)) {
                auto &counts = perGrid[groupKey];
                (endpoint.ready ? counts.first : counts.second)++;
            } else if (PodItem *card = m_items.pods.value(endpoint.podUid)) {
                wanted.insert(uid + QLatin1Char('>') + endpoint.podUid,
                              { gate, card, gate->colour(), endpoint.ready, QString() });
            }
        }
        for (auto [groupKey, counts] : perGrid.asKeyValueRange())
            wanted.insert(
                    uid + QStringLiteral(">grid:") + groupKey,
                    { gate, m_items.grids.value(groupKey), gate->colour(), counts.first > 0,
                      QStringLiteral("%L1 ready").arg(counts.first)
                              + (counts.second ? QStringLiteral(", %L1 not").arg(counts.second)
                                               : QString()) });
        gate->setEndpoints(ready, notReady);
    }
    QStringList toDelete;
    for (auto [key, edge] : m_items.edges.asKeyValueRange())
        if (auto it = wanted.constFind(key); it == wanted.constEnd() || it->to != edge->to())
            toDelete << key;
    for (const QString &key : std::as_const(toDelete))
        delete m_items.edges.take(key);
    for (auto [key, want] : wanted.asKeyValueRange()) {
        EdgeItem *edge = m_items.edges.value(key);
        if (!edge) {
            edge = new EdgeItem(want.from, want.to, want.colour, want.ready);
            edge->setData(0, key);
            m_scene.addItem(edge);
            m_items.edges.insert(key, edge);
        }
        edge->setReady(want.ready);
        edge->setColour(want.colour);
        edge->setLabel(want.label);
    }
}

} // namespace clusterlab::app
