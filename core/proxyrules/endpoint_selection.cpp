#include "proxyrules/endpoint_selection.h"

#include <algorithm>
#include <map>

namespace clusterlab::proxyrules {
namespace {

template <typename Predicate>
std::vector<ProxyEndpoint> filtered(const std::vector<ProxyEndpoint> &endpoints, Predicate keep)
{
    std::vector<ProxyEndpoint> out;
    std::copy_if(endpoints.begin(), endpoints.end(), std::back_inserter(out), keep);
    return out;
}

bool servingTerminating(const ProxyEndpoint &ep)
{
    return ep.serving && ep.terminating;
}

} // namespace

bool externallyAccessible(const ProxyServicePort &sp)
{
    return sp.nodePort != 0 || !sp.loadBalancerIPs.empty() || !sp.externalIPs.empty();
}

bool externalPolicyLocal(const ProxyServicePort &sp)
{
    return sp.externalPolicyLocal && externallyAccessible(sp);
}

bool usesClusterEndpoints(const ProxyServicePort &sp)
{
    return !sp.internalPolicyLocal || externallyAccessible(sp);
}

bool usesLocalEndpoints(const ProxyServicePort &sp)
{
    return sp.internalPolicyLocal || externalPolicyLocal(sp);
}

std::vector<ProxyEndpoint> sortedEndpoints(const ProxyServicePort &sp)
{
    std::map<std::string, ProxyEndpoint> byKey;
    for (const ProxyEndpoint &ep : sp.endpoints) {
        if (!ep.ip.empty() && ep.port > 0)
            byKey.emplace(endpointKey(ep), ep);
    }
    std::vector<ProxyEndpoint> out;
    for (auto &entry : byKey)
        out.push_back(entry.second);
    return out;
}

EndpointSelection selectEndpoints(const ProxyServicePort &sp, const std::string &nodeName)
{
    EndpointSelection result;
    const std::vector<ProxyEndpoint> endpoints = sortedEndpoints(sp);
    const auto isLocal = [&](const ProxyEndpoint &ep) {
        return !nodeName.empty() && ep.nodeName == nodeName;
    };
    if (usesClusterEndpoints(sp)) {
        result.clusterEndpoints = filtered(endpoints, [](const ProxyEndpoint &ep) {
            return ep.ready;
        });
        if (result.clusterEndpoints.empty())
            result.clusterEndpoints = filtered(endpoints, servingTerminating);
        result.hasAnyEndpoints = !result.clusterEndpoints.empty();
    }
    if (!usesLocalEndpoints(sp)) {
        result.allReachable = result.clusterEndpoints;
        return result;
    }
    bool localReady = false;
    bool localServingTerminating = false;
    for (const ProxyEndpoint &ep : endpoints) {
        if (ep.ready || servingTerminating(ep))
            result.hasAnyEndpoints = true;
        localReady = localReady || (ep.ready && isLocal(ep));
        localServingTerminating =
                localServingTerminating || (!ep.ready && servingTerminating(ep) && isLocal(ep));
    }
    bool useServingTerminating = false;
    if (localReady) {
        result.localEndpoints = filtered(endpoints, [&](const ProxyEndpoint &ep) {
            return isLocal(ep) && ep.ready;
        });
    } else if (localServingTerminating) {
        useServingTerminating = true;
        result.localEndpoints = filtered(endpoints, [&](const ProxyEndpoint &ep) {
            return isLocal(ep) && servingTerminating(ep);
        });
    }
    if (!usesClusterEndpoints(sp)) {
        result.allReachable = result.localEndpoints;
        return result;
    }
    if (!useServingTerminating) {
        result.allReachable = result.clusterEndpoints;
        return result;
    }
    // kube-proxy merges through a map here, so the order is unspecified; ours is by "ip:port".
    std::map<std::string, ProxyEndpoint> merged;
    for (const auto *list : { &result.clusterEndpoints, &result.localEndpoints })
        for (const ProxyEndpoint &ep : *list)
            merged.emplace(endpointKey(ep), ep);
    for (auto &entry : merged)
        result.allReachable.push_back(entry.second);
    return result;
}

} // namespace clusterlab::proxyrules
