#include "cluster/pod_control.h"

#include "cluster/deleter.h"
#include "cluster/namespace_controller.h"
#include "cluster/random.h"

#include <algorithm>
#include <set>

namespace clusterlab::cluster {

model::OwnerReference controllerRefTo(const model::Object &owner)
{
    const std::string kind = model::kindOf(owner);
    const model::KindInfo *info = model::kindInfo(kind);
    const auto &meta = model::meta(owner);
    return { info ? model::apiVersionOf(*info) : "v1", kind, meta.name, meta.uid, true, true };
}

bool isPodFinished(const model::Pod &pod)
{
    return pod.status.phase == "Succeeded" || pod.status.phase == "Failed";
}

bool isPodActive(const model::Pod &pod)
{
    return !model::isPodTerminating(pod) && !isPodFinished(pod);
}

model::Time readySince(const model::Pod &pod)
{
    for (const auto &c : pod.status.conditions)
        if (c.type == "Ready" && c.status)
            return c.lastTransitionTime;
    return {};
}

PodControl::PodControl(ControllerContext context) : m_context(context) { }

std::vector<model::ObjectPtr> PodControl::claim(const model::Object &owner, const std::string &kind,
                                                const Selects &selects,
                                                const model::Labels &indexLabels)
{
    const auto &ownerMeta = model::meta(owner);
    const bool ownerDeleting = ownerMeta.deletionTimestamp.has_value();
    std::vector<model::ObjectPtr> candidates =
            m_context.store.select(kind, ownerMeta.namespace_, indexLabels);
    std::set<std::string> seen;
    for (const auto &object : candidates)
        seen.insert(model::meta(*object).name);
    for (const auto &key : m_context.store.dependentsOf(ownerMeta.uid))
        if (key.kind == kind && !seen.count(key.name))
            if (auto object = m_context.store.get(key))
                candidates.push_back(std::move(object));

    std::vector<model::ObjectPtr> owned;
    for (const auto &object : candidates) {
        const auto &meta = model::meta(*object);
        const model::OwnerReference *ref = model::controllerOf(meta);
        const bool matches = selects(meta.labels);
        if (ref && ref->uid != ownerMeta.uid)
            continue;
        if (ref && matches) {
            owned.push_back(object);
        } else if (ref && !ownerDeleting) {
            // Released: it no longer matches the selector; another controller may adopt it.
            model::Object next = *object;
            std::erase_if(model::meta(next).ownerReferences, [&](const auto &r) {
                return r.uid == ownerMeta.uid;
            });
            m_context.store.update(std::move(next));
        } else if (!ref && matches && !ownerDeleting && !meta.deletionTimestamp) {
            model::Object next = *object;
            model::meta(next).ownerReferences.push_back(controllerRefTo(owner));
            owned.push_back(m_context.store.update(std::move(next)));
        }
    }
    std::sort(owned.begin(), owned.end(), [](const auto &a, const auto &b) {
        return model::meta(*a).name < model::meta(*b).name;
    });
    return owned;
}

std::shared_ptr<const model::Pod>
PodControl::createPod(const model::PodTemplateSpec &tmpl, const model::Object &owner,
                      const std::string &name, const std::function<void(model::Pod &)> &mutate)
{
    const auto &ownerMeta = model::meta(owner);
    if (!acceptsContent(m_context.store, ownerMeta.namespace_))
        return nullptr;
    model::Pod pod;
    pod.metadata.namespace_ = ownerMeta.namespace_;
    pod.metadata.labels = tmpl.metadata.labels;
    pod.metadata.annotations = tmpl.metadata.annotations;
    pod.metadata.ownerReferences = { controllerRefTo(owner) };
    pod.spec = tmpl.spec;
    pod.raw = tmpl.raw;
    pod.raw["apiVersion"] = "v1";
    pod.raw["kind"] = "Pod";
    if (mutate)
        mutate(pod);
    if (!name.empty()) {
        pod.metadata.name = name;
        return Store::as<model::Pod>(m_context.store.create(std::move(pod)));
    }
    pod.metadata.generateName = ownerMeta.name + "-";
    for (;;) {
        pod.metadata.name = pod.metadata.generateName + m_context.random.suffix();
        if (!m_context.store.get("Pod", pod.metadata.namespace_, pod.metadata.name))
            return Store::as<model::Pod>(m_context.store.create(std::move(pod)));
    }
}

void PodControl::deletePod(const model::Pod &pod)
{
    m_context.deleter.remove({ "Pod", pod.metadata.namespace_, pod.metadata.name },
                             Propagation::Background);
}

} // namespace clusterlab::cluster
