#include "canvas/canvas_traffic.h"

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

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

} // namespace

CanvasTraffic::CanvasTraffic(const CanvasItems &items, const ClusterState &state,
                             CanvasLayout &layout, const OutsideItem *outside)
    : m_items(items), m_state(state), m_layout(layout), m_outside(outside)
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

std::optional<std::array<QPointF, 4>> CanvasTraffic::resolveSegment(const QString &from,
                                                                    const QString &to) const
{
    const auto a = anchor(from, false);
    const auto b = anchor(to, true);
    if (!a || !b)
        return std::nullopt;
    const qreal bend = std::max(40.0, std::abs(b->x() - a->x()) * 0.5);
    return std::array<QPointF, 4>{ *a, *a + QPointF(bend, 0), *b - QPointF(bend, 0), *b };
}

void CanvasTraffic::relocate()
{
    m_model.relocate([this](const QString &a, const QString &b) {
        return resolveSegment(a, b);
    });
}

void CanvasTraffic::recolour()
{
    // Packets and streams take their Service's colour: the one of the gate at either end.
    m_model.recolour([this](const TrafficSegment &s) {
        const QString &gateKey = s.toKey.startsWith(QLatin1String("svc:")) ? s.toKey : s.fromKey;
        const ServiceItem *gate = m_items.services.value(gateKey.mid(4));
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
    const int first = m_model.segment(client, gateKey, colour, resolve);
    const QString podUid = mirror.podUidByIP(qs(e.endpointIP));
    const int second =
            podUid.isEmpty() ? -1 : m_model.segment(gateKey, podEnd(podUid), colour, resolve);
    if (first < 0)
        return;
    if (!sample.ended)
        m_model.send(first, second, false);
    else if (second >= 0)
        m_model.send(first, second, true);
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
