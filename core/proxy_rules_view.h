#pragma once

#include "cluster/store.h"
#include "net/flow_events.h"
#include "proxyrules/rule_line.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clusterlab {

/// ProxyMode is a kube-proxy mode whose rules ClusterLab can show.
enum class ProxyMode { Iptables, Ipvs, Nftables };

/// parseProxyMode reads "iptables", "ipvs" or "nftables".
std::optional<ProxyMode> parseProxyMode(std::string_view text);
const char *toString(ProxyMode mode);

/// ProxyRulesView is the listing a real kube-proxy in `mode` would program on `node` for the
/// cluster as it is now, each rule with the connections ClusterLab's forwarder counted through
/// it, and the ids of the lines the last connection matched (to highlight).
struct ProxyRulesView
{
    ProxyMode mode = ProxyMode::Iptables;
    std::string node, nodeIP;
    std::vector<proxyrules::RuleLine> lines;
    std::vector<std::string> matched;
    std::string lastConnection; ///< "10.0.0.1:1234 -> backend -> 127.244.2.5" or empty
    /// text renders the listing (iptables-save -c style counters when asked).
    std::string text(bool counters = true) const;
};

/// buildProxyRules generates the view from the store (Services, EndpointSlices, Nodes), the
/// forwarder's counts and the last connection it forwarded. `node` empty means the first node.
/// Thread: the engine strand (it reads the store).
ProxyRulesView buildProxyRules(const cluster::Store &store, ProxyMode mode, const std::string &node,
                               const std::map<net::ServicePortKey, net::PortCounts> &counts,
                               const std::optional<net::FlowEvent> &last);

} // namespace clusterlab
