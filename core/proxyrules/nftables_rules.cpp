#include "proxyrules/nftables_rules.h"

#include "proxyrules/chain_names.h"
#include "proxyrules/endpoint_selection.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <tuple>

namespace clusterlab::proxyrules {
namespace {

constexpr const char *kMarkMasq = "mark-for-masquerade";

/// Collects the table's sets, maps and chains in creation order, then prints them the way
/// `nft list table` nests them.
class NftTable
{
public:
    void declareSet(const std::string &kind, const std::string &name,
                    std::vector<std::string> properties)
    {
        if (!m_properties.contains(name))
            m_setOrder.push_back({ kind, name });
        m_properties[name] = std::move(properties);
    }
    RuleLine &element(const std::string &set, const std::string &text, RuleRole role,
                      const std::string &svcKey)
    {
        return push(m_elements[set], set, text, role, svcKey);
    }
    RuleLine &rule(const std::string &chain, const std::string &text, RuleRole role,
                   const std::string &svcKey = {})
    {
        if (!m_rules.contains(chain))
            m_chainOrder.push_back(chain);
        return push(m_rules[chain], chain, text, role, svcKey);
    }
    void chain(const std::string &name)
    {
        if (!m_rules.contains(name)) {
            m_chainOrder.push_back(name);
            m_rules[name];
        }
    }
    std::vector<RuleLine> assemble() const;

private:
    static RuleLine &push(std::vector<RuleLine> &list, const std::string &chain,
                          const std::string &text, RuleRole role, const std::string &svcKey)
    {
        RuleLine line;
        line.text = text;
        line.table = "nft";
        line.chain = chain;
        line.role = role;
        line.svcKey = svcKey;
        const auto go = text.rfind("goto ");
        const auto jump = text.rfind("jump ");
        const auto at = go != std::string::npos ? go : jump;
        if (at != std::string::npos)
            line.target = text.substr(at + 5, text.find(' ', at + 5) - at - 5);
        list.push_back(line);
        return list.back();
    }
    std::vector<std::pair<std::string, std::string>> m_setOrder;
    std::map<std::string, std::vector<std::string>> m_properties;
    std::map<std::string, std::vector<RuleLine>> m_elements;
    std::vector<std::string> m_chainOrder;
    std::map<std::string, std::vector<RuleLine>> m_rules;
};

RuleLine structural(const std::string &text, RuleRole role, const std::string &chain = {})
{
    RuleLine line;
    line.text = text;
    line.table = "nft";
    line.chain = chain;
    line.role = role;
    return line;
}

std::vector<RuleLine> NftTable::assemble() const
{
    std::vector<RuleLine> out;
    out.push_back(structural("table ip kube-proxy {", RuleRole::TableHeader));
    out.push_back(structural("\tcomment \"rules for kube-proxy\"", RuleRole::TableHeader));
    for (const auto &[kind, name] : m_setOrder) {
        out.push_back(
                structural("\t" + kind + " " + name + " {", RuleRole::ChainDeclaration, name));
        for (const std::string &property : m_properties.at(name))
            out.push_back(structural("\t\t" + property, RuleRole::ChainDeclaration, name));
        const auto found = m_elements.find(name);
        const std::size_t n = found == m_elements.end() ? 0 : found->second.size();
        for (std::size_t i = 0; i < n; ++i) {
            RuleLine line = found->second[i];
            line.text = (i == 0 ? "\t\telements = { " : "\t\t\t     ") + line.text
                    + (i + 1 == n ? " }" : ",");
            out.push_back(line);
        }
        out.push_back(structural("\t}", RuleRole::Commit, name));
    }
    for (const std::string &chain : m_chainOrder) {
        out.push_back(structural("\tchain " + chain + " {", RuleRole::ChainDeclaration, chain));
        for (RuleLine line : m_rules.at(chain)) {
            line.text = "\t\t" + line.text;
            out.push_back(line);
        }
        out.push_back(structural("\t}", RuleRole::Commit, chain));
    }
    out.push_back(structural("}", RuleRole::Commit));
    return out;
}

std::string nftDuration(int seconds)
{
    std::string out;
    for (const auto &[unit, size] : { std::pair{ "d", 86400 }, { "h", 3600 }, { "m", 60 } }) {
        if (seconds >= size) {
            out += std::to_string(seconds / size) + unit;
            seconds %= size;
        }
    }
    if (seconds > 0 || out.empty())
        out += std::to_string(seconds) + "s";
    return out;
}

std::string hashAndName(const std::string &name)
{
    return sha256Base32(name).substr(0, 8) + "-" + name;
}

void setupTable(NftTable &t, const ProxyOptions &options, const std::string &mark)
{
    t.declareSet("set", "cluster-ips", { "type ipv4_addr", "comment \"Active ClusterIPs\"" });
    if (!options.nodePortAddresses.empty()) {
        t.declareSet("set", "nodeport-ips",
                     { "type ipv4_addr", "comment \"IPs that accept NodePort traffic\"" });
        for (const std::string &ip : options.nodePortAddresses)
            if (!ip.starts_with("127."))
                t.element("nodeport-ips", ip, RuleRole::Infrastructure, {});
    }
    const std::string vmapType = "type ipv4_addr . inet_proto . inet_service : verdict";
    const std::string portType = "type inet_proto . inet_service : verdict";
    t.declareSet("map", "no-endpoint-services",
                 { vmapType,
                   "comment \"vmap to drop or reject packets to services with no endpoints\"" });
    t.declareSet("map", "no-endpoint-nodeports",
                 { portType,
                   "comment \"vmap to drop or reject packets to service nodeports with "
                   "no endpoints\"" });
    t.declareSet(
            "map", "firewall-ips",
            { vmapType, "comment \"destinations that are subject to LoadBalancerSourceRanges\"" });
    t.declareSet("map", "service-ips",
                 { vmapType, "comment \"ClusterIP, ExternalIP and LoadBalancer IP traffic\"" });
    t.declareSet("map", "service-nodeports", { portType, "comment \"NodePort traffic\"" });
    for (const auto &[chain, hook, target] :
         { std::tuple{ "nat-prerouting", "prerouting priority dstnat", "services" },
           { "nat-output", "output priority dstnat", "services" },
           { "nat-postrouting", "postrouting priority srcnat", "masquerading" } }) {
        t.rule(chain, std::string("type nat hook ") + hook + "; policy accept;",
               RuleRole::Infrastructure);
        t.rule(chain, std::string("jump ") + target, RuleRole::Infrastructure);
    }
    t.rule("services", "ip daddr . meta l4proto . th dport vmap @service-ips",
           RuleRole::Infrastructure);
    t.rule("services",
           options.nodePortAddresses.empty()
                   ? "fib daddr type local ip daddr != 127.0.0.0/8 meta l4proto . th dport vmap "
                     "@service-nodeports"
                   : "ip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports",
           RuleRole::NodePortsJump);
    t.rule(kMarkMasq, "mark set mark or " + mark, RuleRole::Infrastructure);
    t.rule("masquerading", "mark and " + mark + " == 0 return", RuleRole::Infrastructure);
    t.rule("masquerading", "mark set mark xor " + mark, RuleRole::Infrastructure);
    t.rule("masquerading", "masquerade fully-random", RuleRole::Infrastructure);
    t.rule("reject-chain", "reject", RuleRole::Reject);
}

void writePicks(NftTable &t, const ProxyServicePort &sp, const std::string &chain,
                const std::vector<ProxyEndpoint> &endpoints)
{
    const std::string key = servicePortKey(sp);
    std::string vmap;
    for (std::size_t i = 0; i < endpoints.size(); ++i) {
        const std::string base = nftablesEndpointChainBase(sp, endpoints[i]);
        if (sp.clientIPAffinity)
            t.rule(chain, "ip saddr @affinity-" + base + " goto endpoint-" + base,
                   RuleRole::AffinityCheck, key)
                    .endpoint = endpointKey(endpoints[i]);
        vmap += (i ? ", " : "") + std::to_string(i) + " : goto endpoint-" + base;
    }
    t.rule(chain,
           "numgen random mod " + std::to_string(endpoints.size()) + " vmap { " + vmap + " }",
           RuleRole::EndpointPick, key);
}

void writeServicePort(NftTable &t, const ProxyServicePort &sp, const ProxyOptions &options)
{
    const std::string key = servicePortKey(sp);
    const std::string proto = lowerProtocol(sp.protocol);
    const std::string base = nftablesServiceChainBase(sp);
    const std::string clusterChain = "service-" + base, localChain = "local-" + base;
    const std::string extChain = "external-" + base, fwChain = "firewall-" + base;
    const EndpointSelection sel = selectEndpoints(sp, options.nodeName);
    const bool hasAny = sel.hasAnyEndpoints;
    const bool noLocal = sel.localEndpoints.empty();
    const bool hasInternal = hasAny && !(sp.internalPolicyLocal && noLocal);
    const bool extLocal = externalPolicyLocal(sp);
    const bool hasExternal = hasAny && !(extLocal && noLocal);
    const std::string internalChain = sp.internalPolicyLocal ? localChain : clusterChain;
    const std::string externalPolicyChain = extLocal ? localChain : clusterChain;
    const std::string internalVerdict = hasAny ? "drop" : "goto reject-chain";
    const std::string externalVerdict = internalVerdict;
    const std::string port = std::to_string(sp.port);
    const auto ipKey = [&](const std::string &ip) {
        return ip + " . " + proto + " . " + port;
    };
    const auto noEndpoints = [&](const std::string &map, const std::string &k,
                                 const std::string &verdict, const std::string &address) {
        t.element(map, k + " comment \"" + key + "\" : " + verdict,
                  verdict == "drop" ? RuleRole::Drop : RuleRole::Reject, key)
                .address = address;
    };

    t.element("cluster-ips", sp.clusterIP, RuleRole::Infrastructure, key).address = sp.clusterIP;
    if (hasInternal)
        t.element("service-ips", ipKey(sp.clusterIP) + " : goto " + internalChain,
                  RuleRole::ClusterIPPortal, key)
                .address = sp.clusterIP;
    else
        noEndpoints("no-endpoint-services", ipKey(sp.clusterIP), internalVerdict, sp.clusterIP);
    const auto external = [&](const std::vector<std::string> &ips, RuleRole role) {
        for (const std::string &ip : ips) {
            if (hasAny)
                t.element("service-ips", ipKey(ip) + " : goto " + extChain, role, key).address = ip;
            if (!hasExternal)
                noEndpoints("no-endpoint-services", ipKey(ip), externalVerdict, ip);
        }
    };
    external(sp.externalIPs, RuleRole::ExternalIPPortal);
    external(sp.loadBalancerIPs, RuleRole::LoadBalancerPortal);
    const bool usesFw =
            hasAny && !sp.loadBalancerIPs.empty() && !sp.loadBalancerSourceRanges.empty();
    if (usesFw)
        for (const std::string &ip : sp.loadBalancerIPs)
            t.element("firewall-ips", ipKey(ip) + " : goto " + fwChain, RuleRole::FirewallDrop, key)
                    .address = ip;
    if (sp.nodePort != 0) {
        const std::string nodePortKey = proto + " . " + std::to_string(sp.nodePort);
        if (hasAny)
            t.element("service-nodeports", nodePortKey + " : goto " + extChain, RuleRole::NodePort,
                      key)
                    .address = std::to_string(sp.nodePort);
        if (!hasExternal)
            noEndpoints("no-endpoint-nodeports", nodePortKey, externalVerdict,
                        std::to_string(sp.nodePort));
    }

    const std::string dest = "ip daddr " + sp.clusterIP + " " + proto + " dport " + port;
    if (hasInternal && options.masqueradeAll)
        t.rule(internalChain, dest + " jump " + kMarkMasq, RuleRole::ServiceMasquerade, key);
    else if (hasInternal && !options.clusterCIDR.empty())
        t.rule(internalChain, dest + " ip saddr != " + options.clusterCIDR + " jump " + kMarkMasq,
               RuleRole::ServiceMasquerade, key);
    if (hasAny && externallyAccessible(sp)) {
        if (!extLocal) {
            t.rule(extChain, std::string("jump ") + kMarkMasq, RuleRole::ExternalMasquerade, key);
        } else {
            if (!options.clusterCIDR.empty())
                t.rule(extChain,
                       "ip saddr " + options.clusterCIDR + " goto " + clusterChain
                               + " comment \"short-circuit pod traffic\"",
                       RuleRole::ExternalShortCircuit, key);
            t.rule(extChain,
                   std::string("fib saddr type local jump ") + kMarkMasq
                           + " comment \"masquerade local traffic\"",
                   RuleRole::ExternalLocalMasquerade, key);
            t.rule(extChain,
                   "fib saddr type local goto " + clusterChain
                           + " comment \"short-circuit local traffic\"",
                   RuleRole::ExternalLocalRoute, key);
        }
        if (hasExternal)
            t.rule(extChain, "goto " + externalPolicyChain, RuleRole::ExternalPolicyJump, key);
    }
    if (usesFw) {
        std::string sources;
        for (const std::string &cidr : sp.loadBalancerSourceRanges) {
            const auto first = cidr.find_first_not_of(' ');
            if (first != std::string::npos)
                sources += (sources.empty() ? "" : ", ") + cidr.substr(first);
        }
        t.rule(fwChain, "ip saddr != { " + sources + " } drop", RuleRole::FirewallDrop, key);
    }
    if (sp.clientIPAffinity)
        for (const ProxyEndpoint &ep : sel.allReachable)
            t.declareSet("set", "affinity-" + nftablesEndpointChainBase(sp, ep),
                         { "type ipv4_addr", "flags dynamic,timeout",
                           "timeout " + nftDuration(sp.affinityTimeoutSeconds) });
    if (!sel.clusterEndpoints.empty() && usesClusterEndpoints(sp))
        writePicks(t, sp, clusterChain, sel.clusterEndpoints);
    if (!sel.localEndpoints.empty() && usesLocalEndpoints(sp))
        writePicks(t, sp, localChain, sel.localEndpoints);
    for (const ProxyEndpoint &ep : sel.allReachable) {
        const std::string epBase = nftablesEndpointChainBase(sp, ep);
        const std::string chain = "endpoint-" + epBase;
        t.rule(chain, "ip saddr " + ep.ip + " jump " + kMarkMasq,
               RuleRole::EndpointHairpinMasquerade, key)
                .endpoint = endpointKey(ep);
        if (sp.clientIPAffinity)
            t.rule(chain, "update @affinity-" + epBase + " { ip saddr }", RuleRole::Infrastructure,
                   key)
                    .endpoint = endpointKey(ep);
        t.rule(chain, "meta l4proto " + proto + " dnat to " + endpointKey(ep),
               RuleRole::EndpointDnat, key)
                .endpoint = endpointKey(ep);
    }
}

} // namespace

std::string nftablesServiceChainBase(const ProxyServicePort &sp)
{
    return hashAndName(sp.ns + "/" + sp.name + "/" + lowerProtocol(sp.protocol) + "/"
                       + sp.portName);
}

std::string nftablesEndpointChainBase(const ProxyServicePort &sp, const ProxyEndpoint &ep)
{
    return hashAndName(sp.ns + "/" + sp.name + "/" + lowerProtocol(sp.protocol) + "/" + sp.portName
                       + "__" + ep.ip + "/" + std::to_string(ep.port));
}

std::vector<RuleLine> generateNftablesRules(const std::vector<ProxyServicePort> &services,
                                            const ProxyOptions &options)
{
    std::vector<const ProxyServicePort *> ordered;
    for (const ProxyServicePort &sp : services)
        if (!sp.clusterIP.empty() && sp.clusterIP != "None")
            ordered.push_back(&sp);
    std::stable_sort(ordered.begin(), ordered.end(), [](const auto *a, const auto *b) {
        return std::tie(a->ns, a->name, a->portName) < std::tie(b->ns, b->name, b->portName);
    });
    NftTable table;
    char mark[16];
    std::snprintf(mark, sizeof mark, "0x%x", 1u << options.masqueradeBit);
    setupTable(table, options, mark);
    for (const ProxyServicePort *sp : ordered)
        writeServicePort(table, *sp, options);
    std::vector<RuleLine> lines = table.assemble();
    assignIds(lines);
    return lines;
}

} // namespace clusterlab::proxyrules
