#include "proxyrules/rule_match.h"

#include <algorithm>
#include <map>

namespace clusterlab::proxyrules {
namespace {

bool endpointMatches(const RuleLine &line, const std::string &endpoint)
{
    if (line.endpoint.empty() || endpoint.empty())
        return false;
    if (line.endpoint == endpoint)
        return true;
    const auto colon = line.endpoint.rfind(':');
    return colon != std::string::npos && line.endpoint.compare(0, colon, endpoint) == 0
            && endpoint.size() == colon;
}

RuleRole portalRole(ProxyEntry entry)
{
    switch (entry) {
    case ProxyEntry::ClusterIP:
        return RuleRole::ClusterIPPortal;
    case ProxyEntry::NodePort:
        return RuleRole::NodePort;
    case ProxyEntry::ExternalIP:
        return RuleRole::ExternalIPPortal;
    case ProxyEntry::LoadBalancerIP:
        return RuleRole::LoadBalancerPortal;
    }
    return RuleRole::ClusterIPPortal;
}

const RuleLine *findLine(const std::vector<const RuleLine *> &rules, RuleRole role,
                         const std::string &svcKey)
{
    for (const RuleLine *line : rules)
        if (line->role == role && line->svcKey == svcKey)
            return line;
    return nullptr;
}

/// What a rule does to a connection: not match, match and go on, or match and jump.
enum class Step { Skip, Continue, Jump, Stop };

Step stepFor(const RuleLine &line, const ProxyConnection &c)
{
    const bool pod = c.source == ProxySource::Pod;
    const bool node = c.source == ProxySource::Node;
    switch (line.role) {
    case RuleRole::ServiceMasquerade:
        // its -d/--dport is the ClusterIP; without "! -s" it is --masquerade-all
        return c.entry == ProxyEntry::ClusterIP
                        && (!pod || line.text.find(" ! -s ") == std::string::npos)
                ? Step::Continue
                : Step::Skip;
    case RuleRole::ExternalMasquerade:
        return Step::Continue;
    case RuleRole::ExternalShortCircuit:
        return pod ? Step::Jump : Step::Skip;
    case RuleRole::ExternalLocalMasquerade:
        return node ? Step::Continue : Step::Skip;
    case RuleRole::ExternalLocalRoute:
        return node ? Step::Jump : Step::Skip;
    case RuleRole::ExternalPolicyJump:
        return Step::Jump;
    case RuleRole::FirewallAllow:
        return Step::Jump; // the connection got through, so allowed
    case RuleRole::AffinityCheck:
        return c.affinityHit && endpointMatches(line, c.endpoint) ? Step::Jump : Step::Skip;
    case RuleRole::EndpointPick:
        return endpointMatches(line, c.endpoint) ? Step::Jump : Step::Skip;
    case RuleRole::EndpointDnat:
        return endpointMatches(line, c.endpoint) ? Step::Stop : Step::Skip;
    default:
        return Step::Skip;
    }
}

std::vector<std::string> walkIptables(const std::vector<RuleLine> &lines, const ProxyConnection &c)
{
    std::map<std::string, std::vector<const RuleLine *>> nat;
    for (const RuleLine &line : lines)
        if (line.table == "nat" && isRule(line))
            nat[line.chain].push_back(&line);
    std::vector<std::string> ids;
    const RuleLine *entry = nullptr;
    if (c.entry == ProxyEntry::NodePort) {
        for (const RuleLine *line : nat["KUBE-SERVICES"])
            if (line->role == RuleRole::NodePortsJump) {
                ids.push_back(line->id);
                break;
            }
        entry = findLine(nat["KUBE-NODEPORTS"], RuleRole::NodePort, c.svcKey);
    } else {
        entry = findLine(nat["KUBE-SERVICES"], portalRole(c.entry), c.svcKey);
    }
    if (!entry) {
        for (const RuleLine &line : lines)
            if (line.table == "filter" && line.svcKey == c.svcKey
                && (line.role == RuleRole::Reject || line.role == RuleRole::Drop))
                return { line.id };
        return ids;
    }
    ids.push_back(entry->id);
    std::string chain = entry->target;
    for (int hops = 0; hops < 8 && nat.contains(chain); ++hops) {
        std::string next;
        for (const RuleLine *line : nat[chain]) {
            const Step step = stepFor(*line, c);
            if (step == Step::Skip)
                continue;
            ids.push_back(line->id);
            if (step == Step::Stop)
                return ids;
            if (step == Step::Jump) {
                next = line->target;
                break;
            }
        }
        if (next.empty())
            break;
        chain = next;
    }
    return ids;
}

} // namespace

std::vector<std::string> matchedLineIds(const std::vector<RuleLine> &lines,
                                        const ProxyConnection &connection)
{
    for (const RuleLine &line : lines)
        if (line.table == "nat")
            return walkIptables(lines, connection);
    // IPVS lists the real servers under each virtual server (the line's chain), so only those
    // under the matched virtual server count; nftables endpoint chains are shared.
    std::vector<std::string> ids;
    std::vector<std::string> portalChains;
    for (const RuleLine &line : lines)
        if (line.svcKey == connection.svcKey && line.role == portalRole(connection.entry))
            portalChains.push_back(line.chain);
    for (const RuleLine &line : lines) {
        if (line.svcKey != connection.svcKey || !isRule(line))
            continue;
        const bool portal = line.role == portalRole(connection.entry);
        const bool inPortalChain = line.table != "ipvs"
                || std::find(portalChains.begin(), portalChains.end(), line.chain)
                        != portalChains.end();
        const bool endpointLine = (line.role == RuleRole::EndpointPick && line.endpoint.empty())
                || ((line.role == RuleRole::EndpointDnat || line.role == RuleRole::RealServer)
                    && endpointMatches(line, connection.endpoint) && inPortalChain);
        if (portal || endpointLine)
            ids.push_back(line.id);
    }
    return ids;
}

void countConnections(std::vector<RuleLine> &lines, const std::vector<CountedConnection> &counted)
{
    std::map<std::string, RuleLine *> byId;
    for (RuleLine &line : lines) {
        line.packets = line.bytes = 0;
        byId[line.id] = &line;
    }
    for (const CountedConnection &c : counted)
        for (const std::string &id : matchedLineIds(lines, c.connection))
            if (const auto it = byId.find(id); it != byId.end() && isRule(*it->second)) {
                it->second->packets += c.packets;
                it->second->bytes += c.bytes;
            }
}

} // namespace clusterlab::proxyrules
