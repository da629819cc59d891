#include "manifest/validation_internal.h"

#include <set>
#include <utility>

namespace clusterlab::manifest::detail {

namespace {

/// ClusterIPs is spec.clusterIP/clusterIPs after the create strategy synced them.
struct ClusterIPs
{
    std::string clusterIP;
    std::vector<std::string> ips;
    bool headless() const { return ips.size() == 1 && ips[0] == "None"; }
};

ClusterIPs normalizedClusterIPs(const model::ServiceSpec &spec)
{
    ClusterIPs out{ spec.clusterIP, spec.clusterIPs };
    if (!out.clusterIP.empty() && out.ips.empty())
        out.ips = { out.clusterIP };
    // Only the plural given: the allocator takes its first address as the singular.
    if (out.clusterIP.empty() && !out.ips.empty())
        out.clusterIP = out.ips[0];
    return out;
}

/// goServicePortKey is %#v of the core.ServicePort key used for duplicate detection.
std::string goServicePortKey(const std::string &protocol, std::int64_t port)
{
    return "core.ServicePort{Name:\"\", Protocol:" + goString(protocol)
            + ", AppProtocol:(*string)(nil), Port:" + goInt(port)
            + ", TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}";
}

void validatePortNumOrName(const model::IntOrString &port, const std::string &path, ErrorList &errs)
{
    if (port.isString)
        errs.invalidEach(path, goString(port.strVal), isValidPortName(port.strVal));
    else
        errs.invalidEach(path, goInt(port.intVal), isValidPortNum(port.intVal));
}

void validateServicePort(const model::ServicePort &sp, bool requireName,
                         std::set<std::string> &names, const std::string &path, ErrorList &errs)
{
    if (requireName && sp.name.empty()) {
        errs.required(child(path, "name"));
    } else if (!sp.name.empty()) {
        errs.invalidEach(child(path, "name"), goString(sp.name), isDNS1123Label(sp.name));
        if (!names.insert(sp.name).second)
            errs.duplicate(child(path, "name"), goString(sp.name));
    }
    errs.invalidEach(child(path, "port"), goInt(sp.port), isValidPortNum(sp.port));
    if (sp.protocol != "TCP" && sp.protocol != "UDP" && sp.protocol != "SCTP")
        errs.notSupported(child(path, "protocol"), goString(sp.protocol), { "SCTP", "TCP", "UDP" });
    validatePortNumOrName(sp.targetPort, child(path, "targetPort"), errs);
    if (!sp.appProtocol.empty())
        errs.invalidEach(child(path, "appProtocol"), goString(sp.appProtocol),
                         isQualifiedName(sp.appProtocol));
    // A headless Service may have targetPort != port: the check is commented out upstream.
}

void validateTypeSpecific(const model::Service &svc, const std::string &type, const ClusterIPs &ips,
                          ErrorList &errs)
{
    if ((type == "LoadBalancer" || type == "NodePort") && ips.headless()) {
        errs.invalid("spec.clusterIPs[0]", goString(ips.ips[0]),
                     "may not be set to 'None' for " + type + " services", "spec.clusterIP");
    } else if (type == "ExternalName") {
        if (!ips.ips.empty())
            errs.forbidden("spec.clusterIPs", "may not be set for ExternalName services");
        if (rawHas(svc.raw, "spec.ipFamilies"))
            errs.forbidden("spec.ipFamilies", "may not be set for ExternalName services");
        if (rawHas(svc.raw, "spec.ipFamilyPolicy"))
            errs.forbidden("spec.ipFamilyPolicy", "may not be set for ExternalName services");
        std::string cname = svc.spec.externalName;
        if (!cname.empty() && cname.back() == '.')
            cname.pop_back();
        if (cname.empty())
            errs.required("spec.externalName");
        else
            errs.invalidEach("spec.externalName", goString(cname), isDNS1123Subdomain(cname));
    }
}

void validateSessionAffinity(const model::ServiceSpec &spec, ErrorList &errs)
{
    if (spec.sessionAffinity != "ClientIP" && spec.sessionAffinity != "None")
        errs.notSupported("spec.sessionAffinity", goString(spec.sessionAffinity),
                          { "ClientIP", "None" });
    // v1 defaulting fills the ClientIP timeout and drops the config for None, so only the
    // range check is reachable.
    if (spec.sessionAffinity == "ClientIP" && spec.sessionAffinityTimeoutSeconds) {
        const auto timeout = *spec.sessionAffinityTimeoutSeconds;
        if (timeout <= 0 || timeout > 86400)
            errs.invalid("spec.sessionAffinityConfig.clientIP.timeoutSeconds", goInt(timeout),
                         "must be greater than 0 and less than 86400");
    }
}

/// validateClusterIPs is ValidateServiceClusterIPsRelatedFields without the IP families.
void validateClusterIPs(const model::ServiceSpec &spec, const ClusterIPs &ips, ErrorList &errs)
{
    if (spec.type == "ExternalName")
        return;
    const bool pluralWritten = !spec.clusterIPs.empty();
    if (!ips.clusterIP.empty() && pluralWritten && ips.ips[0] != ips.clusterIP)
        errs.invalid("spec.clusterIPs", goStringSlice(ips.ips, false),
                     "first value must match `clusterIP`");
    bool invalidIPs = false;
    for (std::size_t i = 0; i < ips.ips.size(); ++i) {
        const std::string &ip = ips.ips[i];
        if (i == 0 && ip == "None") {
            if (ips.ips.size() > 1) {
                invalidIPs = true;
                errs.invalid("spec.clusterIPs", goStringSlice(ips.ips, false),
                             "'None' must be the first and only value");
            }
            continue;
        }
        if (!isValidIP(ip)) {
            invalidIPs = true;
            errs.invalid(index("spec.clusterIPs", i), goString(ip),
                         "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)",
                         pluralWritten ? std::string() : "spec.clusterIP");
        }
    }
    if (ips.ips.size() > 2)
        errs.invalid("spec.clusterIPs", goStringSlice(ips.ips, false),
                     "may only hold up to 2 values");
    if (invalidIPs || ips.ips.size() != 2)
        return;
    const bool v6first = ips.ips[0].find(':') != std::string::npos;
    const bool v6second = ips.ips[1].find(':') != std::string::npos;
    if (v6first == v6second)
        errs.invalid("spec.clusterIPs", goStringSlice(ips.ips, false),
                     "may specify no more than one IP for each IP family");
}

/// isClusterLabExternalIP: ClusterLab serves only loopback, so an external IP in 127.0.0.0/8
/// stands for a real one and is accepted (the API server refuses loopback); 127.0.0.1 itself,
/// the host's own address, keeps the API server's error.
bool isClusterLabExternalIP(const std::string &ip)
{
    return ip.starts_with("127.") && ip != "127.0.0.1" && isValidIP(ip);
}

void validateExternalIPs(const model::ServiceSpec &spec, ErrorList &errs)
{
    for (std::size_t i = 0; i < spec.externalIPs.size(); ++i) {
        const std::string path = index("spec.externalIPs", i);
        const std::string &ip = spec.externalIPs[i];
        if (!isValidIP(ip))
            errs.invalid(path, goString(ip),
                         "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)");
        else if (!isClusterLabExternalIP(ip))
            errs.invalidEach(path, goString(ip), nonSpecialIPProblems(ip));
    }
}

void validatePortUniqueness(const model::ServiceSpec &spec, ErrorList &errs)
{
    if (spec.type == "ClusterIP")
        for (std::size_t i = 0; i < spec.ports.size(); ++i)
            if (spec.ports[i].nodePort != 0)
                errs.forbidden(index("spec.ports", i) + ".nodePort",
                               "may not be used when `type` is 'ClusterIP'");
    std::set<std::pair<std::string, std::int64_t>> nodePorts;
    for (std::size_t i = 0; i < spec.ports.size(); ++i) {
        const auto &port = spec.ports[i];
        if (port.nodePort != 0 && !nodePorts.insert({ port.protocol, port.nodePort }).second)
            errs.duplicate(index("spec.ports", i) + ".nodePort", goInt(port.nodePort));
    }
    std::set<std::pair<std::string, std::int64_t>> ports;
    for (std::size_t i = 0; i < spec.ports.size(); ++i) {
        const auto &port = spec.ports[i];
        if (!ports.insert({ port.protocol, port.port }).second)
            errs.duplicate(index("spec.ports", i), goServicePortKey(port.protocol, port.port));
    }
}

/// validateLoadBalancerAndTrafficFields covers the load balancer and traffic policy fields.
void validateLoadBalancerAndTrafficFields(const model::ServiceSpec &spec, ErrorList &errs)
{
    const auto &type = spec.type;
    if (!spec.loadBalancerSourceRanges.empty()) {
        // Upstream spells this path with a capital L.
        const std::string path = "spec.LoadBalancerSourceRanges";
        if (type != "LoadBalancer")
            errs.forbidden(path, "may only be used when `type` is 'LoadBalancer'");
        for (std::size_t i = 0; i < spec.loadBalancerSourceRanges.size(); ++i) {
            std::string value = spec.loadBalancerSourceRanges[i];
            const auto first = value.find_first_not_of(" \t\n\r");
            value = first == std::string::npos
                    ? std::string()
                    : value.substr(first, value.find_last_not_of(" \t\n\r") - first + 1);
            if (!isValidCIDR(value))
                errs.invalid(index(path, i), goString(value),
                             "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)");
        }
    }
    if (spec.allocateLoadBalancerNodePorts && type != "LoadBalancer")
        errs.forbidden("spec.allocateLoadBalancerNodePorts",
                       "may only be used when `type` is 'LoadBalancer'");
    if (spec.loadBalancerClass) {
        if (type == "LoadBalancer")
            errs.invalidEach("spec.loadBalancerClass", goString(*spec.loadBalancerClass),
                             isQualifiedName(*spec.loadBalancerClass));
        else
            errs.forbidden("spec.loadBalancerClass",
                           "may only be used when `type` is 'LoadBalancer'");
    }
    if (const auto &policy = spec.externalTrafficPolicy; !policy.empty()) {
        if (!model::isExternallyAccessible(spec))
            errs.invalid("spec.externalTrafficPolicy", goString(policy),
                         "may only be set for externally-accessible services");
        else if (policy != "Cluster" && policy != "Local")
            errs.notSupported("spec.externalTrafficPolicy", goString(policy),
                              { "Cluster", "Local" });
    }
    if (const auto &policy = spec.internalTrafficPolicy;
        !policy.empty() && policy != "Cluster" && policy != "Local")
        errs.notSupported("spec.internalTrafficPolicy", goString(policy), { "Cluster", "Local" });
    if (spec.healthCheckNodePort != 0) {
        if (!model::needsHealthCheckNodePort(spec))
            errs.invalid("spec.healthCheckNodePort", goInt(spec.healthCheckNodePort),
                         "may only be set when `type` is 'LoadBalancer' and "
                         "`externalTrafficPolicy` is 'Local'");
        else if (spec.healthCheckNodePort < 1 || spec.healthCheckNodePort > 65535)
            errs.invalid("spec.healthCheckNodePort", goInt(spec.healthCheckNodePort),
                         "must be between 1 and 65535, inclusive");
    }
}

/// defaulted applies SetDefaults_Service to what was left empty, as the decoder does; objects
/// built in code skip the decoder, and v1 defaulting makes the Required errors unreachable.
model::ServiceSpec defaulted(model::ServiceSpec spec)
{
    if (spec.type.empty())
        spec.type = "ClusterIP";
    if (spec.sessionAffinity.empty())
        spec.sessionAffinity = "None";
    for (auto &port : spec.ports) {
        if (port.protocol.empty())
            port.protocol = "TCP";
        if (port.targetPort.isZero())
            port.targetPort = model::IntOrString::fromInt(port.port);
    }
    return spec;
}

} // namespace

ErrorList validateService(const model::Service &svc)
{
    ErrorList errs;
    const model::ServiceSpec spec = defaulted(svc.spec);
    const ClusterIPs ips = normalizedClusterIPs(spec);
    validateObjectMeta(svc.metadata, NameRule::DNS1035Label, true, errs);
    if (spec.ports.empty() && !ips.headless() && spec.type != "ExternalName")
        errs.required("spec.ports");
    validateTypeSpecific(svc, spec.type, ips, errs);
    std::set<std::string> names;
    for (std::size_t i = 0; i < spec.ports.size(); ++i)
        validateServicePort(spec.ports[i], spec.ports.size() > 1, names, index("spec.ports", i),
                            errs);
    if (spec.selector)
        validateLabels(*spec.selector, "spec.selector", "spec.selector", errs);
    validateSessionAffinity(spec, errs);
    validateClusterIPs(spec, ips, errs);
    validateExternalIPs(spec, errs);
    if (spec.type != "ClusterIP" && spec.type != "NodePort" && spec.type != "LoadBalancer"
        && spec.type != "ExternalName")
        errs.notSupported("spec.type", goString(spec.type),
                          { "ClusterIP", "ExternalName", "LoadBalancer", "NodePort" });
    validatePortUniqueness(spec, errs);
    validateLoadBalancerAndTrafficFields(spec, errs);
    return errs;
}

void validateServiceClusterIPUpdate(const model::Service &previous, const model::Service &current,
                                    ErrorList &errs)
{
    if (previous.spec.type == "ExternalName" || current.spec.type == "ExternalName")
        return;
    const ClusterIPs before = normalizedClusterIPs(previous.spec);
    model::ServiceSpec spec = current.spec;
    // The update strategy keeps the allocated address when the manifest leaves it out.
    if (spec.clusterIP.empty() && spec.clusterIPs.empty()) {
        spec.clusterIP = before.clusterIP;
        spec.clusterIPs = before.ips;
    }
    const ClusterIPs after = normalizedClusterIPs(spec);
    if (before.headless() && after.headless())
        return;
    const std::string first = "spec.clusterIPs[0]";
    const std::string value = goStringSlice(after.ips, after.ips.empty());
    const std::string at = current.spec.clusterIPs.empty() ? "spec.clusterIP" : std::string();
    if (before.ips.size() == after.ips.size()) {
        for (std::size_t i = 0; i < before.ips.size(); ++i)
            if (before.ips[i] != after.ips[i])
                errs.invalid(index("spec.clusterIPs", i), value, "may not change once set", at);
    } else if (before.ips.size() > after.ips.size()) {
        if (after.ips.empty())
            errs.invalid(first, value, "primary clusterIP can not be unset", at);
        else if (after.ips[0] != before.ips[0])
            errs.invalid(first, value, "may not change once set", at);
    } else if (!before.ips.empty() && after.ips[0] != before.ips[0]) {
        errs.invalid(first, value, "may not change once set", at);
    }
}

} // namespace clusterlab::manifest::detail
