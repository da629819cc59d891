#include "proxyrules/ipvs_rules.h"

#include "proxyrules/chain_names.h"
#include "proxyrules/endpoint_selection.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <tuple>

namespace clusterlab::proxyrules {
namespace {

std::string upperProtocol(const std::string &protocol)
{
    std::string upper = protocol;
    for (char &c : upper)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return upper;
}

std::vector<std::string> nodePortIPs(const ProxyOptions &options)
{
    if (!options.nodePortAddresses.empty())
        return options.nodePortAddresses;
    if (!options.nodeIP.empty())
        return { options.nodeIP };
    std::vector<std::string> ips;
    for (const ProxyNode &node : options.nodes)
        if (node.name == options.nodeName && !node.ip.empty())
            ips.push_back(node.ip);
    return ips;
}

RuleLine makeLine(std::string text, RuleRole role, const std::string &svcKey = {})
{
    RuleLine line;
    line.text = std::move(text);
    line.table = "ipvs";
    line.role = role;
    line.svcKey = svcKey;
    return line;
}

std::string realServerText(const std::string &endpoint)
{
    char buffer[128];
    std::snprintf(buffer, sizeof buffer, "  -> %-28s %-7s %-6d %-10d %-10d", endpoint.c_str(),
                  "Masq", 1, 0, 0);
    std::string text = buffer;
    text.erase(text.find_last_not_of(' ') + 1);
    return text;
}

/// One virtual server and the real servers behind it.
void addVirtualServer(std::vector<RuleLine> &out, const ProxyServicePort &sp, RuleRole role,
                      const std::string &ip, int port, const std::vector<ProxyEndpoint> &endpoints)
{
    const std::string key = servicePortKey(sp);
    const std::string proto = upperProtocol(sp.protocol);
    const std::string address = ip + ":" + std::to_string(port);
    std::string text = proto + "  " + address + " rr";
    if (sp.clientIPAffinity)
        text += " persistent " + std::to_string(sp.affinityTimeoutSeconds);
    RuleLine vs = makeLine(text, role, key);
    vs.chain = proto + " " + address;
    vs.address = address;
    out.push_back(vs);
    for (const ProxyEndpoint &ep : endpoints) {
        RuleLine rs = makeLine(realServerText(endpointKey(ep)), RuleRole::RealServer, key);
        rs.chain = vs.chain;
        rs.endpoint = endpointKey(ep);
        out.push_back(rs);
    }
}

void addNote(std::vector<RuleLine> &out, const std::string &text)
{
    out.push_back(makeLine("# " + text, RuleRole::Note));
}

/// joined lists the set members once each, as the ipset holds them.
std::string joined(std::vector<std::string> items)
{
    std::sort(items.begin(), items.end());
    items.erase(std::unique(items.begin(), items.end()), items.end());
    std::string out;
    for (const std::string &item : items)
        out += (out.empty() ? "" : " ") + item;
    return out.empty() ? "(empty)" : out;
}

void addIpsetNotes(std::vector<RuleLine> &out, const std::vector<const ProxyServicePort *> &ports,
                   const ProxyOptions &options)
{
    std::vector<std::string> clusterIPs, externalIPs, lbIPs, nodePorts, loopBack, sourceCIDRs;
    for (const ProxyServicePort *sp : ports) {
        const std::string proto = lowerProtocol(sp->protocol);
        const std::string svcPort = "," + proto + ":" + std::to_string(sp->port);
        clusterIPs.push_back(sp->clusterIP + svcPort);
        for (const std::string &ip : sp->externalIPs)
            externalIPs.push_back(ip + svcPort);
        for (const std::string &ip : sp->loadBalancerIPs) {
            lbIPs.push_back(ip + svcPort);
            for (const std::string &cidr : sp->loadBalancerSourceRanges)
                sourceCIDRs.push_back(ip + svcPort + "," + cidr);
        }
        if (sp->nodePort != 0)
            nodePorts.push_back(std::to_string(sp->nodePort) + "/" + proto);
        for (const ProxyEndpoint &ep : sortedEndpoints(*sp))
            if (ep.nodeName == options.nodeName && !options.nodeName.empty())
                loopBack.push_back(ep.ip + "," + proto + ":" + std::to_string(ep.port) + ","
                                   + ep.ip);
    }
    addNote(out, "Also programmed by kube-proxy's IPVS mode (not part of ipvsadm's output):");
    addNote(out, "kube-ipvs0 (dummy interface) holds every ClusterIP, external IP and LB IP");
    addNote(out, "ipset KUBE-CLUSTER-IP (hash:ip,port): " + joined(clusterIPs));
    addNote(out, "ipset KUBE-EXTERNAL-IP (hash:ip,port): " + joined(externalIPs));
    addNote(out, "ipset KUBE-LOAD-BALANCER (hash:ip,port): " + joined(lbIPs));
    addNote(out, "ipset KUBE-LOAD-BALANCER-SOURCE-CIDR (hash:ip,port,net): " + joined(sourceCIDRs));
    addNote(out, "ipset KUBE-NODE-PORT-TCP/UDP/SCTP (bitmap:port): " + joined(nodePorts));
    addNote(out, "ipset KUBE-LOOP-BACK (hash:ip,port,ip): " + joined(loopBack));
    addNote(out,
            "iptables nat: KUBE-SERVICES matches these sets (-m set --match-set KUBE-CLUSTER-IP "
            "dst,dst) to mark for masquerade, KUBE-POSTROUTING masquerades the marked and "
            "KUBE-LOOP-BACK traffic; IPVS itself does the DNAT");
}

} // namespace

std::vector<RuleLine> generateIpvsRules(const std::vector<ProxyServicePort> &services,
                                        const ProxyOptions &options)
{
    std::vector<const ProxyServicePort *> ordered;
    for (const ProxyServicePort &sp : services)
        if (!sp.clusterIP.empty() && sp.clusterIP != "None")
            ordered.push_back(&sp);
    std::stable_sort(ordered.begin(), ordered.end(), [](const auto *a, const auto *b) {
        return std::tie(a->ns, a->name, a->portName) < std::tie(b->ns, b->name, b->portName);
    });

    std::vector<RuleLine> out;
    out.push_back(makeLine("IP Virtual Server version 1.2.1 (size=4096)", RuleRole::TableHeader));
    out.push_back(makeLine("Prot LocalAddress:Port Scheduler Flags", RuleRole::TableHeader));
    out.push_back(makeLine("  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn",
                           RuleRole::TableHeader));
    const std::vector<std::string> nodeIPs = nodePortIPs(options);
    for (const ProxyServicePort *sp : ordered) {
        const EndpointSelection selection = selectEndpoints(*sp, options.nodeName);
        const auto &internal =
                sp->internalPolicyLocal ? selection.localEndpoints : selection.clusterEndpoints;
        const auto &external =
                externalPolicyLocal(*sp) ? selection.localEndpoints : selection.clusterEndpoints;
        addVirtualServer(out, *sp, RuleRole::ClusterIPPortal, sp->clusterIP, sp->port, internal);
        for (const std::string &ip : sp->externalIPs)
            addVirtualServer(out, *sp, RuleRole::ExternalIPPortal, ip, sp->port, external);
        for (const std::string &ip : sp->loadBalancerIPs)
            addVirtualServer(out, *sp, RuleRole::LoadBalancerPortal, ip, sp->port, external);
        if (sp->nodePort != 0)
            for (const std::string &ip : nodeIPs)
                addVirtualServer(out, *sp, RuleRole::NodePort, ip, sp->nodePort, external);
    }
    addIpsetNotes(out, ordered, options);
    assignIds(out);
    return out;
}

} // namespace clusterlab::proxyrules
