// CanvasScene's reconciler: plan toCreate/toUpdate/toDelete from the mirror, then apply.
#include "canvas/canvas_metrics.h"
#include "canvas/canvas_scene.h"
#include "canvas/edge_item.h"
#include "canvas/group_item.h"
#include "canvas/node_item.h"
#include "canvas/pod_grid_item.h"
#include "canvas/pod_item.h"
#include "canvas/service_item.h"

namespace clusterlab::app {

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

} // namespace

void CanvasScene::reconcilePods(const QSet<QString> &changed)
{
    QStringList toCreate, toUpdate, toDelete;
    for (const QString &uid : changed) {
        if (!mirror().pod(uid)) {
            if (m_podGroup.contains(uid))
                toDelete << uid;
        } else {
            (m_podGroup.contains(uid) ? toUpdate : toCreate) << uid;
        }
    }
    for (const QString &uid : std::as_const(toDelete))
        removePod(uid);
    for (const QString &uid : toCreate + toUpdate)
        placePod(uid, *mirror().pod(uid));
}

void CanvasScene::removePod(const QString &uid)
{
    dropCard(uid);
    if (GroupItem *group = m_groups.value(m_podGroup.take(uid)))
        group->podSlots().release(uid);
    if (NodeItem *node = m_nodes.value(m_podNode.take(uid)))
        node->podSlots().release(uid);
    m_podOffsets.remove(uid);
    m_requestBase.remove(uid);
}

void CanvasScene::placePod(const QString &uid, const model::Pod &pod)
{
    const GroupRef ref = mirror().groupOf(pod);
    if (m_podGroup.value(uid) != ref.key) {
        if (GroupItem *old = m_groups.value(m_podGroup.value(uid)))
            old->podSlots().release(uid);
        GroupItem *group = m_groups.value(ref.key);
        if (!group) {
            group = new GroupItem(
                    { ref.key, ref.kind, ref.ns, ref.name, -1, 0, 0, ref.scalable() });
            addItem(group);
            m_groups.insert(ref.key, group);
        }
        group->podSlots().place(uid);
        m_podGroup.insert(uid, ref.key);
        m_podOffsets.remove(uid);
        m_layoutDirty = true;
    }
    const QString nodeName = qs(pod.spec.nodeName);
    if (m_podNode.value(uid) != nodeName) {
        if (NodeItem *old = m_nodes.value(m_podNode.take(uid)))
            old->podSlots().release(uid);
        if (NodeItem *node = m_nodes.value(nodeName)) {
            node->podSlots().place(uid);
            m_podNode.insert(uid, nodeName);
        }
        m_layoutDirty = true;
    }
    const QString ip = qs(pod.status.podIP);
    if (!m_requestBase.contains(uid) && !ip.isEmpty())
        m_requestBase.insert(uid, m_requestsByIP.value(ip));
    GroupItem *group = m_groups.value(ref.key);
    if (group->compact() && !m_busiest.value(ref.key).contains(uid)) {
        dropCard(uid);
        return;
    }
    ensureCard(uid)->setDisplay(podDisplayOf(pod));
}

PodItem *CanvasScene::ensureCard(const QString &uid)
{
    if (PodItem *card = m_pods.value(uid))
        return card;
    const model::Pod *pod = mirror().pod(uid);
    PodDisplay display;
    if (pod)
        display = podDisplayOf(*pod);
    else
        display.uid = uid;
    auto *card = new PodItem(display);
    if (GroupItem *group = m_groups.value(m_podGroup.value(uid))) {
        const int slot = group->podSlots().slotOf(uid);
        card->setPos(group->slotPos(std::max(slot, 0)));
    }
    addItem(card);
    m_pods.insert(uid, card);
    m_layoutDirty = true;
    return card;
}

void CanvasScene::dropCard(const QString &uid)
{
    PodItem *card = m_pods.take(uid);
    if (!card)
        return;
    const QList<EdgeItem *> edges = card->edges();
    for (EdgeItem *edge : edges) {
        m_edges.remove(edge->data(0).toString());
        delete edge;
    }
    if (m_selected == uid && card->isSelected())
        m_selected.clear();
    delete card;
}

