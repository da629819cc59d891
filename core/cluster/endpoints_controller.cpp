#include "cluster/endpoints_controller.h"

#include "cluster/endpoint_util.h"
#include "cluster/pod_control.h"

#include <algorithm>
#include <map>

namespace clusterlab::cluster {

namespace {

bool addressLess(const model::EndpointAddress &a, const model::EndpointAddress &b)
{
    const auto uidOf = [](const model::EndpointAddress &e) {
        return e.targetRef ? e.targetRef->uid : std::string();
    };
    return a.ip != b.ip ? a.ip < b.ip : uidOf(a) < uidOf(b);
}

bool portLess(const model::EndpointPort &a, const model::EndpointPort &b)
{
    return std::tie(a.name, a.port, a.protocol) < std::tie(b.name, b.port, b.protocol);
}

} // namespace

EndpointsController::EndpointsController(ControllerContext context)
    : m_context(context), m_slices(context)
{
}

void EndpointsController::observe(const WatchEvent &event)
{
    const model::Object &object = event.object();
    const auto &meta = model::meta(object);
    if (std::holds_alternative<model::Pod>(object)) {
        enqueueServicesForPod(m_index, event, m_queue);
    } else if (std::holds_alternative<model::Service>(object)) {
        m_index.update(event.previous ? &std::get<model::Service>(*event.previous) : nullptr,
                       event.current ? &std::get<model::Service>(*event.current) : nullptr);
        m_queue.add({ meta.namespace_, meta.name });
    } else if (std::holds_alternative<model::Endpoints>(object)
               && event.type == WatchEvent::Type::Deleted) {
        m_queue.add({ meta.namespace_, meta.name }); // someone deleted it: put it back
    } else if (std::holds_alternative<model::EndpointSlice>(object)
               && event.type == WatchEvent::Type::Deleted
               && EndpointSliceReconciler::isManagedSlice(meta)) {
        m_queue.add({ meta.namespace_, meta.labels.at(kServiceNameLabel) });
    }
}

void EndpointsController::sync()
{
    for (const auto &key : m_queue.take()) {
        syncService(key);
        m_slices.reconcile(key);
    }
}

std::vector<model::EndpointSubset> EndpointsController::desiredSubsets(const Store &store,
                                                                       const model::Service &svc)
{
    // Each address with its resolved ports; then addresses with equal ports share a subset.
    struct Entry
    {
        model::EndpointAddress address;
        bool ready;
        std::vector<model::EndpointPort> ports;
    };
    std::vector<Entry> entries;
    const bool tolerateUnready = svc.spec.publishNotReadyAddresses;
    for (const auto &pod : selectedPods(store, svc)) {
        if (pod->status.podIP.empty() || isPodFinished(*pod)
            || (model::isPodTerminating(*pod) && !tolerateUnready))
            continue;
        Entry entry{ { pod->status.podIP, hostnameFor(*pod, svc), pod->spec.nodeName,
                       podReference(*pod) },
                     tolerateUnready || model::isPodReady(*pod),
                     resolvePorts(svc, *pod) };
        // A Pod serving none of the ports is no endpoint, except of a headless Service
        // without ports, which lists addresses only.
        if (entry.ports.empty() && !(svc.spec.ports.empty() && model::isHeadless(svc)))
            continue;
        std::sort(entry.ports.begin(), entry.ports.end(), portLess);
        entries.push_back(std::move(entry));
    }
    std::map<std::vector<std::tuple<std::string, std::int64_t, std::string>>, model::EndpointSubset>
            byPorts;
    for (auto &entry : entries) {
        std::vector<std::tuple<std::string, std::int64_t, std::string>> key;
        for (const auto &p : entry.ports)
            key.emplace_back(p.name, p.port, p.protocol);
        auto &subset = byPorts[key];
        subset.ports = entry.ports;
        (entry.ready ? subset.addresses : subset.notReadyAddresses).push_back(entry.address);
    }
    std::vector<model::EndpointSubset> subsets;
    for (auto &[key, subset] : byPorts) {
        std::sort(subset.addresses.begin(), subset.addresses.end(), addressLess);
        std::sort(subset.notReadyAddresses.begin(), subset.notReadyAddresses.end(), addressLess);
        subsets.push_back(std::move(subset));
    }
    return subsets;
}

void EndpointsController::syncService(const NamespacedName &key)
{
    const auto svc = m_context.store.getAs<model::Service>(key.first, key.second);
    const auto existing = m_context.store.getAs<model::Endpoints>(key.first, key.second);
    if (!svc) {
        if (existing)
            m_context.store.remove({ "Endpoints", key.first, key.second });
        return;
    }
    // Without a selector the Endpoints are the user's to write; leave them alone.
    if (!managesEndpoints(*svc))
        return;
    model::Endpoints desired = existing ? *existing : model::Endpoints{};
    desired.metadata.name = key.second;
    desired.metadata.namespace_ = key.first;
    desired.metadata.labels = endpointLabels(*svc);
    desired.subsets = desiredSubsets(m_context.store, *svc);
    if (existing) {
        m_context.store.update(std::move(desired)); // no write when nothing changed
        return;
    }
    desired.raw["apiVersion"] = "v1";
    desired.raw["kind"] = "Endpoints";
    m_context.store.create(std::move(desired));
}

} // namespace clusterlab::cluster
