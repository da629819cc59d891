#include "cluster/deleter.h"

#include "cluster/pod_control.h"

#include <algorithm>

namespace clusterlab::cluster {

std::optional<Propagation> parsePropagation(std::string_view text)
{
    if (text.empty() || text == "Background")
        return Propagation::Background;
    if (text == "Foreground")
        return Propagation::Foreground;
    if (text == "Orphan")
        return Propagation::Orphan;
    return std::nullopt;
}

Deleter::Deleter(Store &store) : m_store(store) { }

model::ObjectPtr Deleter::remove(const ObjectKey &key, Propagation policy,
                                 std::optional<std::int64_t> gracePeriodSeconds)
{
    const model::ObjectPtr object = m_store.get(key);
    if (!object)
        return nullptr;
    const auto &meta = model::meta(*object);
    if (meta.deletionTimestamp) {
        // Deleting again only matters to shorten a Pod's grace period to zero (--force).
        if (gracePeriodSeconds == 0 && std::holds_alternative<model::Pod>(*object))
            return m_store.remove(key);
        return object;
    }
    if (std::holds_alternative<model::Namespace>(*object)) {
        model::Object next = *object;
        std::get<model::Namespace>(next).phase = "Terminating";
        model::meta(next).deletionTimestamp = std::chrono::system_clock::now();
        return m_store.update(std::move(next));
    }
    if (policy == Propagation::Orphan)
        orphanDependents(meta.uid);
    if (policy == Propagation::Foreground && !m_store.dependentsOf(meta.uid).empty()) {
        m_foreground.insert(meta.uid);
        return markDeleting(object);
    }
    if (std::holds_alternative<model::Pod>(*object))
        return removePod(object, gracePeriodSeconds);
    return m_store.remove(key);
}

void Deleter::finishForeground(const std::string &uid)
{
    m_foreground.erase(uid);
    if (auto object = m_store.findUid(uid))
        m_store.remove(keyOf(*object));
}

model::ObjectPtr Deleter::removePod(const model::ObjectPtr &object,
                                    std::optional<std::int64_t> gracePeriodSeconds)
{
    const auto &pod = std::get<model::Pod>(*object);
    const std::int64_t grace = gracePeriodSeconds.value_or(pod.spec.terminationGracePeriodSeconds);
    // As the Pod strategy does: nothing runs yet (unscheduled) or any more (finished), so
    // there is nothing to wait for.
    if (grace <= 0 || pod.spec.nodeName.empty() || isPodFinished(pod))
        return m_store.remove(keyOf(*object));
    model::Pod next = pod;
    const auto now = std::chrono::system_clock::now();
    next.metadata.deletionTimestamp = now + std::chrono::seconds(grace);
    next.metadata.deletionGracePeriodSeconds = grace;
    // ClusterLab takes the Pod out of service at once, so it leaves endpoints before it stops.
    for (auto &condition : next.status.conditions) {
        if ((condition.type == "Ready" || condition.type == "ContainersReady")
            && condition.status) {
            condition.status = false;
            condition.lastTransitionTime = now;
        }
    }
    return m_store.update(std::move(next));
}

model::ObjectPtr Deleter::markDeleting(const model::ObjectPtr &object)
{
    model::Object next = *object;
    model::meta(next).deletionTimestamp = std::chrono::system_clock::now();
    return m_store.update(std::move(next));
}

void Deleter::orphanDependents(const std::string &uid)
{
    const std::set<ObjectKey> dependents = m_store.dependentsOf(uid); // updated as we go
    for (const auto &key : dependents) {
        const auto dependent = m_store.get(key);
        if (!dependent)
            continue;
        model::Object next = *dependent;
        std::erase_if(model::meta(next).ownerReferences, [&](const model::OwnerReference &ref) {
            return ref.uid == uid;
        });
        m_store.update(std::move(next));
    }
}

} // namespace clusterlab::cluster
