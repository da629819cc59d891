#pragma once

#include "proxyrules/rule_line.h"

#include <cstdint>
#include <string>
#include <vector>

namespace clusterlab::proxyrules {

/// ProxyEntry is how a connection reached the Service.
enum class ProxyEntry { ClusterIP, NodePort, ExternalIP, LoadBalancerIP };

/// ProxySource is where a connection came from, which decides the masquerade and
/// short-circuit rules it passes.
enum class ProxySource {
    Pod, ///< a Pod in the cluster CIDR
    Node, ///< the node itself (src-type LOCAL)
    External, ///< outside the cluster
};

/// ProxyConnection describes one connection the data plane balanced: the Service port it was
/// for (svcKey "ns/name:port") and the endpoint picked ("ip:port", or just "ip").
struct ProxyConnection
{
    std::string svcKey;
    std::string endpoint;
    ProxyEntry entry = ProxyEntry::ClusterIP;
    ProxySource source = ProxySource::Pod;
    bool affinityHit = false; ///< ClientIP affinity already remembered this endpoint
};

/// matchedLineIds returns, in traversal order, the ids of the lines the connection's first
/// packet matched. For iptables it walks the nat table from KUBE-SERVICES (or KUBE-NODEPORTS)
/// through KUBE-EXT / KUBE-FW / KUBE-SVC / KUBE-SVL to the KUBE-SEP DNAT, following the jump
/// targets and the masquerade rules that apply to the source; a Service port with no usable
/// endpoints yields its REJECT/DROP line. For IPVS and nftables listings it returns the
/// Service port's entry line(s) and the lines about the picked endpoint. Unknown Service ports
/// or endpoints yield no ids (or a prefix of the path). Thread: any; pure.
std::vector<std::string> matchedLineIds(const std::vector<RuleLine> &lines,
                                        const ProxyConnection &connection);

/// CountedConnection is how many connections took one way, with their first packets' bytes
/// (only a connection's first packet walks the nat table).
struct CountedConnection
{
    ProxyConnection connection;
    std::uint64_t packets = 0, bytes = 0;
};

/// countConnections sets every line's counters from what the data plane counted: each kind
/// of connection is walked once (matchedLineIds) and its counts are added to every line it
/// matched, so portals, masquerade marks, the step of the cascade taken and the DNAT all
/// count what went through them. Other lines get zero. Thread: any; pure.
void countConnections(std::vector<RuleLine> &lines, const std::vector<CountedConnection> &counted);

} // namespace clusterlab::proxyrules
