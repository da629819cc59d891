#pragma once

#include "cluster/controller.h"
#include "cluster/endpoint_slice_reconciler.h"
#include "cluster/service_selector_index.h"
#include "model/endpoints.h"
#include "model/service.h"

#include <vector>

namespace clusterlab::cluster {

/// EndpointsController keeps the endpoints of every Service with a selector: one Endpoints
/// object named as the Service (Ready Pods in addresses, unready ones in notReadyAddresses,
/// terminating Pods not at all unless publishNotReadyAddresses; each Pod's ports resolved by
/// FindPort; Pods with the same resolved ports grouped into one subset, as RepackSubsets does)
/// and its EndpointSlices (EndpointSliceReconciler). Kubernetes runs two controllers for
/// these; one here halves the work per Pod event. It writes only when the content changes,
/// and deletes the Endpoints of a deleted Service (its slices go with their owner).
/// Thread: engine strand only.
class EndpointsController : public Controller
{
public:
    explicit EndpointsController(ControllerContext context);

    void observe(const WatchEvent &event) override;
    bool pending() const override { return !m_queue.empty(); }
    void sync() override;

private:
    /// desiredSubsets computes the subsets for svc from its selected Pods.
    static std::vector<model::EndpointSubset> desiredSubsets(const Store &store,
                                                             const model::Service &svc);
    void syncService(const NamespacedName &key);

    ControllerContext m_context;
    EndpointSliceReconciler m_slices;
    ServiceSelectorIndex m_index;
    WorkQueue<NamespacedName> m_queue;
};

} // namespace clusterlab::cluster
