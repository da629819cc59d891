#pragma once

#include "cluster/controller.h"
#include "cluster/ip_allocator.h"

#include <map>
#include <set>

namespace clusterlab::cluster {

/// LoadBalancerController is ClusterLab's simulated cloud controller (the service controller
/// of a cloud-controller-manager, with a MetalLB-like pool): a LoadBalancer Service without a
/// loadBalancerClass gets an address from 127.250.0.0/24 a moment after it is created, written
/// to status.loadBalancer.ingress, so EXTERNAL-IP goes from <pending> to the address as on a
/// cloud. spec.loadBalancerIP is honoured when it is in the pool and free; an exhausted pool or
/// an address that cannot be given leaves the Service pending, with a Warning event saying why.
/// A Service left pending gets an address as soon as one is released.
/// A Service with a loadBalancerClass belongs to another controller and is left alone, as
/// cloud providers do. The address is released when the Service is deleted or changes type.
/// Thread: engine strand only.
class LoadBalancerController : public Controller
{
public:
    static constexpr const char *kComponent = "service-controller";
    /// kProvisionSeconds is how long the simulated cloud takes to provision (scaled by pace).
    static constexpr double kProvisionSeconds = 1.5;

    explicit LoadBalancerController(ControllerContext context);

    void observe(const WatchEvent &event) override;
    bool pending() const override { return !m_queue.empty(); }
    void sync() override;

private:
    void syncService(const NamespacedName &key);
    void release(const NamespacedName &key);
    /// wantedAddress is the address to give: the one held, the requested one, or the next
    /// free; nothing (with the reason in `why`) when none can be given.
    std::optional<std::uint32_t> wantedAddress(const NamespacedName &key, const model::Service &svc,
                                               std::string &why);

    ControllerContext m_context;
    IpAllocator m_pool;
    std::map<NamespacedName, std::uint32_t> m_assigned;
    std::set<NamespacedName> m_provisioning; ///< waiting for the simulated cloud
    std::set<NamespacedName> m_provisioned; ///< the wait is over: assign at the next sync
    std::map<NamespacedName, std::string> m_lastFailure; ///< not to repeat the same warning
    WorkQueue<NamespacedName> m_queue;
};

} // namespace clusterlab::cluster
