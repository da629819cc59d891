#include "proxyrules/iptables_builder.h"

#include <algorithm>
#include <cstdio>

namespace clusterlab::proxyrules {
namespace {

int chainRank(const std::string &chain)
{
    if (chain == "KUBE-NODEPORTS")
        return 0;
    if (chain == "KUBE-SERVICES")
        return 1;
    return chain.starts_with("KUBE-") ? 2 : 3;
}

bool chainBefore(const std::string &a, const std::string &b)
{
    const int ra = chainRank(a);
    const int rb = chainRank(b);
    return ra != rb ? ra < rb : a < b;
}

std::string jumpTarget(const std::string &args)
{
    const auto at = args.rfind("-j ");
    if (at == std::string::npos || (at > 0 && args[at - 1] != ' '))
        return {};
    const auto start = at + 3;
    const auto end = args.find(' ', start);
    return args.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

} // namespace

void IptablesBuilder::declare(const std::string &table, const std::string &chain)
{
    m_tables[table].declared.insert(chain);
}

RuleLine &IptablesBuilder::add(const std::string &table, const std::string &chain,
                               const std::string &args, RuleRole role, const std::string &svcKey)
{
    RuleLine line;
    line.text = "-A " + chain + " " + args;
    line.table = table;
    line.chain = chain;
    line.svcKey = svcKey;
    line.target = jumpTarget(args);
    line.role = role;
    auto &rules = m_tables[table].rules[chain];
    rules.push_back(std::move(line));
    return rules.back();
}

std::vector<RuleLine> IptablesBuilder::assemble() const
{
    std::vector<RuleLine> out;
    for (const char *tableName : { "filter", "nat" }) {
        const auto found = m_tables.find(tableName);
        if (found == m_tables.end())
            continue;
        const Table &table = found->second;
        std::vector<std::string> chains(table.declared.begin(), table.declared.end());
        for (const auto &entry : table.rules)
            if (!table.declared.contains(entry.first))
                chains.push_back(entry.first); // iptables-restore would refuse; show it anyway
        std::sort(chains.begin(), chains.end(), chainBefore);

        RuleLine header;
        header.text = std::string("*") + tableName;
        header.table = tableName;
        header.role = RuleRole::TableHeader;
        out.push_back(header);
        for (const std::string &chain : chains) {
            RuleLine declaration;
            declaration.text = ":" + chain + " - [0:0]";
            declaration.table = tableName;
            declaration.chain = chain;
            declaration.role = RuleRole::ChainDeclaration;
            const auto rules = table.rules.find(chain);
            if (rules != table.rules.end() && !rules->second.empty()
                && std::all_of(rules->second.begin(), rules->second.end(), [&](const RuleLine &r) {
                       return r.svcKey == rules->second.front().svcKey;
                   }))
                declaration.svcKey = rules->second.front().svcKey;
            out.push_back(declaration);
        }
        for (const std::string &chain : chains) {
            const auto rules = table.rules.find(chain);
            if (rules != table.rules.end())
                out.insert(out.end(), rules->second.begin(), rules->second.end());
        }
        RuleLine commit;
        commit.text = "COMMIT";
        commit.table = tableName;
        commit.role = RuleRole::Commit;
        out.push_back(commit);
    }
    return out;
}

} // namespace clusterlab::proxyrules

namespace clusterlab::proxyrules {
namespace {

std::string masqueradeMark(const ProxyOptions &options)
{
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "0x%x", 1u << options.masqueradeBit);
    return buffer;
}

} // namespace

bool effectiveLocalhostNodePorts(const ProxyOptions &options)
{
    if (options.nodePortAddresses.empty())
        return options.localhostNodePorts;
    return options.localhostNodePorts
            && std::any_of(options.nodePortAddresses.begin(), options.nodePortAddresses.end(),
                           [](const std::string &ip) {
                               return ip.starts_with("127.");
                           });
}

void writeIptablesPreamble(IptablesBuilder &b, const ProxyOptions &options)
{
    for (const char *chain : { "KUBE-SERVICES", "KUBE-EXTERNAL-SERVICES", "KUBE-FORWARD",
                               "KUBE-NODEPORTS", "KUBE-PROXY-FIREWALL" })
        b.declare("filter", chain);
    for (const char *chain :
         { "KUBE-SERVICES", "KUBE-NODEPORTS", "KUBE-POSTROUTING", "KUBE-MARK-MASQ" })
        b.declare("nat", chain);
    const std::string mark = masqueradeMark(options);
    b.add("nat", "KUBE-POSTROUTING", "-m mark ! --mark " + mark + "/" + mark + " -j RETURN",
          RuleRole::Infrastructure);
    b.add("nat", "KUBE-POSTROUTING", "-j MARK --xor-mark " + mark, RuleRole::Infrastructure);
    b.add("nat", "KUBE-POSTROUTING",
          std::string("-m comment --comment \"kubernetes service traffic requiring SNAT\" -j "
                      "MASQUERADE")
                  + (options.randomFully ? " --random-fully" : ""),
          RuleRole::Infrastructure);
    b.add("nat", "KUBE-MARK-MASQ", "-j MARK --or-mark " + mark, RuleRole::Infrastructure);
    if (effectiveLocalhostNodePorts(options)) {
        b.declare("filter", "KUBE-FIREWALL");
        b.add("filter", "KUBE-FIREWALL",
              "-m comment --comment \"block incoming localnet connections\" -d 127.0.0.0/8 ! -s "
              "127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP",
              RuleRole::Infrastructure);
    }
}

void writeIptablesEpilogue(IptablesBuilder &b, const ProxyOptions &options)
{
    const bool localhost = effectiveLocalhostNodePorts(options);
    const std::string comment = "-m comment --comment \"kubernetes service nodeports; NOTE: this "
                                "must be the last rule in this chain\" ";
    if (options.nodePortAddresses.empty()) {
        b.add("nat", "KUBE-SERVICES",
              comment + "-m addrtype --dst-type LOCAL " + (localhost ? "" : "! -d 127.0.0.0/8 ")
                      + "-j KUBE-NODEPORTS",
              RuleRole::NodePortsJump);
    } else {
        for (const std::string &ip : options.nodePortAddresses) {
            if (ip.starts_with("127.") && !localhost)
                continue;
            b.add("nat", "KUBE-SERVICES", comment + "-d " + ip + " -j KUBE-NODEPORTS",
                  RuleRole::NodePortsJump)
                    .address = ip;
        }
    }
    if (!options.conntrackTCPLiberal)
        b.add("filter", "KUBE-FORWARD",
              std::string("-m conntrack --ctstate INVALID ")
                      + (options.nfacctCounters
                                 ? "-m nfacct --nfacct-name ct_state_invalid_dropped_pkts "
                                 : "")
                      + "-j DROP",
              RuleRole::Infrastructure);
    const std::string mark = masqueradeMark(options);
    b.add("filter", "KUBE-FORWARD",
          "-m comment --comment \"kubernetes forwarding rules\" -m mark --mark " + mark + "/" + mark
                  + " -j ACCEPT",
          RuleRole::Infrastructure);
    b.add("filter", "KUBE-FORWARD",
          "-m comment --comment \"kubernetes forwarding conntrack rule\" -m conntrack --ctstate "
          "RELATED,ESTABLISHED -j ACCEPT",
          RuleRole::Infrastructure);
}

} // namespace clusterlab::proxyrules
