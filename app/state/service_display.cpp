#include "state/service_display.h"

#include "model/label_selector.h"

namespace clusterlab::app {

ServiceDisplay serviceDisplayOf(const model::Service &service, const NetworkFacts &facts)
{
    ServiceDisplay d;
    d.uid = QString::fromStdString(service.metadata.uid);
    d.ns = QString::fromStdString(service.metadata.namespace_);
    d.name = QString::fromStdString(service.metadata.name);
    d.type = QString::fromStdString(service.spec.type);
    d.clusterIP = QString::fromStdString(service.spec.clusterIP);
    d.affinity = QString::fromStdString(service.spec.sessionAffinity);
    d.hasSelector = service.spec.selector && !service.spec.selector->empty();
    d.selector = d.hasSelector ? QString::fromStdString(model::formatLabels(*service.spec.selector))
                               : QStringLiteral("no selector");
    for (const auto &port : service.spec.ports) {
        QString line = QStringLiteral("%1:%2 → %3")
                               .arg(d.clusterIP)
                               .arg(port.port)
                               .arg(QString::fromStdString(port.targetPort.toString()));
        if (port.protocol != "TCP")
            line += QLatin1Char('/') + QString::fromStdString(port.protocol);
        const int listening = facts.boundPort(service.spec.clusterIP, int(port.port),
                                              port.protocol.empty() ? "TCP" : port.protocol);
        const int bound = listening > 0 ? listening : int(port.port);
        if (bound != port.port)
            line += QStringLiteral("  (bound :%1)").arg(bound);
        if (d.address.isEmpty())
            d.address = QStringLiteral("%1:%2").arg(d.clusterIP).arg(bound);
        d.ports << line;
    }
    return d;
}

} // namespace clusterlab::app
