#pragma once

#include "proxyrules/proxy_input.h"

#include <string>
#include <vector>

namespace clusterlab::proxyrules {

/// EndpointSelection is kube-proxy's CategorizeEndpoints result for one Service port.
struct EndpointSelection
{
    std::vector<ProxyEndpoint> clusterEndpoints; ///< used with Cluster traffic policy
    std::vector<ProxyEndpoint> localEndpoints; ///< used with Local traffic policy
    std::vector<ProxyEndpoint> allReachable; ///< union of both, each endpoint once
    bool hasAnyEndpoints = false; ///< usable endpoints exist somewhere in the cluster
};

/// externallyAccessible says whether the port has a node port, external IPs or LB IPs.
bool externallyAccessible(const ProxyServicePort &sp);
/// externalPolicyLocal says whether external traffic uses Local policy (only when accessible).
bool externalPolicyLocal(const ProxyServicePort &sp);
/// usesClusterEndpoints mirrors BaseServicePortInfo.UsesClusterEndpoints.
bool usesClusterEndpoints(const ProxyServicePort &sp);
/// usesLocalEndpoints mirrors BaseServicePortInfo.UsesLocalEndpoints.
bool usesLocalEndpoints(const ProxyServicePort &sp);

/// sortedEndpoints returns the port's endpoints deduplicated by "ip:port" and sorted by that
/// string, the order kube-proxy's endpoint cache hands them to the proxier.
std::vector<ProxyEndpoint> sortedEndpoints(const ProxyServicePort &sp);

/// selectEndpoints mirrors pkg/proxy/topology.go CategorizeEndpoints without topology hints:
/// Ready endpoints by default, falling back to serving-and-terminating ones (independently for
/// Cluster and Local) when there are no Ready ones. An endpoint is local when its nodeName is
/// `nodeName`.
EndpointSelection selectEndpoints(const ProxyServicePort &sp, const std::string &nodeName);

} // namespace clusterlab::proxyrules
