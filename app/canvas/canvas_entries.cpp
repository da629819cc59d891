#include "canvas/canvas_entries.h"

#include "canvas/canvas_items.h"
#include "canvas/entry_item.h"
#include "canvas/service_item.h"
#include "canvas/traffic_model.h"
#include "net/flow_events.h"
#include "state/cluster_state.h"

#include <QGraphicsScene>

namespace clusterlab::app {

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

const QString kPrefix = QStringLiteral("ent:");

} // namespace

CanvasEntries::CanvasEntries(QGraphicsScene &scene, CanvasItems &items, const ClusterState &state)
    : m_scene(scene), m_items(items), m_state(state)
{
}

bool CanvasEntries::reconcile()
{
    const ClusterMirror &mirror = m_state.mirror();
    const QStringList nodes = mirror.nodeNames();
    QHash<QString, EntryPoint> desired;
    for (const QString &uid : m_items.services.keys())
        if (const model::Service *service = mirror.service(uid))
            for (const EntryPoint &entry : entryPointsOf(*service))
                desired.insert(entry.id, entry);
    QStringList toCreate, toUpdate, toDelete;
    for (const QString &id : m_items.entries.keys())
        if (!desired.contains(id))
            toDelete << id;
    for (const QString &id : desired.keys())
        (m_items.entries.contains(id) ? toUpdate : toCreate) << id;
    bool moved = !toCreate.isEmpty() || !toDelete.isEmpty();
    for (const QString &id : std::as_const(toDelete))
        delete m_items.entries.take(id);
    for (const QString &id : std::as_const(toUpdate)) {
        EntryItem *chip = m_items.entries.value(id);
        const EntryPoint &entry = desired[id];
        const ServiceItem *gate = m_items.services.value(entry.serviceUid);
        moved = moved || chip->nodes().size() != nodes.size();
        chip->set(entry, nodes, gate ? gate->colour() : QColor(Qt::gray));
    }
    for (const QString &id : std::as_const(toCreate)) {
        const EntryPoint &entry = desired[id];
        const ServiceItem *gate = m_items.services.value(entry.serviceUid);
        auto *chip = new EntryItem(entry, nodes, gate ? gate->colour() : QColor(Qt::gray));
        m_scene.addItem(chip);
        m_items.entries.insert(id, chip);
    }
    return moved;
}

void CanvasEntries::recolour()
{
    for (EntryItem *chip : std::as_const(m_items.entries))
        if (const ServiceItem *gate = m_items.services.value(chip->entry().serviceUid))
            chip->set(chip->entry(), chip->nodes(), gate->colour());
}

qreal CanvasEntries::place(const QPointF &topLeft)
{
    QList<EntryItem *> chips = m_items.entries.values();
    // By Service, then node ports before addresses, as entryPointsOf lists them.
    const auto rank = [](const QString &via) {
        return via == QLatin1String("NodePort") ? 0 : via == QLatin1String("LoadBalancer") ? 1 : 2;
    };
    std::sort(chips.begin(), chips.end(), [&rank](EntryItem *a, EntryItem *b) {
        const EntryPoint &x = a->entry(), &y = b->entry();
        return std::tuple(x.name, x.ns, rank(x.via), x.address, x.port)
                < std::tuple(y.name, y.ns, rank(y.via), y.address, y.port);
    });
    qreal y = topLeft.y();
    for (EntryItem *chip : std::as_const(chips)) {
        chip->setPos(topLeft.x(), y);
        y += chip->height() + 12;
    }
    return y;
}

QString CanvasEntries::entryKey(const net::FlowEvent &event, const QString &serviceUid)
{
    if (event.via.empty() || event.node.empty())
        return {};
    QList<EntryPoint> entries;
    QList<EntryItem *> chips;
    for (EntryItem *chip : std::as_const(m_items.entries))
        if (chip->entry().serviceUid == serviceUid) {
            entries << chip->entry();
            chips << chip;
        }
    const int index = entryOf(entries, qs(event.via), qs(event.frontendIP), event.frontendPort);
    const QString node = qs(event.node);
    if (index < 0 || !chips[index]->pillAnchor(node))
        return {};
    chips[index]->noteNode(node);
    return kPrefix + entries[index].id + QLatin1Char('|') + node;
}

void CanvasEntries::light(const TrafficModel &model)
{
    if (m_items.entries.isEmpty())
        return;
    QHash<QString, QStringList> lit; // entry id -> nodes
    for (const TrafficSegment &s : model.segments())
        if ((s.packets > 0 || s.streaming) && s.toKey.startsWith(kPrefix)) {
            const qsizetype bar = s.toKey.lastIndexOf(QLatin1Char('|'));
            lit[s.toKey.mid(4, bar - 4)] << s.toKey.mid(bar + 1);
        }
    for (auto [id, chip] : m_items.entries.asKeyValueRange()) {
        QStringList nodes = lit.value(id);
        nodes.sort();
        chip->setLit(nodes);
    }
}

std::optional<QPointF> CanvasEntries::anchor(const QString &key) const
{
    const qsizetype bar = key.lastIndexOf(QLatin1Char('|'));
    if (!key.startsWith(kPrefix) || bar < 0)
        return std::nullopt;
    const EntryItem *chip = m_items.entries.value(key.mid(4, bar - 4));
    if (!chip || !chip->isVisible())
        return std::nullopt;
    return chip->pillAnchor(key.mid(bar + 1));
}

} // namespace clusterlab::app
