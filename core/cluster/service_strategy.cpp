#include "cluster/service_strategy.h"

#include <map>
#include <set>

namespace clusterlab::cluster {

namespace {

std::set<std::int64_t> nodePortsUsed(const model::Service &svc)
{
    std::set<std::int64_t> used;
    for (const auto &port : svc.spec.ports)
        if (port.nodePort != 0)
            used.insert(port.nodePort);
    return used;
}

bool sameNodePorts(const model::Service &a, const model::Service &b)
{
    if (a.spec.ports.size() != b.spec.ports.size())
        return false;
    for (std::size_t i = 0; i < a.spec.ports.size(); ++i)
        if (a.spec.ports[i].nodePort != b.spec.ports[i].nodePort)
            return false;
    return true;
}

bool canSetLoadBalancerClass(const model::Service &svc)
{
    return svc.spec.type == "LoadBalancer";
}

} // namespace

void patchAllocatedValues(model::Service &updated, const model::Service &previous)
{
    if (model::needsNodePorts(previous.spec) && model::needsNodePorts(updated.spec)) {
        // Ports in both can't be patched in again; the rest are matched by port name.
        std::set<std::int64_t> used;
        const auto before = nodePortsUsed(previous);
        for (auto port : nodePortsUsed(updated))
            if (before.count(port))
                used.insert(port);
        std::map<std::string, std::int64_t> byName;
        for (const auto &port : previous.spec.ports)
            byName[port.name] = port.nodePort;
        for (auto &port : updated.spec.ports)
            if (port.nodePort == 0)
                if (const auto old = byName.find(port.name);
                    old != byName.end() && !used.count(old->second))
                    port.nodePort = old->second;
    }
    if (model::needsHealthCheckNodePort(previous.spec)
        && model::needsHealthCheckNodePort(updated.spec) && updated.spec.healthCheckNodePort == 0)
        updated.spec.healthCheckNodePort = previous.spec.healthCheckNodePort;
}

void dropTypeDependentFields(model::Service &updated, const model::Service &previous)
{
    if (model::needsNodePorts(previous.spec) && !model::needsNodePorts(updated.spec)
        && sameNodePorts(previous, updated))
        for (auto &port : updated.spec.ports)
            port.nodePort = 0;
    if (model::needsHealthCheckNodePort(previous.spec)
        && !model::needsHealthCheckNodePort(updated.spec)
        && previous.spec.healthCheckNodePort == updated.spec.healthCheckNodePort)
        updated.spec.healthCheckNodePort = 0;
    if (previous.spec.type == "LoadBalancer" && updated.spec.type != "LoadBalancer"
        && updated.spec.allocateLoadBalancerNodePorts && previous.spec.allocateLoadBalancerNodePorts
        && *updated.spec.allocateLoadBalancerNodePorts
                == *previous.spec.allocateLoadBalancerNodePorts)
        updated.spec.allocateLoadBalancerNodePorts.reset();
    if (canSetLoadBalancerClass(previous) && !canSetLoadBalancerClass(updated)
        && previous.spec.loadBalancerClass == updated.spec.loadBalancerClass)
        updated.spec.loadBalancerClass.reset();
    if (model::isExternallyAccessible(previous.spec) && !model::isExternallyAccessible(updated.spec)
        && previous.spec.externalTrafficPolicy == updated.spec.externalTrafficPolicy)
        updated.spec.externalTrafficPolicy.clear();
}

} // namespace clusterlab::cluster
