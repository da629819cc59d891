#pragma once

#include "proxyrules/proxy_input.h"
#include "proxyrules/rule_line.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace clusterlab::proxyrules {

/// IptablesBuilder collects chain declarations and rules per table the way kube-proxy's line
/// buffers do, then lays them out as iptables-save prints them. Internal to proxyrules.
class IptablesBuilder
{
public:
    /// declare records ":chain - [0:0]" in `table` (once, however often it is called).
    void declare(const std::string &table, const std::string &chain);

    /// add appends "-A chain args" to `table`; the target is read from args' "-j".
    RuleLine &add(const std::string &table, const std::string &chain, const std::string &args,
                  RuleRole role, const std::string &svcKey = {});

    /// assemble returns "*filter … COMMIT" then "*nat … COMMIT": chains in the order
    /// kube-proxy's tests sort them (KUBE-NODEPORTS, KUBE-SERVICES, then by name), each chain's
    /// rules grouped under it in the order they were added.
    std::vector<RuleLine> assemble() const;

private:
    struct Table
    {
        std::set<std::string> declared;
        std::map<std::string, std::vector<RuleLine>> rules;
    };
    std::map<std::string, Table> m_tables;
};

/// effectiveLocalhostNodePorts is --iptables-localhost-nodeports as kube-proxy applies it: off
/// when --nodeport-addresses leaves out the loopback addresses.
bool effectiveLocalhostNodePorts(const ProxyOptions &options);

/// writeIptablesPreamble declares the top-level chains and writes KUBE-POSTROUTING,
/// KUBE-MARK-MASQ and KUBE-FIREWALL, as syncProxyRules does before the Services.
void writeIptablesPreamble(IptablesBuilder &builder, const ProxyOptions &options);

/// writeIptablesEpilogue writes the KUBE-SERVICES → KUBE-NODEPORTS tail rule(s) and
/// KUBE-FORWARD, as syncProxyRules does after the Services.
void writeIptablesEpilogue(IptablesBuilder &builder, const ProxyOptions &options);

} // namespace clusterlab::proxyrules
