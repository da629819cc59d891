#pragma once

#include <string>
#include <vector>

/// Plain descriptions of Services and endpoints, decoupled from the cluster model, that the
/// rule generators in this folder turn into what a real kube-proxy would program.
namespace clusterlab::proxyrules {

/// ProxyEndpoint is one address of an EndpointSlice for one Service port, with its conditions.
struct ProxyEndpoint
{
    std::string ip;
    int port = 0;
    std::string nodeName;
    bool ready = true;
    bool serving = true;
    bool terminating = false;
};

/// ProxyServicePort is one port of one Service, as kube-proxy's ServicePort sees it.
/// `portName` may be empty (a single unnamed port); `protocol` is TCP, UDP or SCTP.
struct ProxyServicePort
{
    std::string ns;
    std::string name;
    std::string portName;
    std::string protocol = "TCP";
    std::string clusterIP;
    int port = 0;
    int nodePort = 0;
    std::vector<std::string> externalIPs;
    std::vector<std::string> loadBalancerIPs;
    std::vector<std::string> loadBalancerSourceRanges;
    bool externalPolicyLocal = false;
    bool internalPolicyLocal = false;
    int healthCheckNodePort = 0;
    bool clientIPAffinity = false;
    int affinityTimeoutSeconds = 10800;
    std::vector<ProxyEndpoint> endpoints;
};

/// ProxyNode is a Node by name and address (the IPVS and nftables listings use them).
struct ProxyNode
{
    std::string name;
    std::string ip;
};

/// ProxyOptions are the kube-proxy flags and host facts that change the generated rules.
/// The defaults are those of a stock kube-proxy on a current Linux host.
struct ProxyOptions
{
    std::string nodeName; ///< endpoints whose nodeName equals this are "local"
    std::string nodeIP; ///< the node's primary IP (LB source ranges that contain it allow it)
    std::string clusterCIDR; ///< --cluster-cidr; empty means no local-traffic detector
    bool masqueradeAll = false; ///< --masquerade-all
    int masqueradeBit = 14; ///< --iptables-masquerade-bit
    bool localhostNodePorts = true; ///< --iptables-localhost-nodeports
    /// Node IPs that --nodeport-addresses resolves to; empty means every local address.
    std::vector<std::string> nodePortAddresses;
    bool nfacctCounters = true; ///< the nfacct counters kube-proxy creates exist
    bool conntrackTCPLiberal = false; ///< net.netfilter.nf_conntrack_tcp_be_liberal is set
    bool randomFully = true; ///< iptables supports MASQUERADE --random-fully
    std::vector<ProxyNode> nodes; ///< every node; IPVS and nftables list node ports on them
};

/// servicePortKey returns kube-proxy's ServicePortName string: "ns/name:port", or "ns/name"
/// when the port is unnamed. It is the svcKey of every generated line.
inline std::string servicePortKey(const ProxyServicePort &sp)
{
    std::string key = sp.ns + "/" + sp.name;
    if (!sp.portName.empty())
        key += ":" + sp.portName;
    return key;
}

/// endpointKey returns "ip:port", kube-proxy's endpoint string for IPv4.
inline std::string endpointKey(const ProxyEndpoint &ep)
{
    return ep.ip + ":" + std::to_string(ep.port);
}

} // namespace clusterlab::proxyrules
