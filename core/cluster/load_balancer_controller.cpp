#include "cluster/load_balancer_controller.h"

#include "cluster/event_recorder.h"
#include "model/addresses.h"

namespace clusterlab::cluster {

namespace {

constexpr std::uint32_t kPoolNetwork = 0x7ffa0000; // 127.250.0.0

/// isOurs says whether this controller provisions svc: a LoadBalancer of the default class.
bool isOurs(const model::Service &svc)
{
    return svc.spec.type == "LoadBalancer" && !svc.spec.loadBalancerClass;
}

} // namespace

LoadBalancerController::LoadBalancerController(ControllerContext context)
    : m_context(context), m_pool(kPoolNetwork, 24, 0, IpAllocator::Order::Sequential, 0)
{
}

void LoadBalancerController::observe(const WatchEvent &event)
{
    if (const auto *svc = std::get_if<model::Service>(&event.object()))
        m_queue.add({ svc->metadata.namespace_, svc->metadata.name });
}

void LoadBalancerController::sync()
{
    for (const auto &key : m_queue.take())
        syncService(key);
}

void LoadBalancerController::release(const NamespacedName &key)
{
    m_provisioning.erase(key);
    m_provisioned.erase(key);
    m_lastFailure.erase(key);
    if (const auto it = m_assigned.find(key); it != m_assigned.end()) {
        m_pool.release(it->second);
        m_assigned.erase(it);
        // A freed address is what a Service left pending by a full pool waits for: try those
        // again now (the service controller's retry, without its back-off).
        for (const auto &[waiting, why] : m_lastFailure)
            m_queue.add(waiting);
    }
}

std::optional<std::uint32_t> LoadBalancerController::wantedAddress(const NamespacedName &key,
                                                                   const model::Service &svc,
                                                                   std::string &why)
{
    const auto held = m_assigned.find(key);
    const std::string &requested = svc.spec.loadBalancerIP;
    if (!requested.empty()) {
        const auto address = parseIpv4(requested);
        if (held != m_assigned.end() && address == held->second)
            return held->second;
        if (!address || !m_pool.contains(*address)) {
            why = "requested loadBalancerIP " + requested + " is not in the pool "
                    + model::kLoadBalancerCIDR;
            return std::nullopt;
        }
        if (m_pool.isAllocated(*address)) {
            why = "requested loadBalancerIP " + requested
                    + " is already assigned to another Service";
            return std::nullopt;
        }
        if (held != m_assigned.end())
            release(key);
        m_pool.allocate(*address);
        return *address;
    }
    if (held != m_assigned.end())
        return held->second;
    const auto next = m_pool.allocateNext(m_context.random);
    if (!next)
        why = std::string("no addresses left in the pool ") + model::kLoadBalancerCIDR;
    return next;
}

void LoadBalancerController::syncService(const NamespacedName &key)
{
    const auto svc = m_context.store.getAs<model::Service>(key.first, key.second);
    if (!svc || !isOurs(*svc) || svc->metadata.deletionTimestamp) {
        const bool had = m_assigned.count(key) > 0;
        release(key);
        if (svc && !svc->status.loadBalancerIngress.empty()
            && !(svc->spec.type == "LoadBalancer" && svc->spec.loadBalancerClass)) {
            auto next = *svc;
            next.status.loadBalancerIngress.clear();
            m_context.store.update(std::move(next));
        }
        if (svc && had)
            m_context.events.record(*svc, "Normal", "DeletedLoadBalancer", "Deleted load balancer",
                                    kComponent);
        return;
    }
    if (!m_assigned.count(key) && !m_provisioned.count(key)) {
        if (m_provisioning.insert(key).second) {
            m_context.events.record(*svc, "Normal", "EnsuringLoadBalancer",
                                    "Ensuring load balancer", kComponent);
            m_context.clock.schedule(m_context.delay(kProvisionSeconds), [this, key] {
                if (m_provisioning.erase(key)) {
                    m_provisioned.insert(key);
                    m_queue.add(key);
                }
            });
        }
        return;
    }
    std::string why;
    const auto address = wantedAddress(key, *svc, why);
    if (!address) {
        if (m_lastFailure[key] != why)
            m_context.events.record(*svc, "Warning", "SyncLoadBalancerFailed",
                                    "Error syncing load balancer: failed to ensure load "
                                    "balancer: "
                                            + why,
                                    kComponent);
        m_lastFailure[key] = why;
        if (!svc->status.loadBalancerIngress.empty()) {
            auto next = *svc;
            next.status.loadBalancerIngress.clear();
            m_context.store.update(std::move(next));
        }
        return;
    }
    m_provisioned.erase(key);
    m_lastFailure.erase(key);
    const bool isNew = !m_assigned.count(key) || m_assigned[key] != *address;
    m_assigned[key] = *address;
    const std::vector<model::LoadBalancerIngress> ingress{ { formatIpv4(*address), "", "VIP" } };
    if (svc->status.loadBalancerIngress == ingress)
        return;
    auto next = *svc;
    next.status.loadBalancerIngress = ingress;
    if (const auto stored = m_context.store.update(std::move(next)); stored && isNew)
        m_context.events.record(*stored, "Normal", "EnsuredLoadBalancer", "Ensured load balancer",
                                kComponent);
}

} // namespace clusterlab::cluster
