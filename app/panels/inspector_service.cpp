// InspectorPanel's Service part: endpoints, the distribution chart, the note on ClusterIPs.
#include "canvas/canvas_scene.h"
#include "canvas/service_item.h"
#include "panels/distribution_chart.h"
#include "panels/inspector_panel.h"
#include "panels/service_bars.h"

#include <QCheckBox>
#include <QLabel>

namespace clusterlab::app {

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

} // namespace

void InspectorPanel::resetChart()
{
    m_baseline.clear();
    if (const model::Service *service = m_scene.mirror().service(m_uid))
        m_baseline = requestsByEndpointIP(m_scene, *service);
    refresh();
}

void InspectorPanel::refreshService()
{
    const model::Service *service = m_scene.mirror().service(m_uid);
    if (!service)
        return;
    const ServiceBars chart = serviceBars(m_scene, *service, m_baseline);
    const ServiceItem *gate = m_scene.serviceItem(m_uid);
    m_chart->setBars(chart.bars, gate ? gate->colour() : palette().color(QPalette::Highlight));
    m_affinity->setChecked(service->spec.sessionAffinity == "ClientIP");
    const QString address = gate ? gate->display().address : qs(service->spec.clusterIP);
    m_status->setText(QStringLiteral("%1 · ClusterIP %2 · %3 ready endpoint(s) of %4")
                              .arg(qs(service->spec.type), qs(service->spec.clusterIP))
                              .arg(chart.ready)
                              .arg(chart.bars.size()));
    m_serviceNote->setText(
            QStringLiteral("Try <tt>curl http://%1/</tt> from a terminal. Unlike a real cluster, "
                           "ClusterLab's ClusterIPs are reachable from this computer; on a real "
                           "cluster a ClusterIP answers only inside the cluster.")
                    .arg(address));
}

} // namespace clusterlab::app
