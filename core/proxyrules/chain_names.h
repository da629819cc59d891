#pragma once

#include <string>
#include <string_view>

namespace clusterlab::proxyrules {

/// sha256Base32 returns the RFC 4648 base32 encoding (with padding) of the SHA-256 of `data`,
/// the encoding Go's base32.StdEncoding gives kube-proxy.
std::string sha256Base32(std::string_view data);

/// portProtoHash returns kube-proxy's 16-character chain suffix for a Service port:
/// base32(sha256(servicePortName + lowercase protocol))[:16].
std::string portProtoHash(const std::string &servicePortName, const std::string &protocol);

/// serviceClusterChain returns the KUBE-SVC-… chain (Cluster traffic policy).
std::string serviceClusterChain(const std::string &servicePortName, const std::string &protocol);
/// serviceLocalChain returns the KUBE-SVL-… chain (Local traffic policy).
std::string serviceLocalChain(const std::string &servicePortName, const std::string &protocol);
/// serviceFirewallChain returns the KUBE-FW-… chain (loadBalancerSourceRanges).
std::string serviceFirewallChain(const std::string &servicePortName, const std::string &protocol);
/// serviceExternalChain returns the KUBE-EXT-… chain (NodePort, external and LB IPs).
std::string serviceExternalChain(const std::string &servicePortName, const std::string &protocol);
/// serviceEndpointChain returns the KUBE-SEP-… chain of one endpoint ("ip:port") of a port.
std::string serviceEndpointChain(const std::string &servicePortName, const std::string &protocol,
                                 const std::string &endpoint);

/// lowerProtocol returns the protocol in lower case ("TCP" → "tcp"), as kube-proxy hashes it.
std::string lowerProtocol(const std::string &protocol);

} // namespace clusterlab::proxyrules
