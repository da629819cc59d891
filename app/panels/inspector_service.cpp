// InspectorPanel's Service part: endpoints, the distribution chart, the note on ClusterIPs.
#include "canvas/canvas_scene.h"
#include "canvas/service_item.h"
#include "panels/distribution_chart.h"
#include "panels/inspector_panel.h"

#include <QCheckBox>
#include <QLabel>

namespace clusterlab::app {

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

/// countsByIP sums a Service's ports: finished connections per endpoint IP.
QHash<QString, quint64> countsByIP(const CanvasScene &scene, const model::Service &service)
{
    QHash<QString, quint64> out;
    for (const auto &[key, counts] : scene.counts())
        if (key.serviceNamespace == service.metadata.namespace_
            && key.serviceName == service.metadata.name)
            for (const auto &[ip, n] : counts.connectionsPerEndpointIP)
                out[qs(ip)] += n;
    return out;
}

} // namespace

void InspectorPanel::resetChart()
{
    m_baseline.clear();
    if (const model::Service *service = m_scene.mirror().service(m_uid))
        m_baseline = countsByIP(m_scene, *service);
    refresh();
}

void InspectorPanel::refreshService()
{
    const model::Service *service = m_scene.mirror().service(m_uid);
    if (!service)
        return;
    const QHash<QString, quint64> counts = countsByIP(m_scene, *service);
    QList<DistributionChart::Bar> bars;
    int ready = 0;
    for (const EndpointRef &endpoint : m_scene.mirror().endpointsOf(*service)) {
        const model::Pod *pod = m_scene.mirror().pod(endpoint.podUid);
        const quint64 total = counts.value(endpoint.ip);
        bars.append({ pod ? qs(pod->metadata.name) : endpoint.ip,
                      total - std::min(total, m_baseline.value(endpoint.ip)), endpoint.ready });
        ready += endpoint.ready;
    }
    std::sort(bars.begin(), bars.end(), [](const auto &a, const auto &b) {
        return a.pod < b.pod;
    });
    const ServiceItem *gate = m_scene.serviceItem(m_uid);
    m_chart->setBars(bars, gate ? gate->colour() : palette().color(QPalette::Highlight));
    m_affinity->setChecked(service->spec.sessionAffinity == "ClientIP");
    const QString address = gate ? gate->display().address : qs(service->spec.clusterIP);
    m_status->setText(QStringLiteral("%1 · ClusterIP %2 · %3 ready endpoint(s) of %4")
                              .arg(qs(service->spec.type), qs(service->spec.clusterIP))
                              .arg(ready)
                              .arg(bars.size()));
    m_serviceNote->setText(
            QStringLiteral("Try <tt>curl http://%1/</tt> from a terminal. Unlike a real cluster, "
                           "ClusterLab's ClusterIPs are reachable from this computer; on a real "
                           "cluster a ClusterIP answers only inside the cluster.")
                    .arg(address));
}

} // namespace clusterlab::app
