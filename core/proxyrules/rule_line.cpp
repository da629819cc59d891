#include "proxyrules/rule_line.h"

#include <map>
#include <utility>

namespace clusterlab::proxyrules {
namespace {

const char *roleName(RuleRole role)
{
    switch (role) {
    case RuleRole::TableHeader:
        return "table";
    case RuleRole::ChainDeclaration:
        return "chain";
    case RuleRole::Commit:
        return "commit";
    case RuleRole::Infrastructure:
        return "infra";
    case RuleRole::ClusterIPPortal:
        return "cluster-ip";
    case RuleRole::ExternalIPPortal:
        return "external-ip";
    case RuleRole::LoadBalancerPortal:
        return "lb-ip";
    case RuleRole::NodePortsJump:
        return "nodeports";
    case RuleRole::NodePort:
        return "node-port";
    case RuleRole::LocalhostNodePort:
        return "localhost-node-port";
    case RuleRole::HealthCheckNodePort:
        return "health-check";
    case RuleRole::ServiceMasquerade:
        return "svc-masq";
    case RuleRole::ExternalMasquerade:
        return "ext-masq";
    case RuleRole::ExternalShortCircuit:
        return "ext-pod";
    case RuleRole::ExternalLocalMasquerade:
        return "ext-local-masq";
    case RuleRole::ExternalLocalRoute:
        return "ext-local-route";
    case RuleRole::ExternalPolicyJump:
        return "ext-policy";
    case RuleRole::FirewallAllow:
        return "fw-allow";
    case RuleRole::FirewallFallThrough:
        return "fw-rest";
    case RuleRole::FirewallDrop:
        return "fw-drop";
    case RuleRole::AffinityCheck:
        return "affinity";
    case RuleRole::EndpointPick:
        return "pick";
    case RuleRole::EndpointHairpinMasquerade:
        return "hairpin";
    case RuleRole::EndpointDnat:
        return "dnat";
    case RuleRole::Reject:
        return "reject";
    case RuleRole::Drop:
        return "drop";
    case RuleRole::VirtualServer:
        return "virtual-server";
    case RuleRole::RealServer:
        return "real-server";
    case RuleRole::Note:
        return "note";
    }
    return "line";
}

} // namespace

bool isRule(const RuleLine &line)
{
    switch (line.role) {
    case RuleRole::TableHeader:
    case RuleRole::ChainDeclaration:
    case RuleRole::Commit:
    case RuleRole::Note:
        return false;
    default:
        return true;
    }
}

std::string renderRules(const std::vector<RuleLine> &lines, const RenderOptions &options)
{
    std::string out;
    for (const RuleLine &line : lines) {
        if (line.role == RuleRole::Note && !options.notes)
            continue;
        if (options.counters && isRule(line) && line.text.starts_with("-A ")) {
            out += "[" + std::to_string(line.packets) + ":" + std::to_string(line.bytes) + "] ";
        } else if (options.counters && isRule(line) && !line.text.empty()) {
            // nft and ipvsadm print counters after the rule, not before it
            out += line.text + " [" + std::to_string(line.packets) + ":"
                    + std::to_string(line.bytes) + "]\n";
            continue;
        }
        out += line.text;
        out += '\n';
    }
    return out;
}

void assignIds(std::vector<RuleLine> &lines)
{
    std::map<std::string, int> seen;
    for (RuleLine &line : lines) {
        std::string id = line.table + "/" + line.chain + "/" + roleName(line.role);
        if (!line.svcKey.empty())
            id += "/" + line.svcKey;
        if (!line.endpoint.empty())
            id += "/" + line.endpoint;
        if (!line.address.empty())
            id += "/" + line.address;
        if (line.role == RuleRole::TableHeader || line.role == RuleRole::Commit
            || line.role == RuleRole::Note)
            id += "/" + line.text;
        const int n = ++seen[id];
        if (n > 1)
            id += "#" + std::to_string(n);
        line.id = std::move(id);
    }
}

} // namespace clusterlab::proxyrules
