#include "dataplane_frontends.h"

#include "model/addresses.h"

#include <algorithm>
#include <functional>

namespace clusterlab {

namespace {

bool isLoopback(const std::string &ip)
{
    return ip.starts_with("127.");
}

/// fromNode is `cluster` as the frontend `address:listenPort` of `node` serves it.
net::ServicePortEntry fromNode(const model::Service &svc, const net::ServicePortEntry &cluster,
                               const FrontendNode &node, const std::string &address, int listenPort,
                               const char *via)
{
    net::ServicePortEntry entry = cluster;
    entry.listenIP = address;
    entry.listenPort = listenPort;
    entry.via = via;
    entry.node = node.name;
    entry.internalLocal = false;
    if (svc.spec.externalTrafficPolicy == "Local")
        std::erase_if(entry.endpoints, [&](const net::ServiceEndpoint &e) {
            return e.nodeName != node.name;
        });
    else
        entry.sourceIP = node.ip;
    return entry;
}

} // namespace

const FrontendNode *announcingNode(const model::Service &svc,
                                   const std::vector<net::ServiceEndpoint> &endpoints,
                                   const std::vector<FrontendNode> &nodes)
{
    if (nodes.empty())
        return nullptr;
    if (svc.spec.externalTrafficPolicy == "Local") {
        for (const auto &node : nodes)
            for (const auto &e : endpoints)
                if (e.nodeName == node.name)
                    return &node;
        return nullptr;
    }
    const std::size_t h =
            std::hash<std::string>{}(svc.metadata.namespace_ + "/" + svc.metadata.name);
    return &nodes[h % nodes.size()];
}

std::vector<net::ServicePortEntry> frontendsOf(const model::Service &svc,
                                               const model::ServicePort &port,
                                               const net::ServicePortEntry &cluster,
                                               const std::vector<FrontendNode> &nodes,
                                               std::vector<ServiceWarning> &warnings)
{
    std::vector<net::ServicePortEntry> out;
    const auto warn = [&](std::string reason, std::string message) {
        ServiceWarning w{ svc.metadata.namespace_, svc.metadata.name, std::move(reason),
                          std::move(message) };
        if (std::find(warnings.begin(), warnings.end(), w) == warnings.end())
            warnings.push_back(std::move(w));
    };
    if (nodes.empty())
        return out;
    if (port.nodePort != 0 && svc.spec.type != "ClusterIP" && svc.spec.type != "ExternalName") {
        for (const auto &node : nodes)
            out.push_back(fromNode(svc, cluster, node, node.ip, int(port.nodePort), "NodePort"));
        out.push_back(fromNode(svc, cluster, nodes.front(), model::kNodePortLocalhost,
                               int(port.nodePort), "NodePort"));
    }
    if (svc.spec.type == "LoadBalancer")
        for (const auto &ingress : svc.status.loadBalancerIngress) {
            if (ingress.ip.empty())
                continue;
            if (const auto *node = announcingNode(svc, cluster.endpoints, nodes)) {
                auto entry =
                        fromNode(svc, cluster, *node, ingress.ip, cluster.port, "LoadBalancer");
                entry.sourceRanges = svc.spec.loadBalancerSourceRanges;
                out.push_back(std::move(entry));
            }
        }
    for (const auto &ip : svc.spec.externalIPs) {
        if (!isLoopback(ip)) {
            warn("ExternalIPNotServed",
                 "externalIP " + ip
                         + " is not served: ClusterLab serves only loopback addresses "
                           "(127.0.0.0/8); use one such as 127.250.1.1");
            continue;
        }
        out.push_back(fromNode(svc, cluster, nodes.front(), ip, cluster.port, "ExternalIP"));
    }
    return out;
}

} // namespace clusterlab
