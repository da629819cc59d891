#include "api/encode.h"

#include "model/printers.h"

#include <boost/json/array.hpp>

#include <cstdio>
#include <ctime>

namespace clusterlab::api {

namespace json = boost::json;
using detail::child;
using detail::labelSelector;
using detail::stringMap;

std::string formatTime(model::Time time)
{
    const std::time_t t = std::chrono::system_clock::to_time_t(time);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

std::optional<model::Time> parseTime(std::string_view text)
{
    std::tm tm{};
    int fields = std::sscanf(std::string(text).c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year,
                             &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec);
    if (fields != 6)
        return std::nullopt;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return std::chrono::system_clock::from_time_t(timegm(&tm));
}

namespace {

json::array strings(const std::vector<std::string> &values)
{
    json::array out;
    for (const auto &v : values)
        out.emplace_back(v);
    return out;
}

json::value intOrString(const model::IntOrString &v)
{
    return v.isString ? json::value(v.strVal) : json::value(v.intVal);
}

json::object objectReference(const model::ObjectReference &ref)
{
    json::object out;
    if (!ref.kind.empty())
        out["kind"] = ref.kind;
    if (!ref.namespace_.empty())
        out["namespace"] = ref.namespace_;
    out["name"] = ref.name;
    if (!ref.uid.empty())
        out["uid"] = ref.uid;
    if (!ref.apiVersion.empty())
        out["apiVersion"] = ref.apiVersion;
    return out;
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

void encodeNode(json::object &doc, const model::Node &node)
{
    json::object &spec = child(doc, "spec");
    spec["podCIDR"] = node.podCIDR;
    spec["podCIDRs"] = strings({ node.podCIDR });
    if (node.unschedulable)
        spec["unschedulable"] = true;
    json::object status;
    status["addresses"] =
            json::array{ json::object{ { "type", "InternalIP" }, { "address", node.internalIP } },
                         json::object{ { "type", "Hostname" },
                                       { "address", node.metadata.name } } };
    status["conditions"] = json::array{ json::object{
            { "type", "Ready" },
            { "status", node.ready ? "True" : "False" },
            { "reason", node.ready ? "KubeletReady" : "KubeletNotReady" },
            { "message", node.ready ? "kubelet is posting ready status" : "node is not ready" },
            { "lastHeartbeatTime", formatTime(node.metadata.creationTimestamp) },
            { "lastTransitionTime", formatTime(node.metadata.creationTimestamp) } } };
    status["capacity"] = { { "cpu", "4" }, { "memory", "8Gi" }, { "pods", "110" } };
    status["allocatable"] = status["capacity"];
    status["nodeInfo"] = { { "kubeletVersion", model::kServerVersion },
                           { "osImage", "ClusterLab simulated node" },
                           { "kernelVersion", "clusterlab" },
                           { "containerRuntimeVersion", "clusterlab://simulated" },
                           { "operatingSystem", "linux" },
                           { "architecture", "amd64" } };
    doc["status"] = std::move(status);
}

void encodeEvent(json::object &doc, const model::Event &ev)
{
    doc["involvedObject"] = objectReference(ev.involvedObject);
    doc["reason"] = ev.reason;
    doc["message"] = ev.message;
    doc["type"] = ev.type;
    doc["count"] = ev.count;
    json::object source;
    if (!ev.sourceComponent.empty())
        source["component"] = ev.sourceComponent;
    if (!ev.sourceHost.empty())
        source["host"] = ev.sourceHost;
    doc["source"] = std::move(source);
    doc["firstTimestamp"] = formatTime(ev.firstTimestamp);
    doc["lastTimestamp"] = formatTime(ev.lastTimestamp);
    doc["eventTime"] = nullptr;
    doc["reportingComponent"] = ev.sourceComponent;
    doc["reportingInstance"] = ev.sourceHost;
}

} // namespace

json::object encodeMeta(const model::ObjectMeta &meta, const json::object *raw, bool namespaced)
{
    json::object out = raw ? *raw : json::object();
    out.erase("managedFields");
    out.erase("selfLink");
    out["name"] = meta.name;
    if (!meta.generateName.empty())
        out["generateName"] = meta.generateName;
    if (namespaced)
        out["namespace"] = meta.namespace_;
    else
        out.erase("namespace");
    out["uid"] = meta.uid;
    out["resourceVersion"] = std::to_string(meta.resourceVersion);
    if (meta.generation)
        out["generation"] = meta.generation;
    else
        out.erase("generation");
    out["creationTimestamp"] = formatTime(meta.creationTimestamp);
    if (meta.deletionTimestamp)
        out["deletionTimestamp"] = formatTime(*meta.deletionTimestamp);
    if (meta.deletionGracePeriodSeconds)
        out["deletionGracePeriodSeconds"] = *meta.deletionGracePeriodSeconds;
    if (meta.labels.empty())
        out.erase("labels");
    else
        out["labels"] = stringMap(meta.labels);
    if (meta.annotations.empty())
        out.erase("annotations");
    else
        out["annotations"] = stringMap(meta.annotations);
    json::array owners;
    for (const auto &ref : meta.ownerReferences)
        owners.push_back({ { "apiVersion", ref.apiVersion },
                           { "kind", ref.kind },
                           { "name", ref.name },
                           { "uid", ref.uid },
                           { "controller", ref.controller },
                           { "blockOwnerDeletion", ref.blockOwnerDeletion } });
    if (owners.empty())
        out.erase("ownerReferences");
    else
        out["ownerReferences"] = std::move(owners);
    return out;
}

json::object encodeObject(const model::Object &object)
{
    const std::string kind = model::kindOf(object);
    const model::KindInfo *info = model::kindInfo(kind);
    json::object doc = model::rawOf(object);
    doc["apiVersion"] = info ? model::apiVersionOf(*info) : std::string("v1");
    doc["kind"] = kind;
    const auto *rawMeta = doc.if_contains("metadata");
    doc["metadata"] = encodeMeta(model::meta(object),
                                 rawMeta && rawMeta->is_object() ? &rawMeta->get_object() : nullptr,
                                 !info || info->namespaced);
    std::visit(
            [&](const auto &o) {
                using T = std::decay_t<decltype(o)>;
                if constexpr (std::is_same_v<T, model::Pod>) {
                    detail::overlayPodSpec(child(doc, "spec"), o.spec);
                    doc["status"] = detail::podStatus(o);
                } else if constexpr (std::is_same_v<T, model::Service>) {
                    encodeService(doc, o);
                } else if constexpr (
                        std::is_same_v<
                                T,
                                model::Deployment> || std::is_same_v<T, model::ReplicaSet> || std::is_same_v<T, model::StatefulSet> || std::is_same_v<T, model::ReplicationController>) {
                    detail::encodeWorkload(doc, o);
                } else if constexpr (std::is_same_v<T, model::Endpoints>) {
                    encodeEndpoints(doc, o);
                } else if constexpr (std::is_same_v<T, model::EndpointSlice>) {
                    encodeEndpointSlice(doc, o);
                } else if constexpr (std::is_same_v<T, model::Node>) {
                    encodeNode(doc, o);
                } else if constexpr (std::is_same_v<T, model::Event>) {
                    encodeEvent(doc, o);
                } else if constexpr (std::is_same_v<T, model::Namespace>) {
                    doc["spec"] = { { "finalizers", strings({ "kubernetes" }) } };
                    doc["status"] = { { "phase", o.phase } };
                }
            },
            object);
    return doc;
}

json::object encodeEventV1(const model::Event &ev)
{
    json::object doc;
    doc["apiVersion"] = "events.k8s.io/v1";
    doc["kind"] = "Event";
    doc["metadata"] = encodeMeta(ev.metadata, nullptr, true);
    doc["eventTime"] = nullptr;
    doc["reason"] = ev.reason;
    doc["note"] = ev.message;
    doc["type"] = ev.type;
    doc["regarding"] = objectReference(ev.involvedObject);
    doc["reportingController"] = ev.sourceComponent;
    doc["reportingInstance"] = ev.sourceHost;
    doc["deprecatedSource"] = { { "component", ev.sourceComponent }, { "host", ev.sourceHost } };
    doc["deprecatedFirstTimestamp"] = formatTime(ev.firstTimestamp);
    doc["deprecatedLastTimestamp"] = formatTime(ev.lastTimestamp);
    doc["deprecatedCount"] = ev.count;
    return doc;
}

json::object partialObjectMetadata(const model::Object &object)
{
    const model::KindInfo *info = model::kindInfo(model::kindOf(object));
    json::object meta = encodeMeta(model::meta(object), nullptr, !info || info->namespaced);
    return { { "kind", "PartialObjectMetadata" },
             { "apiVersion", "meta.k8s.io/v1" },
             { "metadata", std::move(meta) } };
}

void stripServerFields(json::object &document)
{
    document.erase("status");
    if (auto *meta = document.if_contains("metadata"); meta && meta->is_object()) {
        auto &m = meta->get_object();
        for (const char *key :
             { "uid", "resourceVersion", "creationTimestamp", "generation", "managedFields",
               "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds" })
            m.erase(key);
    }
}

} // namespace clusterlab::api
