#include "proxyrules/iptables_rules.h"

#include "proxyrules/chain_names.h"
#include "proxyrules/endpoint_selection.h"
#include "proxyrules/iptables_builder.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <sstream>
#include <tuple>

namespace clusterlab::proxyrules {
namespace {

constexpr const char *kFilter = "filter";
constexpr const char *kNat = "nat";
constexpr const char *kMarkMasq = "KUBE-MARK-MASQ";

std::optional<std::uint32_t> parseIPv4(const std::string &text)
{
    std::uint32_t value = 0;
    int parts = 0;
    std::istringstream in(text);
    std::string part;
    while (std::getline(in, part, '.')) {
        if (part.empty() || part.size() > 3 || !std::all_of(part.begin(), part.end(), ::isdigit))
            return std::nullopt;
        const int octet = std::stoi(part);
        if (octet > 255)
            return std::nullopt;
        value = (value << 8) | std::uint32_t(octet);
        ++parts;
    }
    return parts == 4 ? std::optional(value) : std::nullopt;
}

bool cidrContains(const std::string &cidr, const std::string &ip)
{
    const auto slash = cidr.find('/');
    const auto network = parseIPv4(cidr.substr(0, slash));
    const auto address = parseIPv4(ip);
    if (!network || !address)
        return false;
    const int bits = slash == std::string::npos ? 32 : std::atoi(cidr.c_str() + slash + 1);
    const std::uint32_t mask = bits <= 0 ? 0 : ~std::uint32_t(0) << (32 - std::min(bits, 32));
    return (*network & mask) == (*address & mask);
}

std::string trimmed(const std::string &text)
{
    const auto first = text.find_first_not_of(" \t");
    const auto last = text.find_last_not_of(" \t");
    return first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
}

std::string quoted(const std::string &comment)
{
    return "\"" + comment + "\"";
}

/// Everything syncProxyRules computes for one Service port before it writes rules.
struct PortPlan
{
    explicit PortPlan(const ProxyServicePort &port) : sp(port) { }
    const ProxyServicePort &sp;
    std::string key, proto, clusterChain, localChain, extChain, fwChain;
    EndpointSelection selection;
    std::string internalChain, externalPolicyChain, lbChain;
    bool hasInternal = false, hasExternal = false, usesExtChain = false, usesFw = false;
    std::string internalFilterTarget, internalFilterComment;
    std::string externalFilterTarget, externalFilterComment;
    std::vector<std::string> sourceRanges;
};

PortPlan planPort(const ProxyServicePort &sp, const ProxyOptions &options)
{
    PortPlan p(sp);
    p.key = servicePortKey(sp);
    p.proto = lowerProtocol(sp.protocol);
    p.clusterChain = serviceClusterChain(p.key, p.proto);
    p.localChain = serviceLocalChain(p.key, p.proto);
    p.extChain = serviceExternalChain(p.key, p.proto);
    p.fwChain = serviceFirewallChain(p.key, p.proto);
    p.selection = selectEndpoints(sp, options.nodeName);
    const bool hasAny = p.selection.hasAnyEndpoints;
    const bool noLocal = p.selection.localEndpoints.empty();
    p.internalChain = sp.internalPolicyLocal ? p.localChain : p.clusterChain;
    p.hasInternal = hasAny && !(sp.internalPolicyLocal && noLocal);
    p.externalPolicyChain = externalPolicyLocal(sp) ? p.localChain : p.clusterChain;
    p.hasExternal = hasAny && !(externalPolicyLocal(sp) && noLocal);
    p.usesExtChain = hasAny && externallyAccessible(sp);
    for (const std::string &range : sp.loadBalancerSourceRanges)
        if (!trimmed(range).empty())
            p.sourceRanges.push_back(trimmed(range));
    p.usesFw = hasAny && !sp.loadBalancerIPs.empty() && !p.sourceRanges.empty();
    p.lbChain = p.usesFw ? p.fwChain : p.extChain;
    if (!hasAny) {
        p.internalFilterTarget = p.externalFilterTarget = "REJECT";
        p.internalFilterComment = p.externalFilterComment = quoted(p.key + " has no endpoints");
    } else {
        if (!p.hasInternal) {
            p.internalFilterTarget = "DROP";
            p.internalFilterComment = quoted(p.key + " has no local endpoints");
        }
        if (!p.hasExternal) {
            p.externalFilterTarget = "DROP";
            p.externalFilterComment = quoted(p.key + " has no local endpoints");
        }
    }
    return p;
}

RuleRole filterRole(const std::string &target)
{
    return target == "REJECT" ? RuleRole::Reject : RuleRole::Drop;
}

/// The capture rules in KUBE-SERVICES, KUBE-NODEPORTS and their filter-table counterparts.
void writePortals(IptablesBuilder &b, const PortPlan &p, bool localhostNodePorts,
                  const ProxyOptions &options)
{
    const ProxyServicePort &sp = p.sp;
    const std::string match = "-m " + p.proto + " -p " + p.proto;
    const auto dest = [&](const std::string &ip, int port) {
        return match + " -d " + ip + " --dport " + std::to_string(port);
    };
    const std::string clusterDest = dest(sp.clusterIP, sp.port);
    if (p.hasInternal) {
        b.add(kNat, "KUBE-SERVICES",
              "-m comment --comment " + quoted(p.key + " cluster IP") + " " + clusterDest + " -j "
                      + p.internalChain,
              RuleRole::ClusterIPPortal, p.key)
                .address = sp.clusterIP;
    } else {
        b.add(kFilter, "KUBE-SERVICES",
              "-m comment --comment " + p.internalFilterComment + " " + clusterDest + " -j "
                      + p.internalFilterTarget,
              filterRole(p.internalFilterTarget), p.key)
                .address = sp.clusterIP;
    }
    const auto filterExternal = [&](const std::string &ip, const std::string &matchText) {
        b.add(kFilter, "KUBE-EXTERNAL-SERVICES",
              "-m comment --comment " + p.externalFilterComment + " " + matchText + " -j "
                      + p.externalFilterTarget,
              filterRole(p.externalFilterTarget), p.key)
                .address = ip;
    };
    for (const std::string &ip : sp.externalIPs) {
        if (p.selection.hasAnyEndpoints)
            b.add(kNat, "KUBE-SERVICES",
                  "-m comment --comment " + quoted(p.key + " external IP") + " " + dest(ip, sp.port)
                          + " -j " + p.extChain,
                  RuleRole::ExternalIPPortal, p.key)
                    .address = ip;
        if (!p.hasExternal)
            filterExternal(ip, dest(ip, sp.port));
    }
    for (const std::string &ip : sp.loadBalancerIPs) {
        if (p.selection.hasAnyEndpoints)
            b.add(kNat, "KUBE-SERVICES",
                  "-m comment --comment " + quoted(p.key + " loadbalancer IP") + " "
                          + dest(ip, sp.port) + " -j " + p.lbChain,
                  RuleRole::LoadBalancerPortal, p.key)
                    .address = ip;
        if (p.usesFw)
            b.add(kFilter, "KUBE-PROXY-FIREWALL",
                  "-m comment --comment " + quoted(p.key + " traffic not accepted by " + p.fwChain)
                          + " " + dest(ip, sp.port) + " -j DROP",
                  RuleRole::FirewallDrop, p.key)
                    .address = ip;
    }
    if (!p.hasExternal)
        for (const std::string &ip : sp.loadBalancerIPs)
            filterExternal(ip, dest(ip, sp.port));
    const std::string nodePort = std::to_string(sp.nodePort);
    if (sp.nodePort != 0) {
        if (p.selection.hasAnyEndpoints) {
            if (localhostNodePorts && options.nfacctCounters)
                b.add(kNat, "KUBE-NODEPORTS",
                      "-m comment --comment " + p.key + " " + match + " -d 127.0.0.0/8 --dport "
                              + nodePort
                              + " -m nfacct --nfacct-name localhost_nps_accepted_pkts -j "
                              + p.extChain,
                      RuleRole::LocalhostNodePort, p.key)
                        .address = nodePort;
            b.add(kNat, "KUBE-NODEPORTS",
                  "-m comment --comment " + p.key + " " + match + " --dport " + nodePort + " -j "
                          + p.extChain,
                  RuleRole::NodePort, p.key)
                    .address = nodePort;
        }
        if (!p.hasExternal)
            filterExternal(nodePort,
                           "-m addrtype --dst-type LOCAL " + match + " --dport " + nodePort);
    }
    if (sp.healthCheckNodePort != 0) {
        const std::string port = std::to_string(sp.healthCheckNodePort);
        b.add(kFilter, "KUBE-NODEPORTS",
              "-m comment --comment " + quoted(p.key + " health check node port")
                      + " -m tcp -p tcp --dport " + port + " -j ACCEPT",
              RuleRole::HealthCheckNodePort, p.key)
                .address = port;
    }
}

/// The KUBE-EXT and KUBE-FW chains, and the masquerade rule of the internal chain.
void writeServiceChains(IptablesBuilder &b, const PortPlan &p, const ProxyOptions &options)
{
    const ProxyServicePort &sp = p.sp;
    const bool detectLocal = !options.clusterCIDR.empty();
    if (p.hasInternal) {
        const std::string args = "-m comment --comment " + quoted(p.key + " cluster IP") + " -m "
                + p.proto + " -p " + p.proto + " -d " + sp.clusterIP + " --dport "
                + std::to_string(sp.port);
        if (options.masqueradeAll)
            b.add(kNat, p.internalChain, args + " -j " + kMarkMasq, RuleRole::ServiceMasquerade,
                  p.key);
        else if (detectLocal)
            b.add(kNat, p.internalChain, args + " ! -s " + options.clusterCIDR + " -j " + kMarkMasq,
                  RuleRole::ServiceMasquerade, p.key);
    }
    if (p.usesExtChain) {
        b.declare(kNat, p.extChain);
        if (!externalPolicyLocal(sp)) {
            b.add(kNat, p.extChain,
                  "-m comment --comment "
                          + quoted("masquerade traffic for " + p.key + " external destinations")
                          + " -j " + kMarkMasq,
                  RuleRole::ExternalMasquerade, p.key);
        } else {
            if (detectLocal)
                b.add(kNat, p.extChain,
                      "-m comment --comment "
                              + quoted("pod traffic for " + p.key + " external destinations")
                              + " -s " + options.clusterCIDR + " -j " + p.clusterChain,
                      RuleRole::ExternalShortCircuit, p.key);
            b.add(kNat, p.extChain,
                  "-m comment --comment "
                          + quoted("masquerade LOCAL traffic for " + p.key
                                   + " external destinations")
                          + " -m addrtype --src-type LOCAL -j " + kMarkMasq,
                  RuleRole::ExternalLocalMasquerade, p.key);
            b.add(kNat, p.extChain,
                  "-m comment --comment "
                          + quoted("route LOCAL traffic for " + p.key + " external destinations")
                          + " -m addrtype --src-type LOCAL -j " + p.clusterChain,
                  RuleRole::ExternalLocalRoute, p.key);
        }
        if (p.hasExternal)
            b.add(kNat, p.extChain, "-j " + p.externalPolicyChain, RuleRole::ExternalPolicyJump,
                  p.key);
    }
    if (p.usesFw) {
        b.declare(kNat, p.fwChain);
        const std::string args = "-m comment --comment " + quoted(p.key + " loadbalancer IP");
        bool allowFromNode = false;
        for (const std::string &cidr : p.sourceRanges) {
            b.add(kNat, p.fwChain, args + " -s " + cidr + " -j " + p.extChain,
                  RuleRole::FirewallAllow, p.key)
                    .address = cidr;
            allowFromNode = allowFromNode || cidrContains(cidr, options.nodeIP);
        }
        if (allowFromNode)
            for (const std::string &ip : sp.loadBalancerIPs)
                b.add(kNat, p.fwChain, args + " -s " + ip + " -j " + p.extChain,
                      RuleRole::FirewallAllow, p.key)
                        .address = ip;
        b.add(kNat, p.fwChain,
              "-m comment --comment "
                      + quoted("other traffic to " + p.key
                               + " will be dropped by KUBE-PROXY-FIREWALL"),
              RuleRole::FirewallFallThrough, p.key);
    }
}

/// writeServiceToEndpointRules: affinity re-checks first, then the statistic picks.
void writeEndpointPicks(IptablesBuilder &b, const PortPlan &p, const std::string &chain,
                        const std::vector<ProxyEndpoint> &endpoints, bool comments)
{
    b.declare(kNat, chain);
    const auto comment = [&](const std::string &ep) {
        return comments ? "-m comment --comment " + quoted(p.key + " -> " + ep) + " "
                        : std::string();
    };
    if (p.sp.clientIPAffinity) {
        for (const ProxyEndpoint &ep : endpoints) {
            const std::string sep = serviceEndpointChain(p.key, p.proto, endpointKey(ep));
            b.add(kNat, chain,
                  comment(endpointKey(ep)) + "-m recent --name " + sep + " --rcheck --seconds "
                          + std::to_string(p.sp.affinityTimeoutSeconds) + " --reap -j " + sep,
                  RuleRole::AffinityCheck, p.key)
                    .endpoint = endpointKey(ep);
        }
    }
    const int n = static_cast<int>(endpoints.size());
    for (int i = 0; i < n; ++i) {
        const std::string ep = endpointKey(endpoints[i]);
        std::string args = comment(ep);
        if (i < n - 1)
            args += "-m statistic --mode random --probability " + iptablesProbability(n - i) + " ";
        b.add(kNat, chain, args + "-j " + serviceEndpointChain(p.key, p.proto, ep),
              RuleRole::EndpointPick, p.key)
                .endpoint = ep;
    }
}

void writeEndpointChains(IptablesBuilder &b, const PortPlan &p, bool comments)
{
    const ProxyServicePort &sp = p.sp;
    if (!p.selection.clusterEndpoints.empty() && usesClusterEndpoints(sp))
        writeEndpointPicks(b, p, p.clusterChain, p.selection.clusterEndpoints, comments);
    if (!p.selection.localEndpoints.empty() && usesLocalEndpoints(sp))
        writeEndpointPicks(b, p, p.localChain, p.selection.localEndpoints, comments);
    for (const ProxyEndpoint &endpoint : p.selection.allReachable) {
        const std::string ep = endpointKey(endpoint);
        const std::string sep = serviceEndpointChain(p.key, p.proto, ep);
        b.declare(kNat, sep);
        const std::string comment = comments ? "-m comment --comment " + p.key + " " : "";
        b.add(kNat, sep, comment + "-s " + endpoint.ip + " -j " + kMarkMasq,
              RuleRole::EndpointHairpinMasquerade, p.key)
                .endpoint = ep;
        const std::string recent = sp.clientIPAffinity ? "-m recent --name " + sep + " --set " : "";
        b.add(kNat, sep,
              comment + recent + "-m " + p.proto + " -p " + p.proto + " -j DNAT --to-destination "
                      + ep,
              RuleRole::EndpointDnat, p.key)
                .endpoint = ep;
    }
}

} // namespace

std::string iptablesProbability(int n)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%0.10f", 1.0 / double(n));
    return buffer;
}

} // namespace clusterlab::proxyrules

