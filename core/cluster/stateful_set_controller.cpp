#include "cluster/stateful_set_controller.h"

#include "cluster/deployment_util.h"
#include "cluster/event_recorder.h"

#include <charconv>

namespace clusterlab::cluster {

namespace {

constexpr const char *kComponent = "statefulset-controller";
constexpr const char *kRevisionLabel = "controller-revision-hash";

/// ordinalOf parses "<set>-<n>"; -1 when the name is not one of the set's.
std::int64_t ordinalOf(const std::string &setName, const std::string &podName)
{
    if (podName.size() <= setName.size() + 1 || podName.compare(0, setName.size(), setName) != 0
        || podName[setName.size()] != '-')
        return -1;
    std::int64_t ordinal = -1;
    const char *begin = podName.data() + setName.size() + 1;
    const char *end = podName.data() + podName.size();
    const auto [next, ec] = std::from_chars(begin, end, ordinal);
    return ec == std::errc() && next == end ? ordinal : -1;
}

bool isRunningAndReady(const model::Pod &pod)
{
    return pod.status.phase == "Running" && model::isPodReady(pod) && !model::isPodTerminating(pod);
}

std::string revisionOfPod(const model::Pod &pod)
{
    const auto it = pod.metadata.labels.find(kRevisionLabel);
    return it == pod.metadata.labels.end() ? std::string() : it->second;
}

} // namespace

StatefulSetController::StatefulSetController(ControllerContext context)
    : m_context(context), m_control(context)
{
}

void StatefulSetController::observe(const WatchEvent &event)
{
    const model::Object &object = event.object();
    const auto &meta = model::meta(object);
    if (std::holds_alternative<model::StatefulSet>(object)) {
        if (event.current)
            m_queue.add({ meta.namespace_, meta.name });
        return;
    }
    if (!std::holds_alternative<model::Pod>(object))
        return;
    for (const auto &side : { event.previous, event.current })
        if (const auto *ref = side ? model::controllerOf(model::meta(*side)) : nullptr;
            ref && ref->kind == "StatefulSet")
            m_queue.add({ meta.namespace_, ref->name });
    if (event.current && !model::controllerOf(meta))
        for (const auto &set : m_context.store.listOf<model::StatefulSet>(meta.namespace_))
            if (set->spec.selector && model::matches(*set->spec.selector, meta.labels))
                m_queue.add({ meta.namespace_, set->metadata.name });
}

void StatefulSetController::sync()
{
    for (const auto &[ns, name] : m_queue.take())
        if (const auto object = m_context.store.get("StatefulSet", ns, name))
            syncSet(*object, std::get<model::StatefulSet>(*object));
}

void StatefulSetController::syncSet(const model::Object &object, const model::StatefulSet &set)
{
    if (!set.spec.selector)
        return;
    const std::string &name = set.metadata.name;
    const auto &selector = *set.spec.selector;
    // Only "<set>-<ordinal>" Pods belong to a StatefulSet (isMemberOf).
    const auto claimed = m_control.claim(
            object, "Pod",
            [&](const model::Labels &labels) {
                return model::matches(selector, labels);
            },
            selector.matchLabels);
    std::map<std::int64_t, PodPtr> pods;
    for (const auto &pod : claimed)
        if (const std::int64_t ordinal = ordinalOf(name, model::meta(*pod).name); ordinal >= 0)
            pods[ordinal] = Store::as<model::Pod>(pod);
    const std::string revision = name + "-" + podTemplateHash(set.spec.template_);
    if (!set.metadata.deletionTimestamp && scale(object, set, pods, revision))
        rollOut(object, set, pods, revision);
    updateStatus(set, pods, revision);
}

bool StatefulSetController::scale(const model::Object &object, const model::StatefulSet &set,
                                  const std::map<std::int64_t, PodPtr> &pods,
                                  const std::string &revision)
{
    const bool ordered = set.spec.podManagementPolicy != "Parallel";
    bool waiting = false;
    for (std::int64_t ordinal = 0; ordinal < set.spec.replicas; ++ordinal) {
        const auto it = pods.find(ordinal);
        if (it == pods.end()) {
            createPod(object, set, ordinal, revision);
            waiting = true;
        } else if (!isRunningAndReady(*it->second)) {
            waiting = true; // terminating ones come back under the same name once gone
        }
        if (waiting && ordered)
            return false;
    }
    // Condemned Pods go from the highest ordinal down.
    for (auto it = pods.rbegin(); it != pods.rend() && it->first >= set.spec.replicas; ++it) {
        if (!model::isPodTerminating(*it->second))
            deletePod(object, set, *it->second);
        waiting = true;
        if (ordered)
            return false;
    }
    return !waiting;
}

void StatefulSetController::rollOut(const model::Object &object, const model::StatefulSet &set,
                                    const std::map<std::int64_t, PodPtr> &pods,
                                    const std::string &revision)
{
    // RollingUpdate with maxUnavailable 1: the highest outdated Pod goes, and comes back
    // (scale() recreates it) with the new template.
    for (auto it = pods.rbegin(); it != pods.rend(); ++it) {
        if (revisionOfPod(*it->second) != revision) {
            deletePod(object, set, *it->second);
            return;
        }
    }
}

void StatefulSetController::createPod(const model::Object &object, const model::StatefulSet &set,
                                      std::int64_t ordinal, const std::string &revision)
{
    const std::string name = set.metadata.name + "-" + std::to_string(ordinal);
    const auto pod = m_control.createPod(set.spec.template_, object, name, [&](model::Pod &p) {
        p.metadata.labels["statefulset.kubernetes.io/pod-name"] = name;
        p.metadata.labels["apps.kubernetes.io/pod-index"] = std::to_string(ordinal);
        p.metadata.labels[kRevisionLabel] = revision;
        p.spec.hostname = name;
        p.spec.subdomain = set.spec.serviceName;
    });
    if (pod)
        m_context.events.normal(object, "SuccessfulCreate",
                                "create Pod " + name + " in StatefulSet " + set.metadata.name
                                        + " successful",
                                kComponent);
}

void StatefulSetController::deletePod(const model::Object &object, const model::StatefulSet &set,
                                      const model::Pod &pod)
{
    m_control.deletePod(pod);
    m_context.events.normal(object, "SuccessfulDelete",
                            "delete Pod " + pod.metadata.name + " in StatefulSet "
                                    + set.metadata.name + " successful",
                            kComponent);
}

void StatefulSetController::updateStatus(const model::StatefulSet &set,
                                         const std::map<std::int64_t, PodPtr> &pods,
                                         const std::string &revision)
{
    model::WorkloadStatus status;
    for (const auto &[ordinal, pod] : pods) {
        if (!isPodActive(*pod))
            continue;
        ++status.replicas;
        status.readyReplicas += model::isPodReady(*pod) ? 1 : 0;
        status.updatedReplicas += revisionOfPod(*pod) == revision ? 1 : 0;
    }
    status.availableReplicas = status.readyReplicas;
    status.currentReplicas = status.updatedReplicas;
    status.observedGeneration = set.metadata.generation;
    if (status == set.status)
        return;
    model::StatefulSet next = set;
    next.status = status;
    m_context.store.update(std::move(next));
}

} // namespace clusterlab::cluster
