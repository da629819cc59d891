#include "shell/pod_environment.h"

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <set>

namespace clusterlab::shell {

namespace json = boost::json;

namespace {

std::string lower(std::string text)
{
    for (char &c : text)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

const json::value *at(const json::value *value, std::string_view key)
{
    if (!value || !value->is_object())
        return nullptr;
    return value->as_object().if_contains(key);
}

std::string stringAt(const json::value *value, std::string_view key)
{
    const auto *found = at(value, key);
    return found && found->is_string() ? std::string(found->as_string()) : std::string();
}

/// rawEnvVar is the JSON of the container's env entry with this name, as written.
const json::value *rawEnvVar(const model::Pod &pod, const std::string &container,
                             const std::string &name)
{
    const auto *spec = pod.raw.if_contains("spec");
    const auto *containers = at(spec, "containers");
    if (!containers || !containers->is_array())
        return nullptr;
    for (const auto &c : containers->as_array()) {
        if (stringAt(&c, "name") != container)
            continue;
        const auto *env = at(&c, "env");
        if (!env || !env->is_array())
            return nullptr;
        for (const auto &var : env->as_array())
            if (stringAt(&var, "name") == name)
                return &var;
    }
    return nullptr;
}

std::optional<std::string> valueFrom(const model::Pod &pod, const std::string &container,
                                     const std::string &name, const KeyLookup &lookup)
{
    const auto *from = at(rawEnvVar(pod, container, name), "valueFrom");
    if (const auto *ref = at(from, "fieldRef")) {
        const std::string path = stringAt(ref, "fieldPath");
        if (path == "metadata.name")
            return pod.metadata.name;
        if (path == "metadata.namespace")
            return pod.metadata.namespace_;
        if (path == "metadata.uid")
            return pod.metadata.uid;
        if (path == "spec.nodeName")
            return pod.spec.nodeName;
        if (path == "spec.serviceAccountName")
            return std::string("default");
        if (path == "status.podIP")
            return pod.status.podIP;
        if (path == "status.hostIP")
            return pod.status.hostIP;
        return std::nullopt;
    }
    for (const auto &[field, kind] :
         { std::pair{ "configMapKeyRef", "ConfigMap" }, std::pair{ "secretKeyRef", "Secret" } })
        if (const auto *ref = at(from, field); ref && lookup)
            return lookup(kind, stringAt(ref, "name"), stringAt(ref, "key"));
    return std::nullopt;
}

} // namespace

std::string serviceEnvName(const std::string &serviceName)
{
    std::string out;
    for (char c : serviceName)
        out += (c == '.' || c == '-') ? '_' : char(std::toupper(static_cast<unsigned char>(c)));
    if (!out.empty() && std::isdigit(static_cast<unsigned char>(out.front())))
        out.insert(out.begin(), '_');
    return out;
}

EnvList serviceLinkVariables(const model::Service &service)
{
    EnvList out;
    const std::string ip = service.spec.clusterIP;
    if (ip.empty() || ip == "None" || service.spec.ports.empty())
        return out;
    const std::string prefix = serviceEnvName(service.metadata.name);
    out.emplace_back(prefix + "_SERVICE_HOST", ip);
    out.emplace_back(prefix + "_SERVICE_PORT", std::to_string(service.spec.ports.front().port));
    for (const auto &port : service.spec.ports)
        if (!port.name.empty())
            out.emplace_back(prefix + "_SERVICE_PORT_" + serviceEnvName(port.name),
                             std::to_string(port.port));
    for (std::size_t i = 0; i < service.spec.ports.size(); ++i) {
        const auto &port = service.spec.ports[i];
        const std::string protocol = port.protocol.empty() ? "TCP" : port.protocol;
        const std::string url = lower(protocol) + "://" + ip + ":" + std::to_string(port.port);
        if (i == 0)
            out.emplace_back(prefix + "_PORT", url);
        std::string upper = protocol;
        for (char &c : upper)
            c = char(std::toupper(static_cast<unsigned char>(c)));
        const std::string portPrefix = prefix + "_PORT_" + std::to_string(port.port) + "_" + upper;
        out.emplace_back(portPrefix, url);
        out.emplace_back(portPrefix + "_PROTO", lower(protocol));
        out.emplace_back(portPrefix + "_PORT", std::to_string(port.port));
        out.emplace_back(portPrefix + "_ADDR", ip);
    }
    return out;
}

EnvList containerEnvironment(const model::Pod &pod, const std::string &container,
                             const std::vector<model::Service> &servicesAtStart,
                             const KeyLookup &lookup)
{
    EnvList out;
    out.emplace_back("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
    out.emplace_back("HOSTNAME", pod.spec.hostname.empty() ? pod.metadata.name : pod.spec.hostname);
    std::set<std::string> own;
    for (const auto &c : pod.spec.containers) {
        if (c.name != container)
            continue;
        for (const auto &var : c.env) {
            std::optional<std::string> value = var.value;
            if (var.fromSource)
                value = valueFrom(pod, container, var.name, lookup);
            if (!value)
                continue;
            own.insert(var.name);
            out.emplace_back(var.name, *value);
        }
    }
    std::vector<const model::Service *> services;
    for (const auto &svc : servicesAtStart)
        services.push_back(&svc);
    // kubernetes first (the master Service), then the namespace's Services by name.
    std::stable_sort(services.begin(), services.end(), [](const auto *a, const auto *b) {
        const bool ak = a->metadata.name == "kubernetes" && a->metadata.namespace_ == "default";
        const bool bk = b->metadata.name == "kubernetes" && b->metadata.namespace_ == "default";
        return ak != bk ? ak : a->metadata.name < b->metadata.name;
    });
    std::set<std::string> seen = own;
    for (const auto *svc : services)
        for (auto &[name, value] : serviceLinkVariables(*svc))
            if (seen.insert(name).second)
                out.emplace_back(name, value);
    if (!own.count("HOME"))
        out.emplace_back("HOME", "/root");
    return out;
}

} // namespace clusterlab::shell
