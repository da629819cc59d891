#include "canvas/canvas_traffic.h"

#include "canvas/canvas_entries.h"
#include "canvas/canvas_items.h"
#include "canvas/canvas_layout.h"
#include "canvas/group_item.h"
#include "canvas/node_item.h"
#include "canvas/outside_item.h"
#include "canvas/pod_grid_item.h"
#include "canvas/pod_item.h"
#include "canvas/service_item.h"
#include "state/cluster_state.h"

namespace clusterlab::app {

namespace {

const QString kOutside = QStringLiteral("outside");
const QString kEntry = QStringLiteral("ent:");
const QString kNode = QStringLiteral("node:");

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

} // namespace

CanvasTraffic::CanvasTraffic(const CanvasItems &items, const ClusterState &state,
                             CanvasLayout &layout, CanvasEntries &entries,
                             const OutsideItem *outside)
    : m_items(items), m_state(state), m_layout(layout), m_entries(entries), m_outside(outside)
{
}

std::optional<QPointF> CanvasTraffic::anchor(const QString &key, bool incoming) const
{
    if (key == kOutside)
        return m_outside->usersAnchor();
    if (key.startsWith(QLatin1String("svc:"))) {
        if (ServiceItem *gate = m_items.services.value(key.mid(4)))
            return gate->edgeAnchor(incoming);
        return std::nullopt;
    }
    if (key.startsWith(QLatin1String("grp:"))) { // a collapsed group, as one end
        const QString groupKey = key.mid(4);
        GroupItem *group = m_items.groups.value(groupKey);
        PodGridItem *grid = m_items.grids.value(groupKey);
        if (!group || !grid || !group->isVisible())
            return std::nullopt;
        return incoming
                ? grid->edgeAnchor(true)
                : group->mapToScene(QPointF(group->size().width(), group->size().height() / 2));
    }
    return podAnchor(key.mid(4), incoming); // "pod:"
}

std::optional<QPointF> CanvasTraffic::podAnchor(const QString &uid, bool incoming) const
{
    if (PodItem *card = m_items.pods.value(uid); card && card->isVisible())
        return card->edgeAnchor(incoming);
    const QString groupKey = m_items.podGroup.value(uid);
    if (m_layout.mode() == CanvasViewMode::Lanes) {
        if (PodGridItem *grid = m_items.grids.value(groupKey))
            if (GroupItem *group = m_items.groups.value(groupKey))
                return grid->cellCentre(group->podSlots().slotOf(uid));
        if (GroupItem *group = m_items.groups.value(groupKey))
            return group->mapToScene(QPointF(incoming ? 0 : group->size().width(), 20));
    } else if (NodeItem *node = m_items.nodes.value(m_items.podNode.value(uid))) {
        return node->mapToScene(QPointF(incoming ? 0 : node->boundingRect().width(), 20));
    }
    return std::nullopt;
}

QString CanvasTraffic::podEnd(const QString &podUid) const
{
    // Traffic to and from a collapsed group is drawn to the group: one stream, not thousands.
    const QString groupKey = m_items.podGroup.value(podUid);
    if (m_layout.mode() == CanvasViewMode::Lanes && m_items.grids.contains(groupKey))
        return QStringLiteral("grp:") + groupKey;
    return QStringLiteral("pod:") + podUid;
}

std::optional<CanvasTraffic::End> CanvasTraffic::end(const QString &key, const QString &other,
                                                     bool incoming) const
{
    const QPointF right(1, 0), left(-1, 0);
    if (key.startsWith(kEntry)) { // a pill: in from the left, out to the right
        const auto at = m_entries.anchor(key);
        return at ? std::optional<End>({ *at, incoming ? left : right }) : std::nullopt;
    }
    if (key.startsWith(kNode)) { // a node's entry, on its left edge: in and out that way
        const NodeItem *node = m_items.nodes.value(key.mid(5));
        if (!node || !node->isVisible())
            return std::nullopt;
        return End{ node->entryAnchor(), left };
    }
    if (key == kOutside && other.startsWith(kEntry)) // down the margin to the chips below
        return End{ m_outside->entriesAnchor(), QPointF(0, 1) };
    if (incoming && other.startsWith(kNode) && key.startsWith(QLatin1String("svc:"))) {
        // From a node on the right, a packet comes into the gate at its right post.
        const ServiceItem *gate = m_items.services.value(key.mid(4));
        return gate ? std::optional<End>({ gate->edgeAnchor(false), right }) : std::nullopt;
    }
    const auto at = anchor(key, incoming);
    return at ? std::optional<End>({ *at, incoming ? left : right }) : std::nullopt;
}

std::optional<std::array<QPointF, 4>> CanvasTraffic::resolveSegment(const QString &from,
                                                                    const QString &to) const
{
    const auto a = end(from, to, false);
    const auto b = end(to, from, true);
    if (!a || !b)
        return std::nullopt;
    const QPointF d = b->at - a->at;
    // Down the outside lane's margin the curve keeps to the margin until level with its
    // pill, then turns in: it crosses no chip's text.
    const bool down = a->direction.y() > 0;
    const auto bend = [&d, down](const QPointF &direction) {
        const qreal along = std::abs(d.x() * direction.x() + d.y() * direction.y());
        return down ? std::max(20.0, along * 0.9) : std::max(40.0, along * 0.5);
    };
    return std::array<QPointF, 4>{ a->at, a->at + a->direction * bend(a->direction),
                                   b->at + b->direction * bend(b->direction), b->at };
}

void CanvasTraffic::relocate()
{
    m_model.relocate([this](const QString &a, const QString &b) {
        return resolveSegment(a, b);
    });
}

void CanvasTraffic::recolour()
{
    // Packets and streams take their Service's colour: the one of the gate at either end, or
    // of the Service whose entry ("ent:<uid>|...") is at either end.
    m_model.recolour([this](const TrafficSegment &s) {
        QString uid;
        for (const QString &key : { s.toKey, s.fromKey })
            if (uid.isEmpty() && (key.startsWith(QLatin1String("svc:")) || key.startsWith(kEntry)))
                uid = key.mid(4).section(QLatin1Char('|'), 0, 0);
        const ServiceItem *gate = m_items.services.value(uid);
        return gate ? gate->colour() : s.colour;
    });
}

void CanvasTraffic::applyFlows(const std::vector<net::FlowSample> &flows)
{
    for (const net::FlowSample &sample : flows)
        applyFlow(sample);
}

void CanvasTraffic::applyFlow(const net::FlowSample &sample)
{
    const auto resolve = [this](const QString &a, const QString &b) {
        return resolveSegment(a, b);
    };
    const ClusterMirror &mirror = m_state.mirror();
    const net::FlowEvent &e = sample.event;
    if (e.via == "PortForward") {
        applyPortForward(sample);
        return;
    }
    const QString serviceUid = mirror.serviceUid(qs(e.serviceNamespace), qs(e.serviceName));
    ServiceItem *gate = m_items.services.value(serviceUid);
    if (!gate)
        return;
    const QString clientUid = mirror.podUidByIP(qs(e.clientIP));
    const QString client = clientUid.isEmpty() ? kOutside : podEnd(clientUid);
    const QString gateKey = QStringLiteral("svc:") + serviceUid;
    const bool failed = e.result == net::FlowEvent::Result::Refused
            || e.result == net::FlowEvent::Result::Reset;
    if (sample.ended && failed) {
        gate->flash();
        m_model.flash(gate->entry());
        return;
    }
    if (!clientUid.isEmpty()) // a tier calling a Service: a call edge for the lanes
        m_layout.noteTierCall({ m_items.groupTier.value(m_items.podGroup.value(clientUid)),
                                m_items.serviceTier.value(serviceUid) });
    const QColor colour = gate->colour();
    // From outside the cluster: through the entry's pill of the node that forwarded (and in
    // the node view through that node), then the gate.
    QStringList stops{ client };
    if (!e.via.empty()) {
        if (const QString entry = m_entries.entryKey(e, serviceUid); !entry.isEmpty())
            stops << entry;
        if (m_layout.mode() == CanvasViewMode::Nodes && m_items.nodes.contains(qs(e.node)))
            stops << kNode + qs(e.node);
    }
    stops << gateKey;
    std::array<int, TrafficPacket::kMaxHops> hops{ -1, -1, -1, -1 };
    int count = 0;
    for (int i = 1; i < stops.size(); ++i)
        if ((hops[count++] = m_model.segment(stops[i - 1], stops[i], colour, resolve)) < 0)
            return;
    const QString podUid = mirror.podUidByIP(qs(e.endpointIP));
    const int out =
            podUid.isEmpty() ? -1 : m_model.segment(gateKey, podEnd(podUid), colour, resolve);
    hops[count] = out;
    if (!sample.ended || out >= 0)
        m_model.send(hops, sample.ended);
}

void CanvasTraffic::applyPortForward(const net::FlowSample &sample)
{
    // kubectl port-forward: from this computer straight into the Pod, past every Service, in
    // blue-grey, a colour no Service gets.
    static const QColor kPortForward(0x60, 0x7d, 0x8b);
    const QString pod = qs(sample.event.endpointPod);
    if (!m_since.isValid())
        m_since.start();
    if (!sample.ended)
        ++m_forwards[pod];
    else if (--m_forwards[pod] <= 0)
        m_forwards.remove(pod);
    m_forwardSeen.insert(pod, m_since.elapsed());
    if (m_forwardSeen.size() > 64) // Pods forwarded into long ago
        m_forwardSeen.removeIf([this](const auto &seen) {
            return m_since.elapsed() - seen.value() > 600000;
        });
    const QString podUid = m_state.mirror().podUidByIP(qs(sample.event.endpointIP));
    if (podUid.isEmpty())
        return;
    const int hop = m_model.segment(kOutside, podEnd(podUid), kPortForward,
                                    [this](const QString &a, const QString &b) {
                                        return resolveSegment(a, b);
                                    });
    if (hop >= 0)
        m_model.send({ hop, -1, -1, -1 }, sample.ended);
}

QStringList CanvasTraffic::portForwards() const
{
    // A closed forward lingers a moment; an open one whose end was never sampled (samples
    // are bounded) is forgotten after ten quiet minutes.
    constexpr qint64 kLingerMs = 4000, kQuietMs = 600000;
    QStringList pods;
    for (auto it = m_forwardSeen.cbegin(); it != m_forwardSeen.cend(); ++it)
        if (m_since.elapsed() - it.value() < (m_forwards.contains(it.key()) ? kQuietMs : kLingerMs))
            pods << it.key();
    pods.sort();
    return pods;
}

void CanvasTraffic::applyCounts()
{
    QHash<QString, QPair<quint64, quint64>> perService; // "ns/name" -> total, failed
    m_requestsByIP.clear();
    for (const auto &[key, port] : m_state.counts()) {
        auto &service = perService[qs(key.serviceNamespace + "/" + key.serviceName)];
        service.first += port.total();
        service.second +=
                port.of(net::FlowEvent::Result::Refused) + port.of(net::FlowEvent::Result::Reset);
        for (const auto &[ip, n] : port.connectionsPerEndpointIP)
            m_requestsByIP[qs(ip)] += n;
    }
    for (ServiceItem *gate : std::as_const(m_items.services)) {
        const auto counted =
                perService.value(gate->display().ns + QLatin1Char('/') + gate->display().name);
        gate->setConnections(counted.first, counted.second);
    }
    for (auto [uid, card] : m_items.pods.asKeyValueRange())
        card->setRequests(requestsOf(uid, card->display().ip));
}

void CanvasTraffic::noteCard(const QString &podUid, const QString &ip)
{
    if (!m_requestBase.contains(podUid) && !ip.isEmpty())
        m_requestBase.insert(podUid, m_requestsByIP.value(ip));
}

quint64 CanvasTraffic::requestsOf(const QString &podUid, const QString &ip) const
{
    const quint64 total = m_requestsByIP.value(ip);
    return total - std::min(total, m_requestBase.value(podUid));
}

} // namespace clusterlab::app
