#pragma once

#include "cluster/controller.h"
#include "model/pod.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace clusterlab::cluster {

/// controllerRefTo builds the ownerReference a controller puts on what it creates or adopts
/// (controller: true, blockOwnerDeletion: true).
model::OwnerReference controllerRefTo(const model::Object &owner);

/// PodControl creates, adopts, releases and deletes the Pods of a controller, as
/// controller.PodControlInterface and ControllerRefManager do in Kubernetes.
/// Thread: engine strand only.
class PodControl
{
public:
    using Selects = std::function<bool(const model::Labels &)>;

    explicit PodControl(ControllerContext context);

    /// claim returns the objects of kind in owner's namespace that owner controls after
    /// adopting orphans it selects and releasing its own that it no longer selects.
    /// indexLabels (the selector's plain labels) narrow the search through the label index.
    std::vector<model::ObjectPtr> claim(const model::Object &owner, const std::string &kind,
                                        const Selects &selects, const model::Labels &indexLabels);
    /// createPod creates a Pod from tmpl, controlled by owner; name "" generates
    /// "<owner>-<5 random chars>". Returns null when the namespace is Terminating.
    std::shared_ptr<const model::Pod>
    createPod(const model::PodTemplateSpec &tmpl, const model::Object &owner,
              const std::string &name = {}, const std::function<void(model::Pod &)> &mutate = {});
    /// deletePod deletes a Pod gracefully.
    void deletePod(const model::Pod &pod);

private:
    ControllerContext m_context;
};

/// isPodFinished says whether the Pod's containers are done for good (Succeeded or Failed).
bool isPodFinished(const model::Pod &pod);

/// isPodActive is controller.IsPodActive: not terminating, not finished.
bool isPodActive(const model::Pod &pod);

/// readySince returns when the Pod's Ready condition last turned true (epoch if never).
model::Time readySince(const model::Pod &pod);

} // namespace clusterlab::cluster
