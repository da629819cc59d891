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
/// replicas - maxUnavailable Pods available). Revisions as Kubernetes keeps them: each new or
/// rolled-back-to ReplicaSet gets the highest revision + 1 (deployment.kubernetes.io/revision,
/// copied to the Deployment) and the Deployment's annotations (kubernetes.io/change-cause);
/// each scale records desired-replicas and max-replicas. Old ReplicaSets stay at 0 replicas
/// up to revisionHistoryLimit, the lowest revisions going first. Event: ScalingReplicaSet
/// ("Scaled up replica set x from 0 to 3").
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
    /// syncNewReplicaSet brings an existing new ReplicaSet's annotations (revision,
    /// change-cause) and minReadySeconds up to date, as getNewReplicaSet does.
    ReplicaSetPtr syncNewReplicaSet(const model::Deployment &d, const ReplicaSetPtr &rs,
                                    std::int64_t revision);
    void cleanup(const model::Deployment &d, const std::vector<ReplicaSetPtr> &oldRSs);
    /// updateStatus counts the Pods of every owned ReplicaSet and gives the Deployment the
    /// revision of newRS, the one that matches the template (null = find it by comparing
    /// templates, and leave the revision).
    void updateStatus(const model::Deployment &d, const model::ReplicaSet *newRS = nullptr);
    PodCounts countPods(const model::ReplicaSet &rs) const;

    ControllerContext m_context;
    PodControl m_control;
    WorkQueue<NamespacedName> m_queue;
};

} // namespace clusterlab::cluster
