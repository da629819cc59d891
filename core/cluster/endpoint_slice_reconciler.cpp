#include "cluster/endpoint_slice_reconciler.h"

#include "cluster/endpoint_util.h"
#include "cluster/namespace_controller.h"
#include "cluster/pod_control.h"
#include "cluster/random.h"

#include <algorithm>
#include <tuple>

namespace clusterlab::cluster {

bool EndpointSliceReconciler::isManagedSlice(const model::ObjectMeta &meta)
{
    const auto it = meta.labels.find(kManagedByLabel);
    return it != meta.labels.end() && it->second == kSliceControllerName
            && meta.labels.count(kServiceNameLabel);
}

EndpointSliceReconciler::EndpointSliceReconciler(ControllerContext context) : m_context(context) { }

bool EndpointSliceReconciler::PortSetLess::operator()(const PortSet &a, const PortSet &b) const
{
    return std::lexicographical_compare(
            a.begin(), a.end(), b.begin(), b.end(), [](const auto &x, const auto &y) {
                return std::tie(x.name, x.port, x.protocol, x.appProtocol)
                        < std::tie(y.name, y.port, y.protocol, y.appProtocol);
            });
}

EndpointSliceReconciler::DesiredSlices
EndpointSliceReconciler::desiredEndpoints(const model::Service &svc) const
{
    DesiredSlices out;
    const bool publishNotReady = svc.spec.publishNotReadyAddresses;
    for (const auto &pod : selectedPods(m_context.store, svc)) {
        if (pod->status.podIP.empty() || isPodFinished(*pod))
            continue;
        const bool terminating = model::isPodTerminating(*pod);
        const bool serving = publishNotReady || model::isPodReady(*pod);
        model::Endpoint endpoint;
        endpoint.addresses = { pod->status.podIP };
        endpoint.conditions = { publishNotReady || (serving && !terminating), serving,
                                terminating };
        endpoint.hostname = hostnameFor(*pod, svc);
        endpoint.nodeName = pod->spec.nodeName;
        endpoint.targetRef = podReference(*pod);
        out[resolvePorts(svc, *pod)].push_back(std::move(endpoint));
    }
    if (out.empty())
        out[{}]; // a Service selecting nothing still gets one (empty) slice
    return out;
}

model::EndpointSlice EndpointSliceReconciler::newSlice(const model::Object &service,
                                                       const model::Service &svc)
{
    model::EndpointSlice slice;
    slice.metadata.namespace_ = svc.metadata.namespace_;
    slice.metadata.generateName = svc.metadata.name + "-";
    do {
        slice.metadata.name = slice.metadata.generateName + m_context.random.suffix();
    } while (m_context.store.get("EndpointSlice", slice.metadata.namespace_, slice.metadata.name));
    slice.metadata.ownerReferences = { controllerRefTo(service) };
    slice.raw["apiVersion"] = "discovery.k8s.io/v1";
    slice.raw["kind"] = "EndpointSlice";
    return slice;
}

void EndpointSliceReconciler::reconcile(const NamespacedName &key)
{
    const auto [ns, name] = key;
    std::vector<std::shared_ptr<const model::EndpointSlice>> existing;
    for (auto &object :
         m_context.store.select("EndpointSlice", ns, { { kServiceNameLabel, name } }))
        if (isManagedSlice(model::meta(*object)))
            existing.push_back(Store::as<model::EndpointSlice>(std::move(object)));
    const auto service = m_context.store.get("Service", ns, name);
    const auto *svc = service ? std::get_if<model::Service>(service.get()) : nullptr;
    if (!svc) {
        for (const auto &slice : existing)
            m_context.store.remove({ "EndpointSlice", ns, slice->metadata.name });
        return;
    }
    if (!managesEndpoints(*svc) || !acceptsContent(m_context.store, ns))
        return;

    // Plan: a slice whose ports are wanted is kept (toUpdate); wanted port sets without one
    // get a new slice (toCreate); the rest go (toDelete).
    auto desired = desiredEndpoints(*svc);
    std::vector<std::pair<model::EndpointSlice, const PortSet *>> toUpdate;
    std::vector<const PortSet *> toCreate;
    std::vector<std::shared_ptr<const model::EndpointSlice>> toDelete;
    std::vector<bool> used(existing.size(), false);
    for (const auto &[ports, endpoints] : desired) {
        std::size_t match = 0;
        while (match < existing.size() && (used[match] || existing[match]->ports != ports))
            ++match;
        if (match == existing.size()) {
            toCreate.push_back(&ports);
            continue;
        }
        used[match] = true;
        toUpdate.emplace_back(*existing[match], &ports);
    }
    for (std::size_t i = 0; i < existing.size(); ++i) {
        if (used[i])
            continue;
        // Reuse a leftover slice rather than delete one and create another.
        if (!toCreate.empty()) {
            toUpdate.emplace_back(*existing[i], toCreate.back());
            toCreate.pop_back();
        } else {
            toDelete.push_back(existing[i]);
        }
    }

    model::Labels labels = endpointLabels(*svc);
    labels[kServiceNameLabel] = name;
    labels[kManagedByLabel] = kSliceControllerName;
    const auto fill = [&](model::EndpointSlice &slice, const PortSet &ports) {
        slice.metadata.labels = labels;
        slice.ports = ports;
        slice.endpoints = desired.at(ports);
        std::sort(slice.endpoints.begin(), slice.endpoints.end(), [](const auto &a, const auto &b) {
            return a.targetRef->name < b.targetRef->name;
        });
    };
    for (auto &[slice, ports] : toUpdate) {
        fill(slice, *ports);
        m_context.store.update(std::move(slice));
    }
    for (const auto *ports : toCreate) {
        model::EndpointSlice slice = newSlice(*service, *svc);
        fill(slice, *ports);
        m_context.store.create(std::move(slice));
    }
    for (const auto &slice : toDelete)
        m_context.store.remove({ "EndpointSlice", ns, slice->metadata.name });
}

} // namespace clusterlab::cluster
