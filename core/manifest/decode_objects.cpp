#include "manifest/decode_objects.h"

#include "manifest/decode_pod.h"

namespace clusterlab::manifest::detail {

namespace json = boost::json;

namespace {

model::Raw templateRaw(const model::Raw &document)
{
    const auto *spec = document.if_contains("spec");
    if (!spec || !spec->is_object())
        return {};
    const auto *tmpl = spec->get_object().if_contains("template");
    if (!tmpl || !tmpl->is_object())
        return {};
    return tmpl->get_object();
}

void readSelectorField(FieldReader &r, std::optional<model::LabelSelector> &selector)
{
    r.object("selector", "LabelSelector", [&](FieldReader &s) {
        selector.emplace();
        readLabelSelector(s, *selector);
    });
}

void readTemplateField(FieldReader &r, model::PodTemplateSpec &tmpl, const model::Raw &document)
{
    r.object("template", "PodTemplateSpec", [&](FieldReader &t) {
        readPodTemplate(t, tmpl);
    });
    tmpl.raw = templateRaw(document);
}

void readServicePort(FieldReader &p, model::ServicePort &port)
{
    port.name = p.str("name");
    port.protocol = p.str("protocol", "TCP");
    if (port.protocol.empty())
        port.protocol = "TCP";
    port.appProtocol = p.str("appProtocol");
    port.port = p.int32("port");
    port.targetPort = p.intOrString("targetPort");
    if (port.targetPort.isZero())
        port.targetPort = model::IntOrString::fromInt(port.port);
    port.nodePort = p.int32("nodePort");
}

model::EndpointPort readEndpointPort(FieldReader &p)
{
    model::EndpointPort port;
    port.name = p.str("name");
    port.port = p.int32("port");
    port.protocol = p.str("protocol", "TCP");
    port.appProtocol = p.str("appProtocol");
    return port;
}

std::optional<model::ObjectReference> readTargetRef(FieldReader &r)
{
    std::optional<model::ObjectReference> out;
    r.object("targetRef", "ObjectReference", [&](FieldReader &t) {
        model::ObjectReference ref;
        ref.kind = t.str("kind");
        ref.namespace_ = t.str("namespace");
        ref.name = t.str("name");
        ref.uid = t.str("uid");
        ref.apiVersion = t.str("apiVersion");
        t.accept({ "resourceVersion", "fieldPath" });
        out = ref;
    });
    return out;
}

/// readServiceTrafficFields reads how traffic from outside enters, with SetDefaults_Service's
/// defaults: externalTrafficPolicy Cluster for externally reachable Services, internal Cluster,
/// allocateLoadBalancerNodePorts true for LoadBalancer.
void readServiceTrafficFields(FieldReader &s, model::ServiceSpec &spec)
{
    spec.externalTrafficPolicy = s.str("externalTrafficPolicy");
    if (spec.externalTrafficPolicy.empty() && model::isExternallyAccessible(spec))
        spec.externalTrafficPolicy = "Cluster";
    spec.internalTrafficPolicy = s.str("internalTrafficPolicy");
    if (spec.internalTrafficPolicy.empty() && spec.type != "ExternalName")
        spec.internalTrafficPolicy = "Cluster";
    spec.healthCheckNodePort = s.int32("healthCheckNodePort");
    spec.loadBalancerIP = s.str("loadBalancerIP");
    if (s.has("loadBalancerClass"))
        spec.loadBalancerClass = s.str("loadBalancerClass");
    spec.loadBalancerSourceRanges = s.strings("loadBalancerSourceRanges");
    if (s.has("allocateLoadBalancerNodePorts"))
        spec.allocateLoadBalancerNodePorts = s.boolean("allocateLoadBalancerNodePorts");
    else if (spec.type == "LoadBalancer")
        spec.allocateLoadBalancerNodePorts = true;
}

} // namespace

void readService(FieldReader &r, model::Service &svc)
{
    r.object("spec", "ServiceSpec", [&](FieldReader &s) {
        svc.spec.type = s.str("type", "ClusterIP");
        if (svc.spec.type.empty())
            svc.spec.type = "ClusterIP";
        svc.spec.selector = s.optionalStringMap("selector");
        s.array("ports", "ServiceSpec", "ServicePort", [&](FieldReader &p) {
            svc.spec.ports.emplace_back();
            readServicePort(p, svc.spec.ports.back());
        });
        svc.spec.clusterIP = s.str("clusterIP");
        svc.spec.clusterIPs = s.strings("clusterIPs");
        svc.spec.externalName = s.str("externalName");
        svc.spec.externalIPs = s.strings("externalIPs");
        svc.spec.sessionAffinity = s.str("sessionAffinity", "None");
        if (svc.spec.sessionAffinity.empty())
            svc.spec.sessionAffinity = "None";
        s.object("sessionAffinityConfig", "SessionAffinityConfig", [&](FieldReader &c) {
            c.object("clientIP", "ClientIPConfig", [&](FieldReader &ip) {
                if (ip.has("timeoutSeconds"))
                    svc.spec.sessionAffinityTimeoutSeconds = ip.int32("timeoutSeconds");
            });
        });
        if (svc.spec.sessionAffinity == "ClientIP" && !svc.spec.sessionAffinityTimeoutSeconds)
            svc.spec.sessionAffinityTimeoutSeconds = 10800;
        if (svc.spec.sessionAffinity == "None")
            svc.spec.sessionAffinityTimeoutSeconds.reset();
        svc.spec.publishNotReadyAddresses = s.boolean("publishNotReadyAddresses");
        readServiceTrafficFields(s, svc.spec);
        s.accept({ "ipFamilies", "ipFamilyPolicy", "trafficDistribution" });
    });
    r.accept({ "status" });
}

void readDeployment(FieldReader &r, model::Deployment &d)
{
    r.object("spec", "DeploymentSpec", [&](FieldReader &s) {
        d.spec.replicas = s.int32("replicas", 1);
        readSelectorField(s, d.spec.selector);
        readTemplateField(s, d.spec.template_, d.raw);
        s.object("strategy", "DeploymentStrategy", [&](FieldReader &st) {
            d.spec.strategy.type = st.str("type", "RollingUpdate");
            st.object("rollingUpdate", "RollingUpdateDeployment", [&](FieldReader &ru) {
                d.spec.strategy.maxSurge = ru.intOrString("maxSurge", d.spec.strategy.maxSurge);
                d.spec.strategy.maxUnavailable =
                        ru.intOrString("maxUnavailable", d.spec.strategy.maxUnavailable);
            });
        });
        d.spec.minReadySeconds = s.int32("minReadySeconds");
        d.spec.revisionHistoryLimit = s.int32("revisionHistoryLimit", 10);
        d.spec.progressDeadlineSeconds = s.int32("progressDeadlineSeconds", 600);
        d.spec.paused = s.boolean("paused");
    });
    r.accept({ "status" });
}

void readReplicaSet(FieldReader &r, model::ReplicaSet &rs)
{
    r.object("spec", "ReplicaSetSpec", [&](FieldReader &s) {
        rs.spec.replicas = s.int32("replicas", 1);
        readSelectorField(s, rs.spec.selector);
        readTemplateField(s, rs.spec.template_, rs.raw);
        rs.spec.minReadySeconds = s.int32("minReadySeconds");
    });
    r.accept({ "status" });
}

void readStatefulSet(FieldReader &r, model::StatefulSet &ss)
{
    r.object("spec", "StatefulSetSpec", [&](FieldReader &s) {
        ss.spec.replicas = s.int32("replicas", 1);
        readSelectorField(s, ss.spec.selector);
        readTemplateField(s, ss.spec.template_, ss.raw);
        ss.spec.serviceName = s.str("serviceName");
        ss.spec.podManagementPolicy = s.str("podManagementPolicy", "OrderedReady");
        s.accept({ "volumeClaimTemplates", "updateStrategy", "revisionHistoryLimit",
                   "minReadySeconds", "persistentVolumeClaimRetentionPolicy", "ordinals" });
    });
    r.accept({ "status" });
}

void readReplicationController(FieldReader &r, model::ReplicationController &rc)
{
    r.object("spec", "ReplicationControllerSpec", [&](FieldReader &s) {
        rc.spec.replicas = s.int32("replicas", 1);
        rc.spec.selector = s.stringMap("selector");
        readTemplateField(s, rc.spec.template_, rc.raw);
        rc.spec.minReadySeconds = s.int32("minReadySeconds");
    });
    if (rc.spec.selector.empty())
        rc.spec.selector = rc.spec.template_.metadata.labels;
    r.accept({ "status" });
}

void readEndpoints(FieldReader &r, model::Endpoints &ep)
{
    r.array("subsets", "Endpoints", "EndpointSubset", [&](FieldReader &s) {
        model::EndpointSubset subset;
        auto readAddresses = [&](const char *key, std::vector<model::EndpointAddress> &out) {
            s.array(key, "EndpointSubset", "EndpointAddress", [&](FieldReader &a) {
                model::EndpointAddress addr;
                addr.ip = a.str("ip");
                addr.hostname = a.str("hostname");
                addr.nodeName = a.str("nodeName");
                addr.targetRef = readTargetRef(a);
                out.push_back(std::move(addr));
            });
        };
        readAddresses("addresses", subset.addresses);
        readAddresses("notReadyAddresses", subset.notReadyAddresses);
        s.array("ports", "EndpointSubset", "EndpointPort", [&](FieldReader &p) {
            subset.ports.push_back(readEndpointPort(p));
        });
        ep.subsets.push_back(std::move(subset));
    });
}

void readEndpointSlice(FieldReader &r, model::EndpointSlice &slice)
{
    slice.addressType = r.str("addressType");
    r.array("endpoints", "EndpointSlice", "Endpoint", [&](FieldReader &e) {
        model::Endpoint ep;
        ep.addresses = e.strings("addresses");
        ep.conditions.ready = true;
        ep.conditions.serving = true;
        e.object("conditions", "EndpointConditions", [&](FieldReader &c) {
            ep.conditions.ready = c.boolean("ready", true);
            ep.conditions.serving = c.boolean("serving", ep.conditions.ready);
            ep.conditions.terminating = c.boolean("terminating");
        });
        ep.hostname = e.str("hostname");
        ep.nodeName = e.str("nodeName");
        ep.targetRef = readTargetRef(e);
        e.accept({ "zone", "hints", "deprecatedTopology" });
        slice.endpoints.push_back(std::move(ep));
    });
    r.array("ports", "EndpointSlice", "EndpointPort", [&](FieldReader &p) {
        slice.ports.push_back(readEndpointPort(p));
    });
}

void readNode(FieldReader &r, model::Node &node)
{
    r.object("spec", "NodeSpec", [&](FieldReader &s) {
        node.podCIDR = s.str("podCIDR");
        node.unschedulable = s.boolean("unschedulable");
        s.accept({ "podCIDRs", "taints", "providerID", "configSource", "externalID" });
    });
    r.accept({ "status" });
}

void readEvent(FieldReader &r, model::Event &ev)
{
    r.object("involvedObject", "ObjectReference", [&](FieldReader &o) {
        ev.involvedObject.kind = o.str("kind");
        ev.involvedObject.namespace_ = o.str("namespace");
        ev.involvedObject.name = o.str("name");
        ev.involvedObject.uid = o.str("uid");
        ev.involvedObject.apiVersion = o.str("apiVersion");
        o.accept({ "resourceVersion", "fieldPath" });
    });
    ev.reason = r.str("reason");
    ev.message = r.str("message");
    ev.type = r.str("type", "Normal");
    ev.count = r.int32("count", 1);
    r.object("source", "EventSource", [&](FieldReader &s) {
        ev.sourceComponent = s.str("component");
        ev.sourceHost = s.str("host");
    });
    r.accept({ "firstTimestamp", "lastTimestamp", "eventTime", "reportingComponent",
               "reportingInstance", "action", "related", "series" });
}

void readStored(FieldReader &r, const std::string &kind)
{
    if (kind == "ConfigMap")
        r.accept({ "data", "binaryData", "immutable" });
    else if (kind == "Secret")
        r.accept({ "data", "stringData", "type", "immutable" });
    else if (kind == "ServiceAccount")
        r.accept({ "secrets", "imagePullSecrets", "automountServiceAccountToken" });
}

} // namespace clusterlab::manifest::detail