void CanvasScene::reconcileNodes()
{
    const QStringList names = mirror().nodeNames();
    for (const QString &name : names)
        if (!m_nodes.contains(name)) {
            const model::Node *node = mirror().node(name);
            auto *item = new NodeItem(name, node ? qs(node->podCIDR) : QString());
            addItem(item);
            m_nodes.insert(name, item);
        }
    const QStringList existing = m_nodes.keys();
    for (const QString &name : existing)
        if (!names.contains(name)) {
            for (const QString &uid : m_nodes.value(name)->podSlots().members())
                m_podNode.remove(uid);
            delete m_nodes.take(name);
        }
    // Pods that arrived before their node did.
    for (const QString &uid : mirror().podUids())
        if (!m_podNode.contains(uid))
            if (const model::Pod *pod = mirror().pod(uid))
                placePod(uid, *pod);
}

void CanvasScene::reconcileServices(const QSet<QString> &changed)
{
    for (const QString &uid : changed) {
        const model::Service *service = mirror().service(uid);
        ServiceItem *gate = m_services.value(uid);
        if (!service) {
            if (!gate)
                continue;
            for (EdgeItem *edge : gate->edges()) {
                m_edges.remove(edge->data(0).toString());
                delete edge;
            }
            m_services.remove(uid);
            m_serviceTier.remove(uid);
            delete gate;
            continue;
        }
        const ServiceDisplay display = serviceDisplayOf(*service, m_state.facts());
        if (gate) {
            gate->setDisplay(display);
            continue;
        }
        gate = new ServiceItem(display, colourOfService(display.name));
        addItem(gate);
        m_services.insert(uid, gate);
    }
}

void CanvasScene::reconcileGroups()
{
    // Workloads keep their group (and its + button) even when scaled to zero.
    QSet<QString> workloads;
    for (const GroupRef &ref : mirror().workloads()) {
        workloads.insert(ref.key);
        if (!m_groups.contains(ref.key)) {
            auto *group = new GroupItem({ ref.key, ref.kind, ref.ns, ref.name, -1, 0, 0, true });
            addItem(group);
            m_groups.insert(ref.key, group);
        }
    }
    QStringList toDelete;
    for (auto [key, group] : m_groups.asKeyValueRange())
        if (!workloads.contains(key) && group->podSlots().count() == 0)
            toDelete << key;
    for (const QString &key : std::as_const(toDelete)) {
        setCompact(m_groups.value(key), false);
        delete m_groups.take(key);
        m_groupTier.remove(key);
        m_busiest.remove(key);
    }
    for (auto [key, group] : m_groups.asKeyValueRange()) {
        GroupDisplay d = group->display();
        const GroupRef ref{ key, d.kind, d.ns, d.name };
        d.pods = group->podSlots().count();
        d.ready = 0;
        for (const QString &uid : group->podSlots().members())
            if (const model::Pod *pod = mirror().pod(uid))
                d.ready += model::isPodReady(*pod) && !model::isPodTerminating(*pod);
        d.desired = mirror().desiredReplicas(ref);
        group->setDisplay(d);
        m_groupTier.insert(key, ref.scalable() ? mirror().tierOfWorkload(ref) : d.name);
        setCompact(group, group->podSlots().size() > metrics::kCompactAt);
        if (group->compact())
            refreshGrid(group);
    }
}

void CanvasScene::setCompact(GroupItem *group, bool compact)
{
    if (!group || group->compact() == compact)
        return;
    const QString key = group->display().key;
    group->setCompact(compact);
    if (compact) {
        auto *grid = new PodGridItem;
        addItem(grid);
        m_grids.insert(key, grid);
        m_busiest.remove(key);
        for (const QString &uid : group->podSlots().members())
            dropCard(uid);
        refreshBusiest();
    } else {
        if (PodGridItem *grid = m_grids.take(key)) {
            for (EdgeItem *edge : grid->edges()) {
                m_edges.remove(edge->data(0).toString());
                delete edge;
            }
            delete grid;
        }
        m_busiest.remove(key);
        for (const QString &uid : group->podSlots().members())
            if (const model::Pod *pod = mirror().pod(uid))
                ensureCard(uid)->setDisplay(podDisplayOf(*pod));
    }
    m_layoutDirty = true;
}

