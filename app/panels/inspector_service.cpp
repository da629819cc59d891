// InspectorPanel's Service part: endpoints, the distribution chart, a sentence on its type.
#include "panels/inspector_panel.h"
#include "state/cluster_state.h"
#include "state/service_bars.h"
#include "state/service_display.h"

#include <QCheckBox>
#include <QLabel>

namespace clusterlab::app {

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

/// typeSentence explains the Service's type in one sentence, with what to try from a terminal.
QString typeSentence(const model::Service &svc, const QString &address)
{
    const auto &spec = svc.spec;
    QStringList nodePorts;
    for (const auto &port : spec.ports)
        if (port.nodePort)
            nodePorts << QString::number(port.nodePort);
    const bool local = spec.externalTrafficPolicy == "Local";
    const QString policy = local
            ? QStringLiteral(" externalTrafficPolicy Local: a node sends outside traffic only to "
                             "its own Pods, and the Pods see the client's address.")
            : QStringLiteral(" externalTrafficPolicy Cluster: a node may send outside traffic to "
                             "a Pod on another node, and the Pod sees the node's address.");
    if (spec.type == "ExternalName")
        return QStringLiteral("ExternalName: no ClusterIP and no proxy; cluster DNS answers "
                              "<b>%1</b> with a CNAME to <b>%2</b>. Try <tt>dig @127.96.0.10 "
                              "%1.%3.svc.cluster.local</tt>.")
                .arg(qs(svc.metadata.name), qs(spec.externalName), qs(svc.metadata.namespace_));
    if (model::isHeadless(svc))
        return QStringLiteral("Headless (clusterIP: None): no virtual IP; cluster DNS answers "
                              "with the ready Pods' own IPs. Try <tt>dig @127.96.0.10 "
                              "%1.%2.svc.cluster.local</tt>.")
                .arg(qs(svc.metadata.name), qs(svc.metadata.namespace_));
    if (spec.type == "NodePort")
        return QStringLiteral("NodePort: the ClusterIP, plus port %1 open on every node's IP "
                              "(127.244.N.1) and on 127.0.0.1. Try <tt>curl "
                              "http://127.244.1.1:%1/</tt>.")
                       .arg(nodePorts.join(QStringLiteral(", ")))
                + policy;
    if (spec.type == "LoadBalancer") {
        QStringList ips;
        for (const auto &ingress : svc.status.loadBalancerIngress)
            ips << qs(ingress.ip);
        return (ips.isEmpty() ? QStringLiteral("LoadBalancer: waiting for the simulated cloud to "
                                               "hand out an address (EXTERNAL-IP <pending>).")
                              : QStringLiteral("LoadBalancer: the simulated cloud gave it %1; "
                                               "traffic to it enters through a node. Try <tt>curl "
                                               "http://%1:%2/</tt>.")
                                        .arg(ips.first())
                                        .arg(spec.ports.empty() ? 80 : spec.ports.front().port))
                + policy;
    }
    return QStringLiteral("ClusterIP: one stable virtual IP in front of the Pods its selector "
                          "matches. Try <tt>curl http://%1/</tt> from a terminal. Unlike a real "
                          "cluster, ClusterLab's ClusterIPs are reachable from this computer; on "
                          "a real cluster a ClusterIP answers only inside the cluster.")
            .arg(address);
}

} // namespace

void InspectorPanel::resetChart()
{
    m_baseline.clear();
    if (const model::Service *service = m_state.mirror().service(m_uid))
        m_baseline = requestsByEndpointIP(m_state, *service);
    refresh();
}

void InspectorPanel::refreshService()
{
    const model::Service *service = m_state.mirror().service(m_uid);
    if (!service)
        return;
    const ServiceBars chart = serviceBars(m_state, *service, m_baseline);
    const QString name = qs(service->metadata.name);
    m_chart->setBars(chart.bars, m_colour ? m_colour(name) : palette().color(QPalette::Highlight));
    m_affinity->setChecked(service->spec.sessionAffinity == "ClientIP");
    const QString address = serviceDisplayOf(*service, m_state.facts()).address;
    m_status->setText(QStringLiteral("%1 · ClusterIP %2 · %3 ready endpoint(s) of %4")
                              .arg(qs(service->spec.type), qs(service->spec.clusterIP))
                              .arg(chart.ready)
                              .arg(chart.bars.size()));
    m_serviceNote->setText(typeSentence(*service, address));
}

} // namespace clusterlab::app
