#include "cluster/replica_set_controller.h"

#include "cluster/event_recorder.h"

#include <algorithm>

namespace clusterlab::cluster {

namespace {

constexpr const char *kComponent = "replicaset-controller";

bool isReplicaKind(const std::string &kind)
{
    return kind == "ReplicaSet" || kind == "ReplicationController";
}

bool selects(const model::ReplicaSet &rs, const model::Labels &labels)
{
    return rs.spec.selector && model::matches(*rs.spec.selector, labels);
}

bool selects(const model::ReplicationController &rc, const model::Labels &labels)
{
    // An RC without selector selects its template's labels (the API server's default).
    return model::matchesMap(rc.spec.selector.empty() ? rc.spec.template_.metadata.labels
                                                      : rc.spec.selector,
                             labels);
}

model::Labels indexLabels(const model::ReplicaSet &rs)
{
    return rs.spec.selector ? rs.spec.selector->matchLabels : model::Labels{};
}

model::Labels indexLabels(const model::ReplicationController &rc)
{
    return rc.spec.selector.empty() ? rc.spec.template_.metadata.labels : rc.spec.selector;
}

int phaseRank(const model::Pod &pod)
{
    if (pod.status.phase == "Pending")
        return 0;
    if (pod.status.phase == "Running")
        return 2;
    return 1;
}

bool containsAll(const model::Labels &labels, const model::Labels &required)
{
    return std::all_of(required.begin(), required.end(), [&](const auto &kv) {
        const auto it = labels.find(kv.first);
        return it != labels.end() && it->second == kv.second;
    });
}

} // namespace

void sortForDeletion(std::vector<std::shared_ptr<const model::Pod>> &pods)
{
    std::sort(pods.begin(), pods.end(), [](const auto &a, const auto &b) {
        if (a->spec.nodeName.empty() != b->spec.nodeName.empty())
            return a->spec.nodeName.empty();
        if (phaseRank(*a) != phaseRank(*b))
            return phaseRank(*a) < phaseRank(*b);
        if (model::isPodReady(*a) != model::isPodReady(*b))
            return !model::isPodReady(*a);
        if (model::isPodReady(*a) && readySince(*a) != readySince(*b))
            return readySince(*a) > readySince(*b);
        if (a->status.restartCount != b->status.restartCount)
            return a->status.restartCount > b->status.restartCount;
        if (a->metadata.creationTimestamp != b->metadata.creationTimestamp)
            return a->metadata.creationTimestamp > b->metadata.creationTimestamp;
        return a->metadata.name > b->metadata.name;
    });
}

ReplicaSetController::ReplicaSetController(ControllerContext context)
    : m_context(context), m_pods(context)
{
}

void ReplicaSetController::observe(const WatchEvent &event)
{
    const std::string kind = model::kindOf(event.object());
    if (kind == "Pod")
        observePod(event);
    else if (isReplicaKind(kind) && event.current)
        m_queue.add(keyOf(*event.current));
}

void ReplicaSetController::observePod(const WatchEvent &event)
{
    bool orphan = false;
    for (const auto &side : { event.previous, event.current }) {
        if (!side)
            continue;
        const auto &meta = model::meta(*side);
        if (const auto *ref = model::controllerOf(meta)) {
            if (isReplicaKind(ref->kind))
                m_queue.add({ ref->kind, meta.namespace_, ref->name });
        } else if (side == event.current) {
            orphan = true;
        }
    }
    if (!orphan)
        return;
    // An orphan may be adopted by any ReplicaSet or ReplicationController that selects it.
    const auto &pod = std::get<model::Pod>(*event.current);
    const auto &ns = pod.metadata.namespace_;
    for (const auto &rs : m_context.store.listOf<model::ReplicaSet>(ns))
        if (selects(*rs, pod.metadata.labels))
            m_queue.add({ "ReplicaSet", ns, rs->metadata.name });
    for (const auto &rc : m_context.store.listOf<model::ReplicationController>(ns))
        if (selects(*rc, pod.metadata.labels))
            m_queue.add({ "ReplicationController", ns, rc->metadata.name });
}

void ReplicaSetController::sync()
{
    for (const auto &key : m_queue.take()) {
        const auto object = m_context.store.get(key);
        if (const auto *rs = object ? std::get_if<model::ReplicaSet>(object.get()) : nullptr)
            syncOwner(*object, *rs);
        else if (const auto *rc =
                         object ? std::get_if<model::ReplicationController>(object.get()) : nullptr)
            syncOwner(*object, *rc);
    }
}

template <class T>
void ReplicaSetController::syncOwner(const model::Object &ownerObject, const T &owner)
{
    const auto claimed = m_pods.claim(
            ownerObject, "Pod",
            [&](const model::Labels &labels) {
                return selects(owner, labels);
            },
            indexLabels(owner));
    std::vector<std::shared_ptr<const model::Pod>> active;
    for (const auto &object : claimed)
        if (auto pod = Store::as<model::Pod>(object); pod && isPodActive(*pod))
            active.push_back(std::move(pod));

    if (!owner.metadata.deletionTimestamp)
        managePods(ownerObject, owner.spec.template_, active, owner.spec.replicas);

    model::WorkloadStatus status = owner.status;
    status.replicas = std::int64_t(active.size());
    status.fullyLabeledReplicas = std::count_if(active.begin(), active.end(), [&](const auto &p) {
        return containsAll(p->metadata.labels, owner.spec.template_.metadata.labels);
    });
    status.readyReplicas = std::count_if(active.begin(), active.end(), [](const auto &p) {
        return model::isPodReady(*p);
    });
    status.availableReplicas = status.readyReplicas;
    status.observedGeneration = owner.metadata.generation;
    if (status == owner.status)
        return;
    T next = owner;
    next.status = status;
    m_context.store.update(std::move(next));
}

void ReplicaSetController::managePods(const model::Object &owner,
                                      const model::PodTemplateSpec &tmpl,
                                      std::vector<std::shared_ptr<const model::Pod>> active,
                                      std::int64_t replicas)
{
    const std::int64_t diff = std::int64_t(active.size()) - replicas;
    if (diff < 0) {
        for (std::int64_t i = 0; i < -diff; ++i)
            if (auto pod = m_pods.createPod(tmpl, owner))
                m_context.events.normal(owner, "SuccessfulCreate",
                                        "Created pod: " + pod->metadata.name, kComponent);
    } else if (diff > 0) {
        sortForDeletion(active);
        for (std::int64_t i = 0; i < diff; ++i) {
            m_pods.deletePod(*active[std::size_t(i)]);
            m_context.events.normal(owner, "SuccessfulDelete",
                                    "Deleted pod: " + active[std::size_t(i)]->metadata.name,
                                    kComponent);
        }
    }
}

} // namespace clusterlab::cluster
