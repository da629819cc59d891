#pragma once

#include "proxyrules/proxy_input.h"
#include "proxyrules/rule_line.h"

#include <vector>

namespace clusterlab::proxyrules {

/// generateIptablesRules returns the filter and nat tables kube-proxy's iptables proxier
/// (pkg/proxy/iptables/proxier.go, syncProxyRules) writes for these Service ports on the node
/// `options.nodeName`, IPv4 only, as `iptables-save` would list them: the chains sorted the way
/// kube-proxy's own tests sort them, each chain's rules in kube-proxy's order, Service ports
/// taken by namespace/name then port name. The jump rules from the built-in chains
/// (PREROUTING, OUTPUT, …) and topology hints are not modelled. Every line has its id set.
/// Thread: any; pure.
std::vector<RuleLine> generateIptablesRules(const std::vector<ProxyServicePort> &services,
                                            const ProxyOptions &options);

/// iptablesProbability formats 1/n as kube-proxy does (Go's "%0.10f").
std::string iptablesProbability(int n);

} // namespace clusterlab::proxyrules
