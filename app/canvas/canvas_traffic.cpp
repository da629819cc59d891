// CanvasScene's traffic: flow samples become packets (or feed streams), flow counters
// become the exact numbers on gates and cards.
#include "canvas/canvas_scene.h"
#include "canvas/edge_item.h"
#include "canvas/group_item.h"
#include "canvas/node_item.h"
#include "canvas/outside_item.h"
#include "canvas/pod_grid_item.h"
#include "canvas/pod_item.h"
#include "canvas/service_item.h"

namespace clusterlab::app {

namespace {

const QString kOutside = QStringLiteral("outside");

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

} // namespace

std::optional<QPointF> CanvasScene::anchor(const QString &key, bool incoming) const
{
    if (key == kOutside)
        return m_outside->usersAnchor();
    if (key.startsWith(QLatin1String("svc:"))) {
        if (ServiceItem *gate = m_services.value(key.mid(4)))
            return gate->edgeAnchor(incoming);
        return std::nullopt;
    }
    if (key.startsWith(QLatin1String("grp:"))) { // a collapsed group, as one end
        const QString groupKey = key.mid(4);
        GroupItem *group = m_groups.value(groupKey);
        PodGridItem *grid = m_grids.value(groupKey);
        if (!group || !grid || !group->isVisible())
            return std::nullopt;
        return incoming
                ? grid->edgeAnchor(true)
                : group->mapToScene(QPointF(group->size().width(), group->size().height() / 2));
    }
    const QString uid = key.mid(4); // "pod:"
    if (PodItem *card = m_pods.value(uid); card && card->isVisible())
        return card->edgeAnchor(incoming);
    const QString groupKey = m_podGroup.value(uid);
    if (m_mode == ViewMode::Lanes) {
        if (PodGridItem *grid = m_grids.value(groupKey))
            if (GroupItem *group = m_groups.value(groupKey))
                return grid->cellCentre(group->podSlots().slotOf(uid));
        if (GroupItem *group = m_groups.value(groupKey))
            return group->mapToScene(QPointF(incoming ? 0 : group->size().width(), 20));
    } else if (NodeItem *node = m_nodes.value(m_podNode.value(uid))) {
        return node->mapToScene(QPointF(incoming ? 0 : node->boundingRect().width(), 20));
    }
    return std::nullopt;
}

QString CanvasScene::podEnd(const QString &podUid) const
{
    // Traffic to and from a collapsed group is drawn to the group: one stream, not thousands.
    const QString groupKey = m_podGroup.value(podUid);
    if (m_mode == ViewMode::Lanes && m_grids.contains(groupKey))
        return QStringLiteral("grp:") + groupKey;
    return QStringLiteral("pod:") + podUid;
}

std::optional<std::array<QPointF, 4>> CanvasScene::resolveSegment(const QString &from,
                                                                  const QString &to) const
{
    const auto a = anchor(from, false);
    const auto b = anchor(to, true);
    if (!a || !b)
        return std::nullopt;
    const qreal bend = std::max(40.0, std::abs(b->x() - a->x()) * 0.5);
    return std::array<QPointF, 4>{ *a, *a + QPointF(bend, 0), *b - QPointF(bend, 0), *b };
}

void CanvasScene::applyFlows(const std::vector<net::FlowSample> &flows)
{
    const auto resolve = [this](const QString &a, const QString &b) {
        return resolveSegment(a, b);
    };
    for (const net::FlowSample &sample : flows) {
        const net::FlowEvent &e = sample.event;
        const QString serviceUid = mirror().serviceUid(qs(e.serviceNamespace), qs(e.serviceName));
        ServiceItem *gate = m_services.value(serviceUid);
        if (!gate)
            continue;
        const QString clientUid = mirror().podUidByIP(qs(e.clientIP));
        const QString client = clientUid.isEmpty() ? kOutside : podEnd(clientUid);
        const QString gateKey = QStringLiteral("svc:") + serviceUid;
        const bool failed = e.result == net::FlowEvent::Result::Refused
                || e.result == net::FlowEvent::Result::Reset;
        if (sample.ended && failed) {
            gate->flash();
            m_traffic.flash(gate->entry());
            continue;
        }
        if (!clientUid.isEmpty()) { // a tier calling a Service: a call edge for the lanes
            const TierEdge edge{ m_groupTier.value(m_podGroup.value(clientUid)),
                                 m_serviceTier.value(serviceUid) };
            if (!edge.first.isEmpty() && !edge.second.isEmpty() && !m_flowEdges.contains(edge)) {
                m_flowEdges.insert(edge);
                m_layoutDirty = true;
            }
        }
        const QColor colour = gate->colour();
        const int first = m_traffic.segment(client, gateKey, colour, resolve);
        const QString podUid = mirror().podUidByIP(qs(e.endpointIP));
        const int second =
                podUid.isEmpty() ? -1 : m_traffic.segment(gateKey, podEnd(podUid), colour, resolve);
        if (first < 0)
            continue;
        if (!sample.ended)
            m_traffic.send(first, second, false);
        else if (second >= 0)
            m_traffic.send(first, second, true);
    }
}

void CanvasScene::applyCounts()
{
    const auto &counts = m_state.counts();
    QHash<QString, QPair<quint64, quint64>> perService; // "ns/name" -> total, failed
    m_requestsByIP.clear();
    for (const auto &[key, port] : counts) {
        auto &service = perService[qs(key.serviceNamespace + "/" + key.serviceName)];
        service.first += port.total();
        service.second +=
                port.of(net::FlowEvent::Result::Refused) + port.of(net::FlowEvent::Result::Reset);
        for (const auto &[ip, n] : port.connectionsPerEndpointIP)
            m_requestsByIP[qs(ip)] += n;
    }
    for (ServiceItem *gate : std::as_const(m_services)) {
        const auto counted =
                perService.value(gate->display().ns + QLatin1Char('/') + gate->display().name);
        gate->setConnections(counted.first, counted.second);
    }
    for (auto [uid, card] : m_pods.asKeyValueRange()) {
        const quint64 total = m_requestsByIP.value(card->display().ip);
        card->setRequests(total - std::min(total, m_requestBase.value(uid)));
    }
}

} // namespace clusterlab::app
