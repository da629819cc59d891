#pragma once

#include "model/object_meta.h"

#include <optional>
#include <string>
#include <vector>

namespace clusterlab::model {

struct ServicePort
{
    std::string name;
    std::string protocol = "TCP";
    std::string appProtocol;
    std::int64_t port = 0;
    IntOrString targetPort;
    std::int64_t nodePort = 0;

    bool operator==(const ServicePort &) const = default;
};

struct ServiceSpec
{
    std::string type = "ClusterIP";
    std::optional<Labels> selector; ///< absent: endpoints are managed by hand.
    std::vector<ServicePort> ports;
    std::string clusterIP;
    std::vector<std::string> clusterIPs;
    std::string externalName;
    std::vector<std::string> externalIPs;
    std::string sessionAffinity = "None";
    std::optional<std::int64_t> sessionAffinityTimeoutSeconds;
    bool publishNotReadyAddresses = false;
    /// externalTrafficPolicy is "Cluster" or "Local" for NodePort and LoadBalancer Services
    /// (and those with externalIPs), empty for the others, as the API server defaults it.
    std::string externalTrafficPolicy;
    std::string internalTrafficPolicy = "Cluster";
    std::int64_t healthCheckNodePort = 0; ///< LoadBalancer with externalTrafficPolicy Local
    std::string loadBalancerIP;
    std::optional<std::string> loadBalancerClass;
    std::vector<std::string> loadBalancerSourceRanges;
    std::optional<bool> allocateLoadBalancerNodePorts; ///< defaulted to true for LoadBalancer

    bool operator==(const ServiceSpec &) const = default;
};

/// LoadBalancerIngress is one address a load balancer answers on (status.loadBalancer.ingress).
struct LoadBalancerIngress
{
    std::string ip;
    std::string hostname;
    std::string ipMode = "VIP";

    bool operator==(const LoadBalancerIngress &) const = default;
};

struct ServiceStatus
{
    std::vector<LoadBalancerIngress> loadBalancerIngress;

    bool operator==(const ServiceStatus &) const = default;
};

/// Service mirrors core/v1 Service.
struct Service
{
    static constexpr const char *kKind = "Service";
    ObjectMeta metadata;
    ServiceSpec spec;
    ServiceStatus status;
    Raw raw;

    bool operator==(const Service &) const = default;
};

inline bool isHeadless(const Service &s)
{
    return s.spec.clusterIP == "None";
}

/// needsNodePorts says whether the Service's ports get node ports (NodePort, and LoadBalancer
/// unless allocateLoadBalancerNodePorts is false).
inline bool needsNodePorts(const ServiceSpec &spec)
{
    return spec.type == "NodePort"
            || (spec.type == "LoadBalancer" && spec.allocateLoadBalancerNodePorts.value_or(true));
}

/// isExternallyAccessible is the API server's test for when externalTrafficPolicy applies.
inline bool isExternallyAccessible(const ServiceSpec &spec)
{
    return spec.type == "NodePort" || spec.type == "LoadBalancer" || !spec.externalIPs.empty();
}

/// needsHealthCheckNodePort: a LoadBalancer keeping the client's address gets a health check
/// port that cloud load balancers probe to find the nodes with local endpoints.
inline bool needsHealthCheckNodePort(const ServiceSpec &spec)
{
    return spec.type == "LoadBalancer" && spec.externalTrafficPolicy == "Local";
}

} // namespace clusterlab::model
