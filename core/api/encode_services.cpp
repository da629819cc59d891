// Services and their endpoints as the API server returns them: a Service's spec (ports,
// ClusterIPs, the fields about traffic from outside) and its load balancer status, the subsets
// of Endpoints, and the endpoints and ports of an EndpointSlice.
#include "api/encode.h"

#include <boost/json/array.hpp>

namespace clusterlab::api::detail {

namespace json = boost::json;

namespace {

json::value intOrString(const model::IntOrString &v)
{
    return v.isString ? json::value(v.strVal) : json::value(v.intVal);
}

/// encodeServiceTraffic writes the fields about traffic from outside, each only where set.
void encodeServiceTraffic(json::object &spec, const model::ServiceSpec &s)
{
    auto setOrErase = [&](const char *key, const std::string &value) {
        if (value.empty())
            spec.erase(key);
        else
            spec[key] = value;
    };
    setOrErase("externalTrafficPolicy", s.externalTrafficPolicy);
    setOrErase("internalTrafficPolicy", s.internalTrafficPolicy);
    setOrErase("loadBalancerIP", s.loadBalancerIP);
    if (s.healthCheckNodePort)
        spec["healthCheckNodePort"] = s.healthCheckNodePort;
    else
        spec.erase("healthCheckNodePort");
    if (s.loadBalancerClass)
        spec["loadBalancerClass"] = *s.loadBalancerClass;
    else
        spec.erase("loadBalancerClass");
    if (s.loadBalancerSourceRanges.empty())
        spec.erase("loadBalancerSourceRanges");
    else
        spec["loadBalancerSourceRanges"] = strings(s.loadBalancerSourceRanges);
    if (s.allocateLoadBalancerNodePorts)
        spec["allocateLoadBalancerNodePorts"] = *s.allocateLoadBalancerNodePorts;
    else
        spec.erase("allocateLoadBalancerNodePorts");
}

/// endpointPorts renders ports; EndpointSlice ports always carry a name (kubectl describe
/// dereferences it), Endpoints ports only when they have one.
json::array endpointPorts(const std::vector<model::EndpointPort> &ports, bool alwaysName)
{
    json::array out;
    for (const auto &p : ports) {
        json::object port;
        if (!p.name.empty() || alwaysName)
            port["name"] = p.name;
        port["port"] = p.port;
        port["protocol"] = p.protocol;
        if (!p.appProtocol.empty())
            port["appProtocol"] = p.appProtocol;
        out.push_back(std::move(port));
    }
    return out;
}

json::array endpointAddresses(const std::vector<model::EndpointAddress> &addresses)
{
    json::array out;
    for (const auto &a : addresses) {
        json::object address{ { "ip", a.ip } };
        if (!a.hostname.empty())
            address["hostname"] = a.hostname;
        if (!a.nodeName.empty())
            address["nodeName"] = a.nodeName;
        if (a.targetRef)
            address["targetRef"] = objectReference(*a.targetRef);
        out.push_back(std::move(address));
    }
    return out;
}

} // namespace

void encodeService(json::object &doc, const model::Service &svc)
{
    json::object &spec = child(doc, "spec");
    spec["type"] = svc.spec.type;
    if (svc.spec.selector)
        spec["selector"] = stringMap(*svc.spec.selector);
    else
        spec.erase("selector");
    json::array ports;
    for (const auto &p : svc.spec.ports) {
        json::object port;
        if (!p.name.empty())
            port["name"] = p.name;
        port["protocol"] = p.protocol;
        if (!p.appProtocol.empty())
            port["appProtocol"] = p.appProtocol;
        port["port"] = p.port;
        if (svc.spec.type != "ExternalName")
            port["targetPort"] = intOrString(p.targetPort);
        if (p.nodePort)
            port["nodePort"] = p.nodePort;
        ports.push_back(std::move(port));
    }
    if (ports.empty())
        spec.erase("ports");
    else
        spec["ports"] = std::move(ports);
    if (svc.spec.type == "ExternalName") {
        spec["externalName"] = svc.spec.externalName;
        spec.erase("clusterIP");
        spec.erase("clusterIPs");
    } else {
        spec["clusterIP"] = svc.spec.clusterIP;
        spec["clusterIPs"] = strings(svc.spec.clusterIPs.empty() && !svc.spec.clusterIP.empty()
                                             ? std::vector<std::string>{ svc.spec.clusterIP }
                                             : svc.spec.clusterIPs);
        if (!spec.contains("ipFamilies"))
            spec["ipFamilies"] = strings({ "IPv4" });
        if (!spec.contains("ipFamilyPolicy"))
            spec["ipFamilyPolicy"] = "SingleStack";
    }
    if (svc.spec.externalIPs.empty())
        spec.erase("externalIPs");
    else
        spec["externalIPs"] = strings(svc.spec.externalIPs);
    spec["sessionAffinity"] = svc.spec.sessionAffinity;
    if (svc.spec.sessionAffinityTimeoutSeconds)
        spec["sessionAffinityConfig"] = {
            { "clientIP", { { "timeoutSeconds", *svc.spec.sessionAffinityTimeoutSeconds } } }
        };
    else
        spec.erase("sessionAffinityConfig");
    if (svc.spec.publishNotReadyAddresses)
        spec["publishNotReadyAddresses"] = true;
    encodeServiceTraffic(spec, svc.spec);
    json::array ingress;
    for (const auto &lb : svc.status.loadBalancerIngress) {
        json::object entry;
        if (!lb.ip.empty())
            entry["ip"] = lb.ip;
        if (!lb.hostname.empty())
            entry["hostname"] = lb.hostname;
        if (!lb.ipMode.empty() && !lb.ip.empty())
            entry["ipMode"] = lb.ipMode;
        ingress.push_back(std::move(entry));
    }
    json::object loadBalancer;
    if (!ingress.empty())
        loadBalancer["ingress"] = std::move(ingress);
    doc["status"] = { { "loadBalancer", std::move(loadBalancer) } };
}

void encodeEndpoints(json::object &doc, const model::Endpoints &ep)
{
    json::array subsets;
    for (const auto &s : ep.subsets) {
        json::object subset;
        if (!s.addresses.empty())
            subset["addresses"] = endpointAddresses(s.addresses);
        if (!s.notReadyAddresses.empty())
            subset["notReadyAddresses"] = endpointAddresses(s.notReadyAddresses);
        if (!s.ports.empty())
            subset["ports"] = endpointPorts(s.ports, false);
        subsets.push_back(std::move(subset));
    }
    if (subsets.empty())
        doc.erase("subsets");
    else
        doc["subsets"] = std::move(subsets);
}

void encodeEndpointSlice(json::object &doc, const model::EndpointSlice &slice)
{
    doc["addressType"] = slice.addressType;
    json::array endpoints;
    for (const auto &e : slice.endpoints) {
        json::object endpoint{ { "addresses", strings(e.addresses) },
                               { "conditions",
                                 { { "ready", e.conditions.ready },
                                   { "serving", e.conditions.serving },
                                   { "terminating", e.conditions.terminating } } } };
        if (!e.hostname.empty())
            endpoint["hostname"] = e.hostname;
        if (!e.nodeName.empty())
            endpoint["nodeName"] = e.nodeName;
        if (e.targetRef)
            endpoint["targetRef"] = objectReference(*e.targetRef);
        endpoints.push_back(std::move(endpoint));
    }
    doc["endpoints"] = std::move(endpoints);
    doc["ports"] = endpointPorts(slice.ports, true);
}

} // namespace clusterlab::api::detail
