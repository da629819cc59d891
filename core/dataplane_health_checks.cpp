// DataPlane's health check node ports: kube-proxy's HTTP health check of every LoadBalancer
// Service with externalTrafficPolicy Local, on every node.
#include "dataplane.h"

#include <map>
#include <set>
#include <tuple>

namespace clusterlab {

void DataPlane::syncHealthChecks(const cluster::Store &store,
                                 const std::vector<FrontendNode> &nodes,
                                 std::vector<ServiceWarning> &warnings)
{
    std::map<std::tuple<std::string, std::string, std::string, int>, int> wanted;
    for (const auto &svc : store.listOf<model::Service>()) {
        if (!model::needsHealthCheckNodePort(svc->spec) || svc->spec.healthCheckNodePort == 0)
            continue;
        std::map<std::string, std::set<std::string>> localIPs; // node -> ready endpoint IPs
        for (const auto &slice : store.listOf<model::EndpointSlice>(svc->metadata.namespace_))
            if (const auto owner = slice->metadata.labels.find("kubernetes.io/service-name");
                owner != slice->metadata.labels.end() && owner->second == svc->metadata.name)
                for (const auto &ep : slice->endpoints)
                    if (ep.conditions.ready && !ep.addresses.empty())
                        localIPs[ep.nodeName].insert(ep.addresses.front());
        for (const auto &node : nodes)
            wanted[{ svc->metadata.namespace_, svc->metadata.name, node.ip,
                     int(svc->spec.healthCheckNodePort) }] = int(localIPs[node.name].size());
    }
    std::erase_if(m_healthChecks, [&](const auto &kv) {
        return !wanted.count(kv.first);
    });
    for (const auto &[key, count] : wanted) {
        auto &server = m_healthChecks[key];
        const auto &[ns, name, ip, port] = key;
        if (!server) {
            server = std::make_unique<net::HealthCheckServer>(m_io, ns, name);
            if (const auto problem = server->open(ip, port); !problem.empty())
                warnings.push_back({ ns, name, "HealthCheckNodePortNotServed",
                                     "health check node port: " + problem });
        }
        server->setLocalEndpoints(count);
    }
}

} // namespace clusterlab
