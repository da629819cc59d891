// InspectorPanel's Service part: endpoints, the distribution chart, the note on ClusterIPs.
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
    m_serviceNote->setText(
            QStringLiteral("Try <tt>curl http://%1/</tt> from a terminal. Unlike a real cluster, "
                           "ClusterLab's ClusterIPs are reachable from this computer; on a real "
                           "cluster a ClusterIP answers only inside the cluster.")
                    .arg(address));
}

} // namespace clusterlab::app
