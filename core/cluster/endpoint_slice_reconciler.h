#pragma once

#include "cluster/controller.h"
#include "model/endpoints.h"
#include "model/service.h"

#include <map>
#include <vector>

namespace clusterlab::cluster {

/// EndpointSliceReconciler keeps the EndpointSlices of one Service with a selector: one
/// slice "<service>-xxxxx" per distinct set of resolved ports (a named targetPort may resolve
/// differently per Pod), or one empty slice when no Pod is selected; labelled
/// kubernetes.io/service-name and managed-by endpointslice-controller.k8s.io, owned by the
/// Service. Endpoints carry ready / serving / terminating: a terminating Pod stays listed,
/// not ready. Slices are not split at 100 endpoints. It plans toCreate / toUpdate / toDelete,
/// then writes only what changed.
/// Thread: engine strand only.
class EndpointSliceReconciler
{
public:
    explicit EndpointSliceReconciler(ControllerContext context);

    /// reconcile brings the slices of the Service key (present or gone) up to date.
    void reconcile(const NamespacedName &key);
    /// isManagedSlice says whether a slice is one this reconciler keeps.
    static bool isManagedSlice(const model::ObjectMeta &meta);

private:
    using PortSet = std::vector<model::EndpointPort>;
    struct PortSetLess
    {
        bool operator()(const PortSet &a, const PortSet &b) const;
    };
    using DesiredSlices = std::map<PortSet, std::vector<model::Endpoint>, PortSetLess>;

    DesiredSlices desiredEndpoints(const model::Service &svc) const;
    model::EndpointSlice newSlice(const model::Object &service, const model::Service &svc);

    ControllerContext m_context;
};

} // namespace clusterlab::cluster
