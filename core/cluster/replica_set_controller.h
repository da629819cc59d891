#pragma once

#include "cluster/controller.h"
#include "cluster/pod_control.h"

namespace clusterlab::cluster {

/// ReplicaSetController keeps `replicas` active Pods for every ReplicaSet and
/// ReplicationController (same loop, a label selector or a plain map): it adopts matching
/// orphans, releases Pods relabelled out of its selector, creates "<name>-xxxxx" Pods, deletes
/// surplus ones in Kubernetes' order (unscheduled, pending, unready, newest first), and keeps
/// status (replicas, fullyLabeledReplicas, readyReplicas, availableReplicas,
/// observedGeneration). Events: SuccessfulCreate / SuccessfulDelete.
/// Thread: engine strand only.
class ReplicaSetController : public Controller
{
public:
    explicit ReplicaSetController(ControllerContext context);

    void observe(const WatchEvent &event) override;
    bool pending() const override { return !m_queue.empty(); }
    void sync() override;

private:
    void observePod(const WatchEvent &event);
    template <class T>
    void syncOwner(const model::Object &object, const T &owner);
    void managePods(const model::Object &owner, const model::PodTemplateSpec &tmpl,
                    std::vector<std::shared_ptr<const model::Pod>> active, std::int64_t replicas);

    ControllerContext m_context;
    PodControl m_pods;
    WorkQueue<ObjectKey> m_queue;
};

/// sortForDeletion orders Pods as controller.ActivePods does, the first ones to go first.
void sortForDeletion(std::vector<std::shared_ptr<const model::Pod>> &pods);

} // namespace clusterlab::cluster
