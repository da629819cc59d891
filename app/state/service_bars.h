#pragma once

#include <QHash>
#include <QList>
#include <QString>

namespace clusterlab::model {
struct Service;
}

namespace clusterlab::app {

class ClusterState;

/// EndpointBar is one endpoint Pod of a Service in a chart of requests per Pod.
struct EndpointBar
{
    QString pod; ///< the Pod's name, or its IP when the mirror has no such Pod
    quint64 requests = 0;
    bool ready = true;
};

/// requestsByEndpointIP sums a Service's ports: finished connections per endpoint IP.
QHash<QString, quint64> requestsByEndpointIP(const ClusterState &state,
                                             const model::Service &service);

/// ServiceBars is what a chart of a Service's endpoints shows: requests per endpoint Pod
/// since a baseline, sorted by Pod name.
struct ServiceBars
{
    QList<EndpointBar> bars;
    quint64 total = 0; ///< requests since the baseline, all endpoints
    int ready = 0; ///< ready endpoints
};

/// serviceBars is the chart of a Service's endpoints, each Pod's count less baseline[its IP].
ServiceBars serviceBars(const ClusterState &state, const model::Service &service,
                        const QHash<QString, quint64> &baseline);

} // namespace clusterlab::app
