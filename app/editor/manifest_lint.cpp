#include "editor/manifest_lint.h"

#include "model/label_selector.h"
#include "state/cluster_mirror.h"

#include <map>

namespace clusterlab::app {

namespace {

/// PodShape is a Pod that runs or will run: its namespace, labels and containers.
struct PodShape
{
    std::string ns;
    const model::Labels *labels;
    const model::PodSpec *spec;
};

const model::PodTemplateSpec *templateOf(const model::Object &object)
{
    if (auto *d = std::get_if<model::Deployment>(&object))
        return &d->spec.template_;
    if (auto *rs = std::get_if<model::ReplicaSet>(&object))
        return &rs->spec.template_;
    if (auto *ss = std::get_if<model::StatefulSet>(&object))
        return &ss->spec.template_;
    if (auto *rc = std::get_if<model::ReplicationController>(&object))
        return &rc->spec.template_;
    return nullptr;
}

manifest::Diagnostic warning(const manifest::DecodedObject &decoded, const std::string &path,
                             const std::string &message)
{
    manifest::Diagnostic d;
    d.severity = manifest::Severity::Warning;
    d.source = decoded.source;
    d.pos = decoded.positions.find(path);
    d.fieldPath = path;
    d.message = message;
    d.object = model::kindOf(decoded.object) + "/" + model::meta(decoded.object).name;
    return d;
}

std::string labelsText(const model::Labels &labels)
{
    std::string out;
    for (const auto &[key, value] : labels)
        out += (out.empty() ? "" : ",") + key + "=" + value;
    return out;
}

bool declares(const model::PodSpec &spec, const model::IntOrString &target)
{
    for (const auto *containers : { &spec.containers, &spec.initContainers })
        for (const auto &c : *containers)
            for (const auto &p : c.ports)
                if (target.isString ? p.name == target.strVal : p.containerPort == target.intVal)
                    return true;
    return false;
}

void lintService(const manifest::DecodedObject &decoded, const model::Service &svc,
                 const std::vector<PodShape> &pods, std::vector<manifest::Diagnostic> &out)
{
    if (!svc.spec.selector || svc.spec.selector->empty() || svc.spec.type == "ExternalName")
        return;
    std::vector<const PodShape *> selected;
    for (const PodShape &pod : pods)
        if (pod.ns == svc.metadata.namespace_ && model::matchesMap(*svc.spec.selector, *pod.labels))
            selected.push_back(&pod);
    if (selected.empty()) {
        out.push_back(warning(decoded, "spec.selector",
                              "spec.selector: no Pod in namespace \"" + svc.metadata.namespace_
                                      + "\" has the labels " + labelsText(*svc.spec.selector)
                                      + ", so the Service has no endpoints"));
        return;
    }
    for (std::size_t i = 0; i < svc.spec.ports.size(); ++i) {
        const model::ServicePort &port = svc.spec.ports[i];
        const model::IntOrString target =
                port.targetPort.isZero() ? model::IntOrString::fromInt(port.port) : port.targetPort;
        bool found = false;
        for (const PodShape *pod : selected)
            found = found || declares(*pod->spec, target);
        if (found)
            continue;
        const std::string path = "spec.ports[" + std::to_string(i) + "].targetPort";
        out.push_back(warning(decoded, path,
                              path + ": no container of the selected Pods declares "
                                      + (target.isString
                                                 ? "a port named \"" + target.strVal + "\""
                                                 : "containerPort " + std::to_string(target.intVal))
                                      + ", so connections to it are refused"));
    }
}

void lintPortNames(const manifest::DecodedObject &decoded, const model::PodSpec &spec,
                   const std::string &base, std::vector<manifest::Diagnostic> &out)
{
    std::map<std::string, std::pair<std::size_t, std::string>> seen; // name -> container, path
    for (std::size_t c = 0; c < spec.containers.size(); ++c) {
        const auto &ports = spec.containers[c].ports;
        for (std::size_t p = 0; p < ports.size(); ++p) {
            if (ports[p].name.empty())
                continue;
            const std::string path = base + ".containers[" + std::to_string(c) + "].ports["
                    + std::to_string(p) + "]";
            auto [it, fresh] = seen.emplace(ports[p].name, std::pair{ c, path });
            if (fresh || it->second.first == c)
                continue; // the same container repeating a name is a validation error
            out.push_back(warning(decoded, path + ".name",
                                  path + ": duplicate port name \"" + ports[p].name + "\" with "
                                          + it->second.second
                                          + ", services and probes that select ports by name "
                                            "will use "
                                          + it->second.second));
        }
    }
}

} // namespace

std::vector<manifest::Diagnostic> lintManifest(const std::vector<manifest::DecodedObject> &objects,
                                               const ClusterMirror *mirror)
{
    std::vector<model::ObjectPtr> keep;
    std::vector<PodShape> pods;
    if (mirror) {
        for (const QString &uid : mirror->podUids())
            if (const model::Pod *pod = mirror->pod(uid)) {
                keep.push_back(mirror->object(uid));
                pods.push_back({ pod->metadata.namespace_, &pod->metadata.labels, &pod->spec });
            }
    }
    for (const auto &decoded : objects) {
        const std::string &ns = model::meta(decoded.object).namespace_;
        if (auto *pod = std::get_if<model::Pod>(&decoded.object))
            pods.push_back({ ns, &pod->metadata.labels, &pod->spec });
        else if (const model::PodTemplateSpec *tmpl = templateOf(decoded.object))
            pods.push_back({ ns, &tmpl->metadata.labels, &tmpl->spec });
    }
    std::vector<manifest::Diagnostic> out;
    for (const auto &decoded : objects) {
        if (auto *svc = std::get_if<model::Service>(&decoded.object))
            lintService(decoded, *svc, pods, out);
        else if (auto *pod = std::get_if<model::Pod>(&decoded.object))
            lintPortNames(decoded, pod->spec, "spec", out);
        else if (const model::PodTemplateSpec *tmpl = templateOf(decoded.object))
            lintPortNames(decoded, tmpl->spec, "spec.template.spec", out);
    }
    return out;
}

} // namespace clusterlab::app
