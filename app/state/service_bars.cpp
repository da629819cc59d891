#include "state/service_bars.h"

#include "state/cluster_state.h"

#include <algorithm>

namespace clusterlab::app {

QHash<QString, quint64> requestsByEndpointIP(const ClusterState &state,
                                             const model::Service &service)
{
    QHash<QString, quint64> out;
    for (const auto &[key, counts] : state.counts())
        if (key.serviceNamespace == service.metadata.namespace_
            && key.serviceName == service.metadata.name)
            for (const auto &[ip, n] : counts.connectionsPerEndpointIP)
                out[QString::fromStdString(ip)] += n;
    return out;
}

ServiceBars serviceBars(const ClusterState &state, const model::Service &service,
                        const QHash<QString, quint64> &baseline)
{
    const QHash<QString, quint64> counts = requestsByEndpointIP(state, service);
    const ClusterMirror &mirror = state.mirror();
    ServiceBars out;
    for (const EndpointRef &endpoint : mirror.endpointsOf(service)) {
        const model::Pod *pod = mirror.pod(endpoint.podUid);
        const quint64 all = counts.value(endpoint.ip);
        const quint64 since = all - std::min(all, baseline.value(endpoint.ip));
        out.bars.append({ pod ? QString::fromStdString(pod->metadata.name) : endpoint.ip, since,
                          endpoint.ready });
        out.total += since;
        out.ready += endpoint.ready;
    }
    std::sort(out.bars.begin(), out.bars.end(), [](const auto &a, const auto &b) {
        return a.pod < b.pod;
    });
    return out;
}

} // namespace clusterlab::app