void CanvasScene::refreshGrid(GroupItem *group)
{
    PodGridItem *grid = m_grids.value(group->display().key);
    if (!grid)
        return;
    QVector<PodGridItem::Cell> cells(group->podSlots().size());
    for (int slot = 0; slot < cells.size(); ++slot) {
        const QString uid = group->podSlots().memberAt(slot);
        if (const model::Pod *pod = uid.isEmpty() ? nullptr : mirror().pod(uid))
            cells[slot] = { uid, qs(pod->metadata.name), podStateOf(*pod) };
    }
    grid->setCells(std::move(cells));
}

void CanvasScene::refreshBusiest()
{
    bool moved = false;
    for (auto [key, grid] : m_grids.asKeyValueRange()) {
        GroupItem *group = m_groups.value(key);
        QList<QPair<quint64, QString>> ranked;
        for (const QString &uid : group->podSlots().members())
            if (const model::Pod *pod = mirror().pod(uid)) {
                const quint64 total = m_requestsByIP.value(qs(pod->status.podIP));
                ranked.append({ total - std::min(total, m_requestBase.value(uid)), uid });
            }
        std::sort(ranked.begin(), ranked.end(), [](const auto &a, const auto &b) {
            return a.first != b.first ? a.first > b.first : a.second < b.second;
        });
        QStringList busiest;
        for (int i = 0; i < std::min<qsizetype>(metrics::kBusiestShown, ranked.size()); ++i)
            busiest << ranked[i].second;
        const QStringList before = m_busiest.value(key);
        if (busiest == before)
            continue;
        m_busiest.insert(key, busiest);
        for (const QString &uid : before)
            if (!busiest.contains(uid))
                dropCard(uid);
        for (const QString &uid : busiest)
            if (const model::Pod *pod = mirror().pod(uid))
                ensureCard(uid)->setDisplay(podDisplayOf(*pod));
        moved = true;
    }
    if (moved)
        relayout();
}

void CanvasScene::reconcileEdges()
{
    struct Wanted
    {
        EdgeEnd *from, *to;
        QColor colour;
        bool ready;
        QString label;
    };
    QHash<QString, Wanted> wanted;
    for (auto [uid, gate] : m_services.asKeyValueRange()) {
        const model::Service *service = mirror().service(uid);
        if (!service)
            continue;
        int ready = 0, notReady = 0;
        QHash<QString, QPair<int, int>> perGrid; // group key -> ready, not ready
        for (const EndpointRef &endpoint : mirror().endpointsOf(*service)) {
            (endpoint.ready ? ready : notReady)++;
            const QString groupKey = m_podGroup.value(endpoint.podUid);
            if (m_grids.contains(groupKey)) {
                auto &counts = perGrid[groupKey];
                (endpoint.ready ? counts.first : counts.second)++;
            } else if (PodItem *card = m_pods.value(endpoint.podUid)) {
                wanted.insert(uid + QLatin1Char('>') + endpoint.podUid,
                              { gate, card, gate->colour(), endpoint.ready, QString() });
            }
        }
        for (auto [groupKey, counts] : perGrid.asKeyValueRange())
            wanted.insert(
                    uid + QStringLiteral(">grid:") + groupKey,
                    { gate, m_grids.value(groupKey), gate->colour(), counts.first > 0,
                      QStringLiteral("%L1 ready").arg(counts.first)
                              + (counts.second ? QStringLiteral(", %L1 not").arg(counts.second)
                                               : QString()) });
        gate->setEndpoints(ready, notReady);
    }
    QStringList toDelete;
    for (auto [key, edge] : m_edges.asKeyValueRange())
        if (auto it = wanted.constFind(key); it == wanted.constEnd() || it->to != edge->to())
            toDelete << key;
    for (const QString &key : std::as_const(toDelete))
        delete m_edges.take(key);
    for (auto [key, want] : wanted.asKeyValueRange()) {
        EdgeItem *edge = m_edges.value(key);
        if (!edge) {
            edge = new EdgeItem(want.from, want.to, want.colour, want.ready);
            edge->setData(0, key);
            addItem(edge);
            m_edges.insert(key, edge);
        }
        edge->setReady(want.ready);
        edge->setColour(want.colour);
        edge->setLabel(want.label);
    }
}

} // namespace clusterlab::app
