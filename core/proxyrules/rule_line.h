#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace clusterlab::proxyrules {

/// RuleRole says what a generated line does, so a UI and the connection matcher can reason
/// about lines without parsing their text.
enum class RuleRole {
    TableHeader, ///< "*nat", "table ip kube-proxy {", "IP Virtual Server version …"
    ChainDeclaration, ///< ":KUBE-SVC-… - [0:0]", "chain service-… {"
    Commit, ///< "COMMIT", a closing brace
    Infrastructure, ///< KUBE-POSTROUTING, KUBE-MARK-MASQ, KUBE-FORWARD and the like
    ClusterIPPortal, ///< captures the ClusterIP:port and jumps to the Service
    ExternalIPPortal, ///< captures an external IP:port
    LoadBalancerPortal, ///< captures a load-balancer IP:port
    NodePortsJump, ///< KUBE-SERVICES → KUBE-NODEPORTS, the last rule of KUBE-SERVICES
    NodePort, ///< captures a node port
    LocalhostNodePort, ///< captures a node port on 127.0.0.0/8
    HealthCheckNodePort, ///< accepts the health-check node port
    ServiceMasquerade, ///< marks off-cluster (or all, --masquerade-all) ClusterIP traffic
    ExternalMasquerade, ///< marks external-destination traffic (Cluster policy)
    ExternalShortCircuit, ///< pod → external destination goes to the Cluster chain
    ExternalLocalMasquerade, ///< host-originated external traffic is marked
    ExternalLocalRoute, ///< host-originated external traffic goes to the Cluster chain
    ExternalPolicyJump, ///< the external chain falls through to its policy chain
    FirewallAllow, ///< a loadBalancerSourceRanges entry (or the LB IP itself) is let through
    FirewallFallThrough, ///< the rest of the LB traffic, dropped later by KUBE-PROXY-FIREWALL
    FirewallDrop, ///< KUBE-PROXY-FIREWALL's DROP
    AffinityCheck, ///< ClientIP affinity: "-m recent --rcheck" back to the remembered endpoint
    EndpointPick, ///< the statistic (or final) rule that picks one endpoint
    EndpointHairpinMasquerade, ///< an endpoint talking to itself through the Service is marked
    EndpointDnat, ///< the DNAT to the endpoint
    Reject, ///< no endpoints at all
    Drop, ///< no (local) endpoints for this kind of traffic
    VirtualServer, ///< IPVS virtual server, nftables map element
    RealServer, ///< IPVS real server
    Note, ///< an explanatory comment, not part of the listing a real tool prints
};

/// RuleLine is one line of a generated listing. `id` is stable across regenerations as long as
/// the Service port, the chain and the endpoint stay the same, so a UI can keep highlights and
/// counters on it. `svcKey` is "ns/name:port" (kube-proxy's ServicePortName), `endpoint` is
/// "ip:port" for lines about one endpoint, `address` the IP, CIDR or port a portal or firewall
/// line captures, `target` the chain or verdict the line jumps to.
struct RuleLine
{
    std::string id;
    std::string text;
    std::string table;
    std::string chain;
    std::string svcKey;
    std::string endpoint;
    std::string address;
    std::string target;
    RuleRole role = RuleRole::Infrastructure;
    std::uint64_t packets = 0;
    std::uint64_t bytes = 0;
};

/// RenderOptions choose how renderRules prints a listing.
struct RenderOptions
{
    bool counters = false; ///< prefix rules with "[packets:bytes] ", as iptables-save -c does
    bool notes = true; ///< include RuleRole::Note lines
};

/// renderRules joins the lines' text into the listing, one line each, ending in a newline.
std::string renderRules(const std::vector<RuleLine> &lines, const RenderOptions &options = {});

/// isRule says whether a line is a rule that matches packets (and so can carry counters).
bool isRule(const RuleLine &line);

/// assignIds fills each line's id from its table, chain, role, Service port and endpoint (or
/// its text where those do not tell lines apart), suffixing "#2", "#3"… to repeats.
void assignIds(std::vector<RuleLine> &lines);

} // namespace clusterlab::proxyrules
