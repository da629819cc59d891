#include "manifest/decode_pod.h"

namespace clusterlab::manifest::detail {

void readObjectMeta(FieldReader &r, model::ObjectMeta &meta)
{
    meta.name = r.str("name");
    meta.generateName = r.str("generateName");
    meta.namespace_ = r.str("namespace");
    meta.labels = r.stringMap("labels");
    meta.annotations = r.stringMap("annotations");
    meta.uid = r.str("uid");
    meta.generation = r.int64("generation");
    r.str("resourceVersion");
    r.array("ownerReferences", "ObjectMeta", "OwnerReference", [&](FieldReader &o) {
        model::OwnerReference ref;
        ref.apiVersion = o.str("apiVersion");
        ref.kind = o.str("kind");
        ref.name = o.str("name");
        ref.uid = o.str("uid");
        ref.controller = o.boolean("controller");
        ref.blockOwnerDeletion = o.boolean("blockOwnerDeletion");
        meta.ownerReferences.push_back(std::move(ref));
    });
    r.accept({ "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "finalizers",
               "managedFields", "selfLink" });
}

void readLabelSelector(FieldReader &r, model::LabelSelector &selector)
{
    selector.matchLabels = r.stringMap("matchLabels");
    r.array("matchExpressions", "LabelSelector", "LabelSelectorRequirement", [&](FieldReader &e) {
        model::LabelSelectorRequirement req;
        req.key = e.str("key");
        req.op = e.str("operator");
        req.values = e.strings("values");
        selector.matchExpressions.push_back(std::move(req));
    });
}

namespace {

void readProbe(FieldReader &r, std::optional<model::Probe> &probe)
{
    model::Probe p;
    p.initialDelaySeconds = r.int32("initialDelaySeconds");
    p.periodSeconds = r.int32("periodSeconds", 10);
    r.accept({ "exec", "httpGet", "tcpSocket", "grpc", "timeoutSeconds", "successThreshold",
               "failureThreshold", "terminationGracePeriodSeconds" });
    probe = p;
}

void readContainer(FieldReader &r, model::Container &c)
{
    c.name = r.str("name");
    c.image = r.str("image");
    c.imagePullPolicy = r.str("imagePullPolicy");
    if (c.imagePullPolicy.empty()) {
        const bool latest = c.image.find(':') == std::string::npos
                || c.image.substr(c.image.rfind(':')) == ":latest";
        c.imagePullPolicy = latest ? "Always" : "IfNotPresent";
    }
    c.restartPolicy = r.str("restartPolicy");
    r.array("ports", "Container", "ContainerPort", [&](FieldReader &p) {
        model::ContainerPort port;
        port.name = p.str("name");
        port.containerPort = p.int32("containerPort");
        port.hostPort = p.int32("hostPort");
        port.protocol = p.str("protocol", "TCP");
        if (port.protocol.empty())
            port.protocol = "TCP";
        p.accept({ "hostIP" });
        c.ports.push_back(std::move(port));
    });
    r.array("env", "Container", "EnvVar", [&](FieldReader &e) {
        model::EnvVar var;
        var.name = e.str("name");
        var.value = e.str("value");
        var.fromSource = e.has("valueFrom");
        e.accept({ "valueFrom" });
        c.env.push_back(std::move(var));
    });
    r.object("readinessProbe", "Probe", [&](FieldReader &p) {
        readProbe(p, c.readinessProbe);
    });
    r.accept({ "command", "args", "workingDir", "envFrom", "resources", "volumeMounts",
               "volumeDevices", "livenessProbe", "startupProbe", "lifecycle",
               "terminationMessagePath", "terminationMessagePolicy", "securityContext", "stdin",
               "stdinOnce", "tty", "resizePolicy" });
}

} // namespace

void readPodSpec(FieldReader &r, model::PodSpec &spec)
{
    r.array("initContainers", "PodSpec", "Container", [&](FieldReader &c) {
        spec.initContainers.emplace_back();
        readContainer(c, spec.initContainers.back());
    });
    r.array("containers", "PodSpec", "Container", [&](FieldReader &c) {
        spec.containers.emplace_back();
        readContainer(c, spec.containers.back());
    });
    spec.nodeName = r.str("nodeName");
    spec.hostname = r.str("hostname");
    spec.subdomain = r.str("subdomain");
    spec.restartPolicy = r.str("restartPolicy", "Always");
    if (spec.restartPolicy.empty())
        spec.restartPolicy = "Always";
    spec.terminationGracePeriodSeconds = r.int64("terminationGracePeriodSeconds", 30);
    r.accept({ "volumes",
               "affinity",
               "tolerations",
               "nodeSelector",
               "serviceAccountName",
               "serviceAccount",
               "securityContext",
               "dnsPolicy",
               "dnsConfig",
               "hostNetwork",
               "priorityClassName",
               "schedulerName",
               "imagePullSecrets",
               "enableServiceLinks",
               "automountServiceAccountToken",
               "topologySpreadConstraints",
               "runtimeClassName",
               "shareProcessNamespace",
               "hostPID",
               "hostIPC",
               "activeDeadlineSeconds",
               "readinessGates",
               "overhead",
               "preemptionPolicy",
               "priority",
               "setHostnameAsFQDN",
               "os",
               "hostAliases",
               "ephemeralContainers",
               "resourceClaims",
               "schedulingGates",
               "hostUsers",
               "resources" });
}

void readPodTemplate(FieldReader &r, model::PodTemplateSpec &tmpl)
{
    r.object("metadata", "ObjectMeta", [&](FieldReader &m) {
        readObjectMeta(m, tmpl.metadata);
    });
    r.object("spec", "PodSpec", [&](FieldReader &s) {
        readPodSpec(s, tmpl.spec);
    });
}

} // namespace clusterlab::manifest::detail
