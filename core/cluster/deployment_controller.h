#pragma once

#include "cluster/controller.h"
#include "cluster/pod_control.h"
#include "model/workloads.h"

#include <memory>
#include <vector>

namespace clusterlab::cluster {

/// DeploymentController rolls a Deployment's template out through ReplicaSets named
/// "<deployment>-<pod-template-hash>", as Kubernetes' deployment controller does: Recreate
/// (old ReplicaSets to 0, wait until their Pods are gone, then the new one up) or
/// RollingUpdate (the new one up within maxSurge, old ones down while keeping
/// replicas - maxUnavailable Pods available). Old ReplicaSets stay at 0 replicas up to
/// revisionHistoryLimit. Event: ScalingReplicaSet ("Scaled up replica set x from 0 to 3").
/// Availability is readiness here: minReadySeconds is not simulated.
/// Thread: engine strand only.
class DeploymentController : public Controller
{
public:
    explicit DeploymentController(ControllerContext context);

    void observe(const WatchEvent &event) override;
    bool pending() const override { return !m_queue.empty(); }
    void sync() override;

private:
    using ReplicaSetPtr = std::shared_ptr<const model::ReplicaSet>;

    /// PodCounts are a ReplicaSet's Pods as the rollout needs them: fresh from the store, not
    /// from a status that may lag.
    struct PodCounts
    {
        std::int64_t active = 0;
        std::int64_t ready = 0;
        std::int64_t total = 0; ///< terminating ones too
    };

    void observeReplicaSet(const WatchEvent &event);
    void syncDeployment(const model::Object &object, const model::Deployment &d);
    std::vector<ReplicaSetPtr> claimReplicaSets(const model::Object &object,
                                                const model::Deployment &d);
    ReplicaSetPtr createReplicaSet(const model::Object &object, const model::Deployment &d,
                                   std::int64_t replicas, std::int64_t revision);
    ReplicaSetPtr scale(const model::Object &object, const ReplicaSetPtr &rs,
                        std::int64_t replicas);
    ReplicaSetPtr rollRecreate(const model::Object &object, const model::Deployment &d,
                               ReplicaSetPtr newRS, const std::vector<ReplicaSetPtr> &oldRSs,
                               std::int64_t revision);
    ReplicaSetPtr rollRolling(const model::Object &object, const model::Deployment &d,
                              ReplicaSetPtr newRS, std::vector<ReplicaSetPtr> oldRSs,
                              std::int64_t revision);
    void scaleDownOld(const model::Object &object, const model::Deployment &d,
                      const ReplicaSetPtr &newRS, std::vector<ReplicaSetPtr> &oldRSs);
    void cleanup(const model::Deployment &d, const std::vector<ReplicaSetPtr> &oldRSs);
    /// updateStatus counts the Pods of every owned ReplicaSet; newRS names the one that
    /// matches the template ("" = find it by comparing templates).
    void updateStatus(const model::Deployment &d, const std::string &newRS = {});
    PodCounts countPods(const model::ReplicaSet &rs) const;

    ControllerContext m_context;
    PodControl m_control;
    WorkQueue<NamespacedName> m_queue;
};

} // namespace clusterlab::cluster
