#pragma once

#include "model/service.h"
#include "network_facts.h"

#include <QString>
#include <QStringList>

namespace clusterlab::app {

/// ServiceDisplay is what the window shows of a Service: a gate on the canvas, the Inspector's
/// note, the status bar's commands. A display copy: it holds no pointer into core.
struct ServiceDisplay
{
    QString uid, ns, name, type, clusterIP, selector, affinity;
    QStringList ports; ///< "127.96.0.20:80 → 80", with " (bound :10080)" when it fell back
    QString address; ///< "clusterIP:port" of the first port as bound (what to curl)
    bool hasSelector = false;
    bool operator==(const ServiceDisplay &) const = default;
};

/// serviceDisplayOf copies what is shown of a Service, with the ports the data plane really
/// listens on as facts say (a port facts do not know is shown as written).
ServiceDisplay serviceDisplayOf(const model::Service &service, const NetworkFacts &facts);

} // namespace clusterlab::app
