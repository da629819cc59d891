#pragma once

#include "panels/distribution_chart.h"

#include <QHash>
#include <QString>

namespace clusterlab::model {
struct Service;
}

namespace clusterlab::app {

class CanvasScene;

/// requestsByEndpointIP sums a Service's ports: finished connections per endpoint IP.
QHash<QString, quint64> requestsByEndpointIP(const CanvasScene &scene,
                                             const model::Service &service);

/// ServiceBars is what a DistributionChart draws for a Service: requests per endpoint Pod
/// since a baseline, sorted by Pod name.
struct ServiceBars
{
    QList<DistributionChart::Bar> bars;
    quint64 total = 0; ///< requests since the baseline, all endpoints
    int ready = 0; ///< ready endpoints
};

/// serviceBars is the chart of a Service's endpoints, each Pod's count less baseline[its IP].
ServiceBars serviceBars(const CanvasScene &scene, const model::Service &service,
                        const QHash<QString, quint64> &baseline);

} // namespace clusterlab::app
