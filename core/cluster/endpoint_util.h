#pragma once

#include "cluster/controller.h"
#include "cluster/service_selector_index.h"
#include "model/endpoints.h"
#include "model/service.h"

#include <memory>
#include <vector>

namespace clusterlab::cluster {

/// kServiceNameLabel ties an EndpointSlice to its Service.
inline constexpr const char *kServiceNameLabel = "kubernetes.io/service-name";
/// kManagedByLabel and kSliceControllerName mark the slices this controller owns.
inline constexpr const char *kManagedByLabel = "endpointslice.kubernetes.io/managed-by";
inline constexpr const char *kSliceControllerName = "endpointslice-controller.k8s.io";
/// kHeadlessLabel marks Endpoints and slices of a headless Service.
inline constexpr const char *kHeadlessLabel = "service.kubernetes.io/headless";

/// managesEndpoints says whether the controllers generate endpoints for svc: it has a
/// selector and is not an ExternalName.
bool managesEndpoints(const model::Service &svc);

/// selectedPods returns the Pods svc selects, sorted by name, through the label index.
std::vector<std::shared_ptr<const model::Pod>> selectedPods(const Store &store,
                                                            const model::Service &svc);

/// resolvePorts gives the Service's ports as this Pod serves them (FindPort per port, by name
/// and protocol for a named targetPort); a port the Pod does not declare is left out.
std::vector<model::EndpointPort> resolvePorts(const model::Service &svc, const model::Pod &pod);

/// hostnameFor is the endpoint hostname: the Pod's hostname when its subdomain is the
/// Service's name (StatefulSet Pods behind their headless Service).
std::string hostnameFor(const model::Pod &pod, const model::Service &svc);

/// podReference is the targetRef of an endpoint.
model::ObjectReference podReference(const model::Pod &pod);

/// endpointLabels are the Service's labels plus the headless marker.
model::Labels endpointLabels(const model::Service &svc);

/// podChangeMattersToEndpoints says whether a Pod change can change Endpoints or slices.
bool podChangeMattersToEndpoints(const model::Pod *previous, const model::Pod *current);

/// enqueueServicesForPod adds every Service that selects the Pod before or after an event.
void enqueueServicesForPod(const ServiceSelectorIndex &index, const WatchEvent &event,
                           WorkQueue<NamespacedName> &queue);

} // namespace clusterlab::cluster
