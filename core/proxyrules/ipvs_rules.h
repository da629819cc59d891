#pragma once

#include "proxyrules/proxy_input.h"
#include "proxyrules/rule_line.h"

#include <vector>

namespace clusterlab::proxyrules {

/// generateIpvsRules returns what `ipvsadm -Ln` lists on the node `options.nodeName` under
/// kube-proxy's IPVS mode: a round-robin virtual server per ClusterIP, external IP, LB IP and
/// node port (on each node IP: `options.nodePortAddresses`, else `options.nodeIP`, else the
/// `options.nodes` entry named `options.nodeName`), "persistent N" for ClientIP affinity, and
/// the endpoints as Masq real servers (Local policies keep the local ones). Virtual servers are
/// ordered by Service port, not in the kernel's hash order. RuleRole::Note lines, starting
/// with "#", sum up the ipsets and the dummy interface IPVS mode also programs; they are not
/// part of ipvsadm's output. Each line's chain is its virtual server ("TCP 10.96.0.1:443"),
/// its table "ipvs". Thread: any; pure.
std::vector<RuleLine> generateIpvsRules(const std::vector<ProxyServicePort> &services,
                                        const ProxyOptions &options);

} // namespace clusterlab::proxyrules
