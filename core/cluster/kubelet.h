#pragma once

#include "cluster/controller.h"
#include "cluster/ip_allocator.h"

#include <map>
#include <set>
#include <string>

namespace clusterlab::cluster {

/// Kubelet runs the Pods bound to every node, with simulated delays scaled by the pace:
/// at once the sandbox (status ContainerCreating, hostIP, a podIP from the node's /24, handed
/// out in turn so a just-released address is not reused soon); after 1 s the containers
/// (phase Running, startTime); then Ready, at once or after the largest readinessProbe
/// initialDelaySeconds. A deleted Pod is removed after its terminationGracePeriodSeconds,
/// capped at 5 s (times the pace) so a 120 s grace period does not freeze a lesson.
/// An image a registry would refuse (model::imagePullFailure) is never started: the Pod stays
/// Pending with its container waiting in ErrImagePull, then ImagePullBackOff, and the pull is
/// tried again after a back-off of 10 s doubling to 300 s (times the pace).
/// Events: Pulling/Pulled, Failed, BackOff, Created, Started, Killing, in the kubelet's words.
/// Thread: engine strand only.
class Kubelet : public Controller
{
public:
    static constexpr double kStartSeconds = 1.0;
    static constexpr double kMaxGraceSeconds = 5.0;

    explicit Kubelet(ControllerContext context);

    void observe(const WatchEvent &event) override;
    bool pending() const override { return !m_queue.empty(); }
    void sync() override;

private:
    void createSandbox(const model::Pod &pod);
    void startContainers(const NamespacedName &key, const std::string &uid);
    void markReady(const NamespacedName &key, const std::string &uid);
    /// pullFailed records a failed pull of container's image (attempt 0 is the first) and
    /// schedules the back-off and the next try.
    void pullFailed(const model::Pod &pod, const model::Container &container,
                    const std::string &failure, int attempt);
    void killPod(const model::Pod &pod);
    IpAllocator *allocatorFor(const std::string &nodeName);

    ControllerContext m_context;
    WorkQueue<NamespacedName> m_queue;
    std::set<std::string> m_sandboxed; ///< uids with a podIP, live Pods only
    std::set<std::string> m_killing; ///< uids with a removal due
    std::map<std::string, IpAllocator> m_podNetworks; ///< node name -> its podCIDR
};

} // namespace clusterlab::cluster
