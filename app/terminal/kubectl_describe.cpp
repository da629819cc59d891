#include "terminal/kubectl_describe.h"

#include "api/encode.h"
#include "model/printers.h"
#include "terminal/api_client.h"
#include "terminal/describe_text.h"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <chrono>

namespace clusterlab::app {

namespace json = boost::json;

namespace {

const json::array kNoItems;

const json::array &arrayAt(const json::value &root, const std::string &path)
{
    const json::value *at = jsonAt(root, path);
    return at && at->is_array() ? at->as_array() : kNoItems;
}

std::string selectorText(const json::value *map)
{
    if (!map || !map->is_object() || map->as_object().empty())
        return "<none>";
    std::string out;
    for (const auto &entry : map->as_object())
        out += (out.empty() ? "" : ",") + std::string(entry.key()) + "="
                + (entry.value().is_string() ? std::string(entry.value().as_string())
                                             : std::string());
    return out;
}

std::string ageOf(const std::string &timestamp)
{
    const auto time = api::parseTime(timestamp);
    if (!time)
        return "<unknown>";
    const auto age = std::chrono::duration_cast<std::chrono::seconds>(
            std::chrono::system_clock::now() - *time);
    return model::humanDuration(age);
}

/// describeContainers writes a Pod spec's containers as kubectl does: under a Pod at indent 0
/// (names at 2 spaces), under a Deployment's Pod Template at indent 1 (names at 3).
void describeContainers(DescribeText &out, const json::value &podSpec, int indent)
{
    out.section("Containers", indent);
    for (const auto &c : arrayAt(podSpec, "containers")) {
        out.section(std::string(indent == 0 ? 2 : 1, ' ') + textAt(c, "name"), indent);
        out.add("Image", textAt(c, "image"), 2);
        std::string ports;
        for (const auto &p : arrayAt(c, "ports"))
            ports += (ports.empty() ? "" : ", ") + textAt(p, "containerPort") + "/"
                    + textAt(p, "protocol", "TCP");
        out.add("Port", ports.empty() ? "<none>" : ports, 2);
        const auto &env = arrayAt(c, "env");
        if (env.empty()) {
            out.add("Environment", "<none>", 2);
            continue;
        }
        out.section("Environment", 2);
        for (const auto &e : env)
            out.add(textAt(e, "name"), textAt(e, "value"), 3);
    }
}

} // namespace

KubectlDescribe::KubectlDescribe(ApiClient &api) : m_api(api) { }

KubectlResult KubectlDescribe::run(const KubectlArgs &args)
{
    const ResourceTargets targets = resolveTargets(args.positional);
    if (!targets.error.isEmpty() || targets.targets.empty())
        return { 1,
                 {},
                 targets.error.isEmpty() ? "error: you must specify the type of resource to "
                                           "describe, e.g. kubectl describe svc backend\n"
                                         : targets.error.toStdString() + "\n" };
    KubectlResult result;
    for (const ResourceTarget &target : targets.targets) {
        const std::string kind = target.resource->kind;
        if (kind != "Pod" && kind != "Service" && kind != "Deployment") {
            result.err += "error: the built-in describe knows pods, services and deployments\n";
            result.exitCode = 1;
            continue;
        }
        QStringList names = target.names;
        if (names.isEmpty()) {
            ApiReply list = m_api.get(collectionPath(*target.resource, args.ns));
            for (const auto &item : arrayAt(list.body, "items"))
                names << QString::fromStdString(textAt(item, "metadata.name"));
        }
        for (const QString &name : names) {
            ApiReply reply = m_api.get(collectionPath(*target.resource, args.ns, name));
            if (!reply.ok()) {
                result.err += reply.errorText() + "\n";
                result.exitCode = 1;
                continue;
            }
            if (!result.out.empty())
                result.out += "\n\n";
            result.out += describeObject(kind, reply.body);
        }
    }
    return result;
}

std::string KubectlDescribe::describeObject(const std::string &kind, const json::value &o)
{
    DescribeText out;
    const std::string name = textAt(o, "metadata.name");
    const std::string ns = textAt(o, "metadata.namespace");
    out.add("Name", name);
    out.add("Namespace", ns);
    if (kind == "Pod") {
        out.add("Node", textAt(o, "spec.nodeName", "<none>") + "/" + textAt(o, "status.hostIP"));
        out.add("Start Time", textAt(o, "status.startTime", "<unset>"));
    } else {
        out.add("CreationTimestamp", textAt(o, "metadata.creationTimestamp"));
    }
    out.addMap("Labels", jsonAt(o, "metadata.labels"), "=");
    out.addMap("Annotations", jsonAt(o, "metadata.annotations"), ": ");
    if (kind == "Pod") {
        const bool terminating = jsonAt(o, "metadata.deletionTimestamp") != nullptr;
        out.add("Status", terminating ? "Terminating" : textAt(o, "status.phase"));
        out.add("IP", textAt(o, "status.podIP", "<none>"));
        for (const auto &owner : arrayAt(o, "metadata.ownerReferences"))
            if (textAt(owner, "controller") == "true")
                out.add("Controlled By", textAt(owner, "kind") + "/" + textAt(owner, "name"));
        if (const json::value *spec = jsonAt(o, "spec"))
            describeContainers(out, *spec, 0);
        out.section("Conditions");
        std::vector<std::vector<std::string>> conditions = { { "Type", "Status" } };
        for (const auto &c : arrayAt(o, "status.conditions"))
            conditions.push_back({ textAt(c, "type"), textAt(c, "status") });
        out.table(conditions);
    } else if (kind == "Service") {
        describeService(out, o);
    } else {
        describeDeployment(out, o);
    }
    describeEvents(out, kind, ns, name);
    return out.text();
}

void KubectlDescribe::describeService(DescribeText &out, const json::value &svc)
{
    // kubectl's describeService, field by field.
    const auto joined = [&](const char *path) {
        std::string text;
        for (const auto &item : arrayAt(svc, path))
            text += (text.empty() ? "" : ",")
                    + (item.is_string() ? std::string(item.as_string()) : json::serialize(item));
        return text;
    };
    out.add("Selector", selectorText(jsonAt(svc, "spec.selector")));
    out.add("Type", textAt(svc, "spec.type", "ClusterIP"));
    if (const std::string policy = textAt(svc, "spec.ipFamilyPolicy"); !policy.empty())
        out.add("IP Family Policy", policy);
    const std::string families = joined("spec.ipFamilies");
    out.add("IP Families", families.empty() ? "<none>" : families);
    out.add("IP", textAt(svc, "spec.clusterIP"));
    const std::string ips = joined("spec.clusterIPs");
    out.add("IPs", ips.empty() ? "<none>" : ips);
    if (const std::string external = joined("spec.externalIPs"); !external.empty())
        out.add("External IPs", external);
    if (const std::string ip = textAt(svc, "spec.loadBalancerIP"); !ip.empty())
        out.add("Desired LoadBalancer IP", ip);
    if (const std::string cls = textAt(svc, "spec.loadBalancerClass"); !cls.empty())
        out.add("LoadBalancer Class", cls);
    if (const std::string name = textAt(svc, "spec.externalName"); !name.empty())
        out.add("External Name", name);
    std::string ingress;
    for (const auto &lb : arrayAt(svc, "status.loadBalancer.ingress")) {
        const std::string ip = textAt(lb, "ip");
        ingress += (ingress.empty() ? "" : ", ") + (ip.empty() ? textAt(lb, "hostname") : ip);
        if (const std::string mode = textAt(lb, "ipMode"); !mode.empty())
            ingress += " (" + mode + ")";
    }
    if (!ingress.empty())
        out.add("LoadBalancer Ingress", ingress);
    const std::string ns = textAt(svc, "metadata.namespace");
    const std::string name = textAt(svc, "metadata.name");
    const api::ApiResource *endpoints = findResource(QStringLiteral("endpoints"));
    const ApiReply ep = m_api.get(
            collectionPath(*endpoints, QString::fromStdString(ns), QString::fromStdString(name)));
    for (const auto &port : arrayAt(svc, "spec.ports")) {
        const std::string portName = textAt(port, "name");
        const std::string shown = portName.empty() ? "<unset>" : portName;
        const std::string protocol = textAt(port, "protocol", "TCP");
        out.add("Port", shown + "  " + textAt(port, "port") + "/" + protocol);
        out.add("TargetPort", textAt(port, "targetPort", textAt(port, "port")) + "/" + protocol);
        if (const std::string nodePort = textAt(port, "nodePort"); !nodePort.empty())
            out.add("NodePort", shown + "  " + nodePort + "/" + protocol);
        std::string addresses;
        for (const auto &subset : arrayAt(ep.body, "subsets")) {
            std::string epPort;
            for (const auto &p : arrayAt(subset, "ports"))
                if (textAt(p, "name") == portName)
                    epPort = textAt(p, "port");
            if (epPort.empty())
                continue;
            for (const auto &address : arrayAt(subset, "addresses"))
                addresses += (addresses.empty() ? "" : ",") + textAt(address, "ip") + ":" + epPort;
        }
        out.add("Endpoints", addresses.empty() ? "<none>" : addresses);
    }
    out.add("Session Affinity", textAt(svc, "spec.sessionAffinity", "None"));
    if (const std::string policy = textAt(svc, "spec.externalTrafficPolicy"); !policy.empty())
        out.add("External Traffic Policy", policy);
    if (const std::string policy = textAt(svc, "spec.internalTrafficPolicy"); !policy.empty())
        out.add("Internal Traffic Policy", policy);
    if (const std::string port = textAt(svc, "spec.healthCheckNodePort"); !port.empty())
        out.add("HealthCheck NodePort", port);
    if (const std::string ranges = joined("spec.loadBalancerSourceRanges"); !ranges.empty())
        out.add("LoadBalancer Source Ranges", ranges);
}

void KubectlDescribe::describeDeployment(DescribeText &out, const json::value &d)
{
    out.add("Selector", selectorText(jsonAt(d, "spec.selector.matchLabels")));
    out.add("Replicas",
            textAt(d, "spec.replicas", "1") + " desired | "
                    + textAt(d, "status.updatedReplicas", "0") + " updated | "
                    + textAt(d, "status.replicas", "0") + " total | "
                    + textAt(d, "status.availableReplicas", "0") + " available | "
                    + textAt(d, "status.unavailableReplicas", "0") + " unavailable");
    out.add("StrategyType", textAt(d, "spec.strategy.type", "RollingUpdate"));
    out.section("Pod Template");
    out.addMap("  Labels", jsonAt(d, "spec.template.metadata.labels"), "=");
    if (const json::value *spec = jsonAt(d, "spec.template.spec"))
        describeContainers(out, *spec, 1);
    const api::ApiResource *replicaSets = findResource(QStringLiteral("replicasets"));
    const ApiReply list = m_api.get(
            collectionPath(*replicaSets, QString::fromStdString(textAt(d, "metadata.namespace"))));
    std::string newReplicaSet = "<none>";
    for (const auto &rs : arrayAt(list.body, "items"))
        for (const auto &owner : arrayAt(rs, "metadata.ownerReferences"))
            if (textAt(owner, "uid") == textAt(d, "metadata.uid")
                && textAt(rs, "spec.replicas", "0") != "0")
                newReplicaSet = textAt(rs, "metadata.name") + " ("
                        + textAt(rs, "status.replicas", "0") + "/" + textAt(rs, "spec.replicas")
                        + " replicas created)";
    out.add("NewReplicaSet", newReplicaSet);
}

void KubectlDescribe::describeEvents(DescribeText &out, const std::string &kind,
                                     const std::string &ns, const std::string &name)
{
    const api::ApiResource *events = findResource(QStringLiteral("events"));
    const ApiReply list = m_api.get(collectionPath(*events, QString::fromStdString(ns)));
    std::vector<const json::value *> mine;
    for (const auto &event : arrayAt(list.body, "items"))
        if (textAt(event, "involvedObject.kind") == kind
            && textAt(event, "involvedObject.name") == name)
            mine.push_back(&event);
    if (mine.empty()) {
        out.add("Events", "<none>");
        return;
    }
    out.section("Events");
    std::vector<std::vector<std::string>> rows = {
        { "Type", "Reason", "Age", "From", "Message" },
        { "----", "------", "----", "----", "-------" },
    };
    for (const json::value *e : mine) {
        std::string when = textAt(*e, "lastTimestamp");
        if (when.empty())
            when = textAt(*e, "eventTime");
        rows.push_back({ textAt(*e, "type", "Normal"), textAt(*e, "reason"), ageOf(when),
                         textAt(*e, "source.component"), textAt(*e, "message") });
    }
    out.table(rows);
}

} // namespace clusterlab::app
