#pragma once

#include "proxyrules/proxy_input.h"
#include "proxyrules/rule_line.h"

#include <string>
#include <vector>

namespace clusterlab::proxyrules {

/// nftablesServiceChainBase returns kube-proxy's nftables chain base for a Service port,
/// "HASH-ns/name/proto/port" (HASH: the first 8 base32 characters of the name's SHA-256).
std::string nftablesServiceChainBase(const ProxyServicePort &sp);

/// nftablesEndpointChainBase returns "HASH-ns/name/proto/port__ip/port" for one endpoint.
std::string nftablesEndpointChainBase(const ProxyServicePort &sp, const ProxyEndpoint &ep);

/// generateNftablesRules returns the shape of `nft list table ip kube-proxy` for kube-proxy's
/// nftables mode (pkg/proxy/nftables/proxier.go): the cluster-ips set, the service-ips,
/// service-nodeports, no-endpoint-*, and firewall-ips verdict maps (one element per line, so
/// each carries its Service port), the services / masquerading chains, and per Service port
/// the service-, local-, external-, firewall- and endpoint- chains with
/// "numgen random mod N vmap { 0 : goto endpoint-…, … }" and the affinity- sets. The filter
/// base chains are left out; Service ports are ordered by namespace/name/port. Lines have
/// table "nft" and, for chain contents, the chain or map they are in. Thread: any; pure.
std::vector<RuleLine> generateNftablesRules(const std::vector<ProxyServicePort> &services,
                                            const ProxyOptions &options);

} // namespace clusterlab::proxyrules
