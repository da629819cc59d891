#include "proxy_rules_view.h"

#include "model/addresses.h"
#include "proxyrules/iptables_rules.h"
#include "proxyrules/ipvs_rules.h"
#include "proxyrules/nftables_rules.h"
#include "proxyrules/rule_match.h"

namespace clusterlab {

namespace {

/// kSynBytes is what a connection's first packet (the SYN, IPv4 + TCP options) weighs: the nat
/// table sees only that packet of each connection, so its byte counters grow by this much.
constexpr std::uint64_t kSynBytes = 60;

std::vector<proxyrules::ProxyServicePort> servicePorts(const cluster::Store &store)
{
    std::map<std::pair<std::string, std::string>,
             std::vector<std::shared_ptr<const model::EndpointSlice>>>
            slices;
    for (const auto &slice : store.listOf<model::EndpointSlice>())
        if (const auto owner = slice->metadata.labels.find("kubernetes.io/service-name");
            owner != slice->metadata.labels.end())
            slices[{ slice->metadata.namespace_, owner->second }].push_back(slice);
    std::vector<proxyrules::ProxyServicePort> out;
    for (const auto &svc : store.listOf<model::Service>()) {
        // kube-proxy ignores headless and ExternalName Services: DNS alone serves them.
        if (svc->spec.type == "ExternalName" || svc->spec.clusterIP.empty()
            || model::isHeadless(*svc))
            continue;
        for (const auto &port : svc->spec.ports) {
            proxyrules::ProxyServicePort sp;
            sp.ns = svc->metadata.namespace_;
            sp.name = svc->metadata.name;
            sp.portName = port.name;
            sp.protocol = port.protocol;
            sp.clusterIP = svc->spec.clusterIP;
            sp.port = int(port.port);
            sp.nodePort = svc->spec.type == "ClusterIP" ? 0 : int(port.nodePort);
            sp.externalIPs = svc->spec.externalIPs;
            if (svc->spec.type == "LoadBalancer")
                for (const auto &ingress : svc->status.loadBalancerIngress)
                    if (!ingress.ip.empty())
                        sp.loadBalancerIPs.push_back(ingress.ip);
            if (svc->spec.type == "LoadBalancer")
                sp.loadBalancerSourceRanges = svc->spec.loadBalancerSourceRanges;
            sp.externalPolicyLocal = svc->spec.externalTrafficPolicy == "Local";
            sp.internalPolicyLocal = svc->spec.internalTrafficPolicy == "Local";
            sp.healthCheckNodePort = model::needsHealthCheckNodePort(svc->spec)
                    ? int(svc->spec.healthCheckNodePort)
                    : 0;
            sp.clientIPAffinity = svc->spec.sessionAffinity == "ClientIP";
            sp.affinityTimeoutSeconds =
                    int(svc->spec.sessionAffinityTimeoutSeconds.value_or(10800));
            for (const auto &slice : slices[{ sp.ns, sp.name }])
                for (const auto &slicePort : slice->ports) {
                    if (slicePort.name != port.name || slicePort.protocol != port.protocol)
                        continue;
                    for (const auto &ep : slice->endpoints)
                        if (!ep.addresses.empty())
                            sp.endpoints.push_back({ ep.addresses.front(), int(slicePort.port),
                                                     ep.nodeName, ep.conditions.ready,
                                                     ep.conditions.serving,
                                                     ep.conditions.terminating });
                }
            out.push_back(std::move(sp));
        }
    }
    return out;
}

std::string portKey(const net::ServicePortKey &key)
{
    std::string out = key.serviceNamespace + "/" + key.serviceName;
    if (!key.portName.empty())
        out += ":" + key.portName;
    return out;
}

proxyrules::ProxyConnection connectionOf(std::string svcKey, const net::FlowPath &path)
{
    proxyrules::ProxyConnection c;
    c.svcKey = std::move(svcKey);
    c.endpoint = path.endpointIP;
    if (path.via == "NodePort")
        c.entry = proxyrules::ProxyEntry::NodePort;
    else if (path.via == "LoadBalancer")
        c.entry = proxyrules::ProxyEntry::LoadBalancerIP;
    else if (path.via == "ExternalIP")
        c.entry = proxyrules::ProxyEntry::ExternalIP;
    // A Pod's address is in 127.244.0.0/16 (its node's .1 is the node itself); this computer
    // stands in for a node when it calls a ClusterIP, and for the outside world otherwise.
    const bool inPodRange = path.clientIP.starts_with("127.244.");
    if (inPodRange && !path.clientIP.ends_with(".1"))
        c.source = proxyrules::ProxySource::Pod;
    else if (inPodRange || path.via.empty())
        c.source = proxyrules::ProxySource::Node;
    else
        c.source = proxyrules::ProxySource::External;
    return c;
}

net::FlowPath pathOf(const net::FlowEvent &event)
{
    return { event.via, event.node, event.clientIP, event.endpointIP };
}

/// nodeOfPath is the node whose kube-proxy rules a connection passed: the node that forwarded
/// it from a node port or load balancer; for a ClusterIP, the client Pod's node (the /24 of its
/// address), with this computer standing in for the first node.
std::string nodeOfPath(const net::FlowPath &path, const proxyrules::ProxyOptions &options)
{
    if (!path.via.empty())
        return path.node;
    const auto prefix = [](const std::string &ip) {
        return ip.substr(0, ip.rfind('.') + 1);
    };
    for (const auto &node : options.nodes)
        if (path.clientIP.starts_with("127.244.") && prefix(node.ip) == prefix(path.clientIP))
            return node.name;
    return options.nodes.empty() ? std::string() : options.nodes.front().name;
}

/// countedOnNode lists the kinds of connection that passed this node's rules, with counts.
std::vector<proxyrules::CountedConnection>
countedOnNode(const proxyrules::ProxyOptions &options,
              const std::map<net::ServicePortKey, net::PortCounts> &counts)
{
    std::vector<proxyrules::CountedConnection> out;
    for (const auto &[key, port] : counts)
        for (const auto &[path, connections] : port.connectionsPerPath)
            if (nodeOfPath(path, options) == options.nodeName)
                out.push_back(
                        { connectionOf(portKey(key), path), connections, connections * kSynBytes });
    return out;
}

} // namespace

std::optional<ProxyMode> parseProxyMode(std::string_view text)
{
    if (text == "iptables")
        return ProxyMode::Iptables;
    if (text == "ipvs")
        return ProxyMode::Ipvs;
    if (text == "nftables")
        return ProxyMode::Nftables;
    return std::nullopt;
}

const char *toString(ProxyMode mode)
{
    switch (mode) {
    case ProxyMode::Iptables:
        return "iptables";
    case ProxyMode::Ipvs:
        return "ipvs";
    case ProxyMode::Nftables:
        return "nftables";
    }
    return "iptables";
}

std::string ProxyRulesView::text(bool counters) const
{
    return proxyrules::renderRules(lines, { counters && mode == ProxyMode::Iptables, true });
}

ProxyRulesView buildProxyRules(const cluster::Store &store, ProxyMode mode, const std::string &node,
                               const std::map<net::ServicePortKey, net::PortCounts> &counts,
                               const std::optional<net::FlowEvent> &last)
{
    ProxyRulesView view;
    view.mode = mode;
    proxyrules::ProxyOptions options;
    options.clusterCIDR = "127.244.0.0/16";
    for (const auto &n : store.listOf<model::Node>()) {
        options.nodes.push_back({ n->metadata.name, n->internalIP });
        if (n->metadata.name == node || (node.empty() && view.node.empty())) {
            view.node = n->metadata.name;
            view.nodeIP = n->internalIP;
        }
    }
    if (view.node.empty())
        return view; // no such node: nothing to show
    options.nodeName = view.node;
    options.nodeIP = view.nodeIP;
    const auto services = servicePorts(store);
    switch (mode) {
    case ProxyMode::Iptables:
        view.lines = proxyrules::generateIptablesRules(services, options);
        break;
    case ProxyMode::Ipvs:
        view.lines = proxyrules::generateIpvsRules(services, options);
        break;
    case ProxyMode::Nftables:
        view.lines = proxyrules::generateNftablesRules(services, options);
        break;
    }
    proxyrules::countConnections(view.lines, countedOnNode(options, counts));
    if (last) {
        const std::string passed = nodeOfPath(pathOf(*last), options);
        if (passed == view.node)
            view.matched = proxyrules::matchedLineIds(
                    view.lines, connectionOf(portKey(net::servicePortKeyOf(*last)), pathOf(*last)));
        view.lastConnection = last->clientIP + " -> " + last->serviceNamespace + "/"
                + last->serviceName + (last->via.empty() ? "" : " (" + last->via + ")") + " -> "
                + last->endpointIP + ":" + std::to_string(last->endpointPort)
                + (passed == view.node ? "" : ", through " + passed + "'s rules, not these");
    }
    return view;
}

} // namespace clusterlab
