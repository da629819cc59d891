#pragma once

#include "model/cluster_objects.h"
#include "model/service.h"
#include "net/service_forwarder.h"

#include <string>
#include <vector>

namespace clusterlab {

/// FrontendNode is a node as kube-proxy sees it: its name and InternalIP.
struct FrontendNode
{
    std::string name, ip;
};

/// ServiceWarning is something about a Service's frontends that a person must be told, as a
/// Warning event on the Service (an external IP ClusterLab will not serve, a node port held
/// by another program).
struct ServiceWarning
{
    std::string namespace_, name, reason, message;
    bool operator==(const ServiceWarning &) const = default;
    auto operator<=>(const ServiceWarning &) const = default;
};

/// frontendsOf lists every frontend kube-proxy would program for one Service port besides its
/// ClusterIP (`cluster`, whose endpoints carry their node names): the node port on every
/// node's InternalIP and on 127.0.0.1 (node-1's localhost), each LoadBalancer ingress address
/// (announced by one node, as MetalLB's layer-2 mode does) and each external IP in
/// 127.0.0.0/8. externalTrafficPolicy Cluster sends a node's traffic to any endpoint from the
/// node's address (SNAT); Local keeps the client's address and only that node's endpoints,
/// and a node without one does not serve the port. Warnings go to `warnings`.
std::vector<net::ServicePortEntry> frontendsOf(const model::Service &svc,
                                               const model::ServicePort &port,
                                               const net::ServicePortEntry &cluster,
                                               const std::vector<FrontendNode> &nodes,
                                               std::vector<ServiceWarning> &warnings);

/// announcingNode is the node a LoadBalancer address is announced from: for Local, the first
/// node (by name) with a ready endpoint of the Service; for Cluster, one node chosen by a hash
/// of the Service's name, so Services spread over nodes. Null when none qualifies.
const FrontendNode *announcingNode(const model::Service &svc,
                                   const std::vector<net::ServiceEndpoint> &endpoints,
                                   const std::vector<FrontendNode> &nodes);

} // namespace clusterlab
