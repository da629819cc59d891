#include "manifest/validation_internal.h"

#include <set>

namespace clusterlab::manifest::detail {

namespace json = boost::json;

namespace {

const json::object *asObject(const json::value *v)
{
    return v && v->is_object() ? &v->get_object() : nullptr;
}

const json::object *rawChild(const json::object *raw, const std::string &path)
{
    return raw ? asObject(rawAt(*raw, path)) : nullptr;
}

void validateContainerPorts(const std::vector<model::ContainerPort> &ports, const std::string &path,
                            ErrorList &errs)
{
    std::set<std::string> names;
    for (std::size_t i = 0; i < ports.size(); ++i) {
        const auto &port = ports[i];
        const std::string portPath = index(path, i);
        if (!port.name.empty()) {
            const auto msgs = isValidPortName(port.name);
            if (!msgs.empty())
                errs.invalidEach(child(portPath, "name"), goString(port.name), msgs);
            else if (!names.insert(port.name).second)
                errs.duplicate(child(portPath, "name"), goString(port.name));
        }
        if (port.containerPort == 0)
            errs.required(child(portPath, "containerPort"));
        else
            errs.invalidEach(child(portPath, "containerPort"), goInt(port.containerPort),
                             isValidPortNum(port.containerPort));
        if (port.hostPort != 0)
            errs.invalidEach(child(portPath, "hostPort"), goInt(port.hostPort),
                             isValidPortNum(port.hostPort));
        // An empty protocol is defaulted to TCP (objects built in code skip the decoder).
        if (!port.protocol.empty() && port.protocol != "TCP" && port.protocol != "UDP"
            && port.protocol != "SCTP")
            errs.notSupported(child(portPath, "protocol"), goString(port.protocol),
                              { "SCTP", "TCP", "UDP" });
    }
}

void validateEnvValueFrom(const model::EnvVar &var, const json::object *rawVar,
                          const std::string &path, ErrorList &errs)
{
    const json::object *from = rawChild(rawVar, "valueFrom");
    if (!from)
        return;
    int sources = 0;
    for (const char *key : { "fieldRef", "resourceFieldRef", "configMapKeyRef", "secretKeyRef" })
        if (rawHas(*from, key))
            ++sources;
    if (sources == 0)
        errs.invalid(path, goString(""),
                     "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or "
                     "`secretKeyRef`");
    else if (!var.value.empty())
        errs.invalid(path, goString(""), "may not be specified when `value` is not empty");
    else if (sources > 1)
        errs.invalid(path, goString(""), "may not have more than one field specified at a time");
}

void validateEnv(const std::vector<model::EnvVar> &env, const json::object *rawContainer,
                 const std::string &path, ErrorList &errs)
{
    for (std::size_t i = 0; i < env.size(); ++i) {
        const std::string varPath = index(path, i);
        if (env[i].name.empty())
            errs.required(child(varPath, "name"));
        else
            errs.invalidEach(child(varPath, "name"), goString(env[i].name),
                             isEnvVarName(env[i].name));
        validateEnvValueFrom(env[i], rawChild(rawContainer, index("env", i)),
                             child(varPath, "valueFrom"), errs);
    }
}

/// validateContainerCommon is the part shared by regular and init containers.
void validateContainerCommon(const model::Container &c, const json::object *rawContainer,
                             const std::string &path, ErrorList &errs)
{
    if (c.name.empty())
        errs.required(child(path, "name"));
    else
        errs.invalidEach(child(path, "name"), goString(c.name), isDNS1123Label(c.name));
    if (c.image.empty())
        errs.required(child(path, "image"));
    validateContainerPorts(c.ports, child(path, "ports"), errs);
    validateEnv(c.env, rawContainer, child(path, "env"), errs);
    // An empty pull policy is defaulted from the image tag.
    if (!c.imagePullPolicy.empty() && c.imagePullPolicy != "Always"
        && c.imagePullPolicy != "IfNotPresent" && c.imagePullPolicy != "Never")
        errs.notSupported(child(path, "imagePullPolicy"), goString(c.imagePullPolicy),
                          { "Always", "IfNotPresent", "Never" });
}

void validateContainers(const std::vector<model::Container> &containers,
                        const json::object *rawSpec, const std::string &path, ErrorList &errs)
{
    if (containers.empty()) {
        errs.required(path);
        return;
    }
    std::set<std::string> names;
    for (std::size_t i = 0; i < containers.size(); ++i) {
        const auto &c = containers[i];
        const std::string cPath = index(path, i);
        validateContainerCommon(c, rawChild(rawSpec, index("containers", i)), cPath, errs);
        if (!names.insert(c.name).second)
            errs.duplicate(child(cPath, "name"), goString(c.name));
        if (!c.restartPolicy.empty())
            errs.forbidden(child(cPath, "restartPolicy"), "may not be set for non-init containers");
    }
}

void validateInitContainers(const std::vector<model::Container> &inits,
                            const std::vector<model::Container> &regular,
                            const json::object *rawSpec, const std::string &path, ErrorList &errs)
{
    std::set<std::string> names;
    for (const auto &c : regular)
        names.insert(c.name);
    for (std::size_t i = 0; i < inits.size(); ++i) {
        const auto &c = inits[i];
        const std::string cPath = index(path, i);
        validateContainerCommon(c, rawChild(rawSpec, index("initContainers", i)), cPath, errs);
        if (!c.restartPolicy.empty() && c.restartPolicy != "Always")
            errs.notSupported(child(cPath, "restartPolicy"), goString(c.restartPolicy),
                              { "Always" });
        if (names.count(c.name))
            errs.duplicate(child(cPath, "name"), goString(c.name));
        else if (!c.name.empty())
            names.insert(c.name);
        if (c.restartPolicy != "Always" && c.readinessProbe)
            errs.forbidden(child(cPath, "readinessProbe"),
                           "may not be set for init containers without restartPolicy=Always");
    }
}

void validateDnsLabelField(const std::string &value, const std::string &path, ErrorList &errs)
{
    if (!value.empty())
        errs.invalidEach(path, goString(value), isDNS1123Label(value));
}

} // namespace

void validatePodSpec(const model::PodSpec &spec, const json::object *rawSpec,
                     const std::string &path, ErrorList &errs)
{
    validateContainers(spec.containers, rawSpec, child(path, "containers"), errs);
    validateInitContainers(spec.initContainers, spec.containers, rawSpec,
                           child(path, "initContainers"), errs);
    // An empty restartPolicy is defaulted to Always.
    const std::string &policy = spec.restartPolicy;
    if (!policy.empty() && policy != "Always" && policy != "OnFailure" && policy != "Never")
        errs.notSupported(child(path, "restartPolicy"), goString(policy),
                          { "Always", "OnFailure", "Never" });
    if (rawSpec) {
        if (auto dns = rawString(*rawSpec, "dnsPolicy"); dns && !dns->empty()
            && *dns != "ClusterFirstWithHostNet" && *dns != "ClusterFirst" && *dns != "Default"
            && *dns != "None")
            errs.notSupported(child(path, "dnsPolicy"), goString(*dns),
                              { "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None" });
        if (auto selector = rawStringMap(*rawSpec, "nodeSelector"))
            validateLabels(*selector, child(path, "nodeSelector"), child(path, "nodeSelector"),
                           errs);
        if (auto sa = rawString(*rawSpec, "serviceAccountName"); sa && !sa->empty())
            errs.invalidEach(child(path, "serviceAccountName"), goString(*sa),
                             isDNS1123Subdomain(*sa));
    }
    if (!spec.nodeName.empty())
        errs.invalidEach(child(path, "nodeName"), goString(spec.nodeName),
                         isDNS1123Subdomain(spec.nodeName));
    if (rawSpec)
        if (auto deadline = rawInt(*rawSpec, "activeDeadlineSeconds");
            deadline && (*deadline < 1 || *deadline > 2147483647))
            errs.invalid(child(path, "activeDeadlineSeconds"), goInt(*deadline),
                         "must be between 1 and 2147483647, inclusive");
    validateDnsLabelField(spec.hostname, child(path, "hostname"), errs);
    validateDnsLabelField(spec.subdomain, child(path, "subdomain"), errs);
}

const json::object *templateRawSpec(const model::PodTemplateSpec &tmpl)
{
    return asObject(rawAt(tmpl.raw, "spec"));
}

void validatePodTemplateSpec(const model::PodTemplateSpec &tmpl, const std::string &path,
                             ErrorList &errs)
{
    // ValidatePodTemplateSpec checks labels at <path>.labels, not <path>.metadata.labels.
    validateLabels(tmpl.metadata.labels, child(path, "labels"), child(path, "metadata.labels"),
                   errs);
    validateAnnotations(tmpl.metadata.annotations, child(path, "annotations"),
                        child(path, "metadata.annotations"), errs);
    validatePodSpec(tmpl.spec, templateRawSpec(tmpl), child(path, "spec"), errs);
}

void validateTemplateLabelsMatch(const model::PodTemplateSpec &tmpl, const std::string &path,
                                 ErrorList &errs)
{
    const bool isNil = !rawHas(tmpl.raw, "metadata.labels");
    errs.invalid(child(path, "metadata.labels"), goStringMap(tmpl.metadata.labels, isNil),
                 "`selector` does not match template `labels`");
}

ErrorList validatePod(const model::Pod &pod)
{
    ErrorList errs;
    validateObjectMeta(pod.metadata, NameRule::DNSSubdomain, true, errs);
    validatePodSpec(pod.spec, asObject(rawAt(pod.raw, "spec")), "spec", errs);
    return errs;
}

} // namespace clusterlab::manifest::detail
