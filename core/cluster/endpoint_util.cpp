#include "cluster/endpoint_util.h"

namespace clusterlab::cluster {

bool managesEndpoints(const model::Service &svc)
{
    return svc.spec.selector && !svc.spec.selector->empty() && svc.spec.type != "ExternalName";
}

std::vector<std::shared_ptr<const model::Pod>> selectedPods(const Store &store,
                                                            const model::Service &svc)
{
    std::vector<std::shared_ptr<const model::Pod>> out;
    if (!svc.spec.selector || svc.spec.selector->empty())
        return out;
    for (auto &object : store.select("Pod", svc.metadata.namespace_, *svc.spec.selector))
        out.push_back(Store::as<model::Pod>(std::move(object)));
    return out;
}

std::vector<model::EndpointPort> resolvePorts(const model::Service &svc, const model::Pod &pod)
{
    std::vector<model::EndpointPort> out;
    for (const auto &port : svc.spec.ports) {
        const std::int64_t number = model::findPort(pod, port.targetPort, port.protocol);
        if (number > 0)
            out.push_back({ port.name, number, port.protocol, port.appProtocol });
    }
    return out;
}

std::string hostnameFor(const model::Pod &pod, const model::Service &svc)
{
    return !pod.spec.hostname.empty() && pod.spec.subdomain == svc.metadata.name
                    && pod.metadata.namespace_ == svc.metadata.namespace_
            ? pod.spec.hostname
            : std::string();
}

model::ObjectReference podReference(const model::Pod &pod)
{
    return { "Pod", pod.metadata.namespace_, pod.metadata.name, pod.metadata.uid, {} };
}

model::Labels endpointLabels(const model::Service &svc)
{
    model::Labels labels = svc.metadata.labels;
    if (model::isHeadless(svc))
        labels[kHeadlessLabel] = "";
    return labels;
}

bool podChangeMattersToEndpoints(const model::Pod *previous, const model::Pod *current)
{
    if (!previous || !current)
        return true;
    return previous->metadata.labels != current->metadata.labels
            || previous->status.podIP != current->status.podIP
            || model::isPodReady(*previous) != model::isPodReady(*current)
            || previous->metadata.deletionTimestamp.has_value()
            != current->metadata.deletionTimestamp.has_value()
            || previous->status.phase != current->status.phase
            || previous->spec.nodeName != current->spec.nodeName
            || previous->spec.hostname != current->spec.hostname
            || previous->spec.subdomain != current->spec.subdomain
            || previous->spec.containers != current->spec.containers;
}

void enqueueServicesForPod(const ServiceSelectorIndex &index, const WatchEvent &event,
                           WorkQueue<NamespacedName> &queue)
{
    const auto *previous = event.previousAs<model::Pod>();
    const auto *current = event.currentAs<model::Pod>();
    if (!podChangeMattersToEndpoints(previous, current))
        return;
    std::set<NamespacedName> services;
    for (const auto *pod : { previous, current })
        if (pod)
            index.servicesFor(pod->metadata.namespace_, pod->metadata.labels, services);
    for (const auto &key : services)
        queue.add(key);
}

} // namespace clusterlab::cluster