namespace clusterlab::proxyrules {

std::vector<RuleLine> generateIptablesRules(const std::vector<ProxyServicePort> &services,
                                            const ProxyOptions &options)
{
    std::vector<const ProxyServicePort *> ordered;
    std::size_t totalEndpoints = 0;
    for (const ProxyServicePort &sp : services) {
        if (sp.clusterIP.empty() || sp.clusterIP == "None")
            continue; // headless: kube-proxy does not proxy it
        ordered.push_back(&sp);
        totalEndpoints += sp.endpoints.size();
    }
    // kube-proxy walks a Go map; its tests sort by Service name, and so do we.
    std::stable_sort(ordered.begin(), ordered.end(), [](const auto *a, const auto *b) {
        return std::tie(a->ns, a->name, a->portName) < std::tie(b->ns, b->name, b->portName);
    });
    // largeClusterEndpointsThreshold: past it kube-proxy drops the per-endpoint comments.
    const bool comments = totalEndpoints <= 1000;

    IptablesBuilder builder;
    writeIptablesPreamble(builder, options);
    const bool localhostNodePorts = effectiveLocalhostNodePorts(options);
    for (const ProxyServicePort *sp : ordered) {
        const PortPlan plan = planPort(*sp, options);
        writePortals(builder, plan, localhostNodePorts, options);
        writeServiceChains(builder, plan, options);
        writeEndpointChains(builder, plan, comments);
    }
    writeIptablesEpilogue(builder, options);
    std::vector<RuleLine> lines = builder.assemble();
    assignIds(lines);
    return lines;
}

} // namespace clusterlab::proxyrules
