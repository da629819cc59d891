#pragma once

#include "model/service.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <optional>
#include <string>

namespace clusterlab::app {

/// ServiceDisplay is the display copy of a Service a gate holds.
struct ServiceDisplay
{
    QString uid, ns, name, type, clusterIP, selector, affinity;
    QStringList ports; ///< "127.96.0.20:80 → 80", with " (bound :10080)" when it fell back
    QString address; ///< "clusterIP:port" of the first port as bound (what to curl)
    bool hasSelector = false;
    bool operator==(const ServiceDisplay &) const = default;
};

/// BoundPortFn tells the port the forwarder really bound for clusterIP:port (or nothing).
using BoundPortFn = std::function<std::optional<int>(const std::string &clusterIP, int port)>;

/// serviceDisplayOf copies what a gate shows from a Service.
ServiceDisplay serviceDisplayOf(const model::Service &service, const BoundPortFn &boundPort);

} // namespace clusterlab::app
