#include "api/encode.h"
#include "model/images.h"

#include <boost/json/array.hpp>

namespace clusterlab::api::detail {

namespace json = boost::json;

json::object &child(json::object &parent, std::string_view key)
{
    json::value &value = parent[key];
    if (!value.is_object())
        value = json::object();
    return value.get_object();
}

json::object stringMap(const model::Labels &labels)
{
    json::object out;
    for (const auto &[key, value] : labels)
        out[key] = value;
    return out;
}

json::object labelSelector(const model::LabelSelector &selector)
{
    json::object out;
    if (!selector.matchLabels.empty())
        out["matchLabels"] = stringMap(selector.matchLabels);
    if (!selector.matchExpressions.empty()) {
        json::array expressions;
        for (const auto &req : selector.matchExpressions) {
            json::object e{ { "key", req.key }, { "operator", req.op } };
            if (!req.values.empty()) {
                json::array values;
                for (const auto &v : req.values)
                    values.emplace_back(v);
                e["values"] = std::move(values);
            }
            expressions.push_back(std::move(e));
        }
        out["matchExpressions"] = std::move(expressions);
    }
    return out;
}

namespace {

const json::object *findByName(const json::value *list, const std::string &name)
{
    if (!list || !list->is_array())
        return nullptr;
    for (const auto &item : list->get_array())
        if (item.is_object())
            if (const auto *n = item.get_object().if_contains("name");
                n && n->is_string() && n->get_string() == name)
                return &item.get_object();
    return nullptr;
}

json::array containerPorts(const std::vector<model::ContainerPort> &ports)
{
    json::array out;
    for (const auto &p : ports) {
        json::object port;
        if (!p.name.empty())
            port["name"] = p.name;
        port["containerPort"] = p.containerPort;
        if (p.hostPort)
            port["hostPort"] = p.hostPort;
        port["protocol"] = p.protocol;
        out.push_back(std::move(port));
    }
    return out;
}

json::array containerEnv(const std::vector<model::EnvVar> &env, const json::value *rawEnv)
{
    json::array out;
    for (const auto &var : env) {
        if (var.fromSource) {
            if (const auto *raw = findByName(rawEnv, var.name)) {
                out.push_back(*raw);
                continue;
            }
        }
        json::object e{ { "name", var.name } };
        if (!var.value.empty())
            e["value"] = var.value;
        out.push_back(std::move(e));
    }
    return out;
}

json::array containers(const std::vector<model::Container> &list, const json::value *raw)
{
    json::array out;
    for (const auto &c : list) {
        const json::object *base = findByName(raw, c.name);
        json::object container = base ? *base : json::object();
        container["name"] = c.name;
        container["image"] = c.image;
        if (c.ports.empty())
            container.erase("ports");
        else
            container["ports"] = containerPorts(c.ports);
        if (c.env.empty())
            container.erase("env");
        else
            container["env"] = containerEnv(c.env, base ? base->if_contains("env") : nullptr);
        if (!c.restartPolicy.empty())
            container["restartPolicy"] = c.restartPolicy;
        if (!container.contains("resources"))
            container["resources"] = json::object();
        if (!container.contains("terminationMessagePath"))
            container["terminationMessagePath"] = "/dev/termination-log";
        if (!container.contains("terminationMessagePolicy"))
            container["terminationMessagePolicy"] = "File";
        container["imagePullPolicy"] = c.imagePullPolicy;
        out.push_back(std::move(container));
    }
    return out;
}

void setOrErase(json::object &object, std::string_view key, const std::string &value)
{
    if (value.empty())
        object.erase(key);
    else
        object[key] = value;
}

json::object containerState(const model::Pod &pod, const model::Container &container)
{
    const std::string &reason = pod.status.reason;
    if (reason == "ErrImagePull" || reason == "ImagePullBackOff") {
        if (const auto failure = model::imagePullFailure(container.image))
            return { { "waiting",
                       { { "reason", reason },
                         { "message",
                           reason == "ErrImagePull" ? *failure
                                                    : "Back-off pulling image \"" + container.image
                                           + "\": ErrImagePull: " + *failure } } } };
    }
    if (pod.status.phase == "Running" && pod.status.startTime)
        return { { "running", { { "startedAt", formatTime(*pod.status.startTime) } } } };
    if (pod.status.phase == "Succeeded" || pod.status.phase == "Failed")
        return { { "terminated",
                   { { "exitCode", pod.status.phase == "Succeeded" ? 0 : 1 },
                     { "reason", pod.status.phase == "Succeeded" ? "Completed" : "Error" } } } };
    return { { "waiting", { { "reason", "ContainerCreating" } } } };
}

json::value intOrStringValue(const model::IntOrString &v)
{
    return v.isString ? json::value(v.strVal) : json::value(v.intVal);
}

void workloadStatus(json::object &doc, const model::WorkloadStatus &s, bool deployment)
{
    json::object status;
    auto set = [&](const char *key, std::int64_t value) {
        if (value)
            status[key] = value;
    };
    set("observedGeneration", s.observedGeneration);
    set("replicas", s.replicas);
    set(deployment ? "updatedReplicas" : "fullyLabeledReplicas",
        deployment ? s.updatedReplicas : s.fullyLabeledReplicas);
    set("readyReplicas", s.readyReplicas);
    set("availableReplicas", s.availableReplicas);
    if (deployment)
        set("unavailableReplicas", s.unavailableReplicas);
    if (!status.contains("replicas"))
        status["replicas"] = 0;
    doc["status"] = std::move(status);
}

void encodeDeploymentT(json::object &doc, const model::Deployment &d)
{
    json::object &spec = child(doc, "spec");
    spec["replicas"] = d.spec.replicas;
    if (d.spec.selector)
        spec["selector"] = labelSelector(*d.spec.selector);
    overlayTemplate(child(spec, "template"), d.spec.template_);
    json::object strategy{ { "type", d.spec.strategy.type } };
    if (d.spec.strategy.type == "RollingUpdate")
        strategy["rollingUpdate"] = { { "maxSurge", intOrStringValue(d.spec.strategy.maxSurge) },
                                      { "maxUnavailable",
                                        intOrStringValue(d.spec.strategy.maxUnavailable) } };
    spec["strategy"] = std::move(strategy);
    if (d.spec.minReadySeconds)
        spec["minReadySeconds"] = d.spec.minReadySeconds;
    spec["revisionHistoryLimit"] = d.spec.revisionHistoryLimit;
    spec["progressDeadlineSeconds"] = d.spec.progressDeadlineSeconds;
    if (d.spec.paused)
        spec["paused"] = true;
    workloadStatus(doc, d.status, true);
    json::object &status = doc["status"].get_object();
    const bool available = d.status.availableReplicas >= d.spec.replicas;
    status["conditions"] = json::array{
        json::object{
                { "type", "Available" },
                { "status", available ? "True" : "False" },
                { "reason", available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable" },
                { "message",
                  available ? "Deployment has minimum availability."
                            : "Deployment does not have minimum availability." } },
        json::object{ { "type", "Progressing" },
                      { "status", "True" },
                      { "reason",
                        d.status.updatedReplicas >= d.spec.replicas ? "NewReplicaSetAvailable"
                                                                    : "ReplicaSetUpdated" } }
    };
}

template <class T>
void encodeReplicatedT(json::object &doc, const T &w)
{
    json::object &spec = child(doc, "spec");
    spec["replicas"] = w.spec.replicas;
    if constexpr (std::is_same_v<T, model::ReplicationController>)
        spec["selector"] = stringMap(w.spec.selector);
    else if (w.spec.selector)
        spec["selector"] = labelSelector(*w.spec.selector);
    overlayTemplate(child(spec, "template"), w.spec.template_);
    if constexpr (std::is_same_v<T, model::StatefulSet>) {
        spec["serviceName"] = w.spec.serviceName;
        spec["podManagementPolicy"] = w.spec.podManagementPolicy;
        workloadStatus(doc, w.status, false);
        auto &status = doc["status"].get_object();
        status.erase("fullyLabeledReplicas");
        status["currentReplicas"] = w.status.currentReplicas;
        status["updatedReplicas"] = w.status.updatedReplicas;
    } else {
        if (w.spec.minReadySeconds)
            spec["minReadySeconds"] = w.spec.minReadySeconds;
        workloadStatus(doc, w.status, false);
    }
}

} // namespace

void overlayPodSpec(json::object &spec, const model::PodSpec &model)
{
    spec["containers"] = containers(model.containers, spec.if_contains("containers"));
    if (model.initContainers.empty())
        spec.erase("initContainers");
    else
        spec["initContainers"] =
                containers(model.initContainers, spec.if_contains("initContainers"));
    setOrErase(spec, "nodeName", model.nodeName);
    setOrErase(spec, "hostname", model.hostname);
    setOrErase(spec, "subdomain", model.subdomain);
    spec["restartPolicy"] = model.restartPolicy;
    spec["terminationGracePeriodSeconds"] = model.terminationGracePeriodSeconds;
    if (!spec.contains("dnsPolicy"))
        spec["dnsPolicy"] = "ClusterFirst";
    if (!spec.contains("schedulerName"))
        spec["schedulerName"] = "default-scheduler";
    if (!spec.contains("securityContext"))
        spec["securityContext"] = json::object();
}

void defaultServiceAccount(json::object &spec)
{
    const auto named = [&](const char *field) {
        const auto *value = spec.if_contains(field);
        return value && value->is_string() && !value->get_string().empty() ? value->get_string()
                                                                           : json::string();
    };
    json::string name = named("serviceAccountName");
    if (name.empty())
        name = named("serviceAccount");
    if (name.empty())
        name = "default";
    spec["serviceAccountName"] = name;
    spec["serviceAccount"] = name;
}

void overlayTemplate(json::object &tmpl, const model::PodTemplateSpec &model)
{
    json::object &meta = child(tmpl, "metadata");
    if (model.metadata.labels.empty())
        meta.erase("labels");
    else
        meta["labels"] = stringMap(model.metadata.labels);
    if (model.metadata.annotations.empty())
        meta.erase("annotations");
    else
        meta["annotations"] = stringMap(model.metadata.annotations);
    setOrErase(meta, "name", model.metadata.name);
    if (!meta.contains("creationTimestamp"))
        meta["creationTimestamp"] = nullptr;
    overlayPodSpec(child(tmpl, "spec"), model.spec);
}

json::object podStatus(const model::Pod &pod)
{
    json::object status;
    status["phase"] = pod.status.phase;
    json::array conditions;
    for (const auto &c : pod.status.conditions)
        conditions.push_back({ { "type", c.type },
                               { "status", c.status ? "True" : "False" },
                               { "lastProbeTime", nullptr },
                               { "lastTransitionTime", formatTime(c.lastTransitionTime) } });
    if (!conditions.empty())
        status["conditions"] = std::move(conditions);
    if (!pod.status.hostIP.empty()) {
        status["hostIP"] = pod.status.hostIP;
        status["hostIPs"] = json::array{ json::object{ { "ip", pod.status.hostIP } } };
    }
    if (!pod.status.podIP.empty()) {
        status["podIP"] = pod.status.podIP;
        status["podIPs"] = json::array{ json::object{ { "ip", pod.status.podIP } } };
    }
    if (pod.status.startTime)
        status["startTime"] = formatTime(*pod.status.startTime);
    if (!pod.spec.nodeName.empty()) {
        json::array statuses;
        const bool ready = model::isPodReady(pod);
        for (const auto &c : pod.spec.containers)
            statuses.push_back({ { "name", c.name },
                                 { "image", c.image },
                                 { "imageID", "" },
                                 { "ready", ready },
                                 { "restartCount", pod.status.restartCount },
                                 { "started", pod.status.phase == "Running" },
                                 { "state", containerState(pod, c) } });
        status["containerStatuses"] = std::move(statuses);
    }
    status["qosClass"] = "BestEffort";
    return status;
}

void encodeWorkload(json::object &doc, const model::Deployment &d)
{
    encodeDeploymentT(doc, d);
}

void encodeWorkload(json::object &doc, const model::ReplicaSet &rs)
{
    encodeReplicatedT(doc, rs);
}

void encodeWorkload(json::object &doc, const model::StatefulSet &ss)
{
    encodeReplicatedT(doc, ss);
}

void encodeWorkload(json::object &doc, const model::ReplicationController &rc)
{
    encodeReplicatedT(doc, rc);
}

} // namespace clusterlab::api::detail
