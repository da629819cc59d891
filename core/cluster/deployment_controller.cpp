#include "cluster/deployment_controller.h"

#include "cluster/deleter.h"
#include "cluster/deployment_util.h"
#include "cluster/event_recorder.h"
#include "cluster/namespace_controller.h"

#include <algorithm>

namespace clusterlab::cluster {

namespace {

constexpr const char *kComponent = "deployment-controller";

bool olderFirst(const std::shared_ptr<const model::ReplicaSet> &a,
                const std::shared_ptr<const model::ReplicaSet> &b)
{
    if (a->metadata.creationTimestamp != b->metadata.creationTimestamp)
        return a->metadata.creationTimestamp < b->metadata.creationTimestamp;
    return a->metadata.name < b->metadata.name;
}

} // namespace

DeploymentController::DeploymentController(ControllerContext context)
    : m_context(context), m_control(context)
{
}

void DeploymentController::observe(const WatchEvent &event)
{
    const model::Object &object = event.object();
    if (std::holds_alternative<model::Deployment>(object)) {
        if (event.current)
            m_queue.add({ model::meta(object).namespace_, model::meta(object).name });
    } else if (std::holds_alternative<model::ReplicaSet>(object)) {
        observeReplicaSet(event);
    } else if (std::holds_alternative<model::Pod>(object)
               && event.type == WatchEvent::Type::Deleted) {
        // Recreate waits until the old Pods are gone, not just terminating.
        const auto &meta = model::meta(object);
        const auto *ref = model::controllerOf(meta);
        if (!ref || ref->kind != "ReplicaSet")
            return;
        const auto rs = m_context.store.getAs<model::ReplicaSet>(meta.namespace_, ref->name);
        const auto *owner = rs ? model::controllerOf(rs->metadata) : nullptr;
        if (owner && owner->kind == "Deployment")
            m_queue.add({ meta.namespace_, owner->name });
    }
}

void DeploymentController::observeReplicaSet(const WatchEvent &event)
{
    for (const auto &side : { event.previous, event.current }) {
        if (!side)
            continue;
        const auto &meta = model::meta(*side);
        if (const auto *ref = model::controllerOf(meta)) {
            if (ref->kind == "Deployment")
                m_queue.add({ meta.namespace_, ref->name });
        } else if (side == event.current) {
            for (const auto &d : m_context.store.listOf<model::Deployment>(meta.namespace_))
                if (d->spec.selector && model::matches(*d->spec.selector, meta.labels))
                    m_queue.add({ meta.namespace_, d->metadata.name });
        }
    }
}

void DeploymentController::sync()
{
    for (const auto &[ns, name] : m_queue.take()) {
        const auto object = m_context.store.get("Deployment", ns, name);
        if (object)
            syncDeployment(*object, std::get<model::Deployment>(*object));
    }
}

void DeploymentController::syncDeployment(const model::Object &object, const model::Deployment &d)
{
    if (!d.spec.selector || d.metadata.deletionTimestamp) {
        updateStatus(d);
        return;
    }
    ReplicaSetPtr newRS;
    std::vector<ReplicaSetPtr> oldRSs;
    std::int64_t maxOldRevision = 0;
    for (auto &rs : claimReplicaSets(object, d)) {
        if (!newRS && equalIgnoreHash(rs->spec.template_, d.spec.template_)) {
            newRS = std::move(rs);
        } else {
            maxOldRevision = std::max(maxOldRevision, revisionOf(*rs));
            oldRSs.push_back(std::move(rs));
        }
    }
    const std::int64_t revision = maxOldRevision + 1;
    if (newRS)
        newRS = syncNewReplicaSet(d, newRS, revision);
    if (d.spec.paused) {
        if (newRS && oldRSs.empty())
            scale(object, newRS, d.spec.replicas);
    } else if (d.spec.strategy.type == "Recreate") {
        newRS = rollRecreate(object, d, newRS, oldRSs, revision);
    } else {
        newRS = rollRolling(object, d, newRS, oldRSs, revision);
    }
    cleanup(d, oldRSs);
    updateStatus(d, newRS.get());
}

DeploymentController::ReplicaSetPtr
DeploymentController::syncNewReplicaSet(const model::Deployment &d, const ReplicaSetPtr &rs,
                                        std::int64_t revision)
{
    // getNewReplicaSet, for one that exists: the Deployment's annotations and the newest
    // revision (a template rolled back to becomes the newest revision again).
    model::ReplicaSet next = *rs;
    const bool annotated = setNewReplicaSetAnnotations(d, next, revision, true);
    if (!annotated && next.spec.minReadySeconds == d.spec.minReadySeconds)
        return rs;
    next.spec.minReadySeconds = d.spec.minReadySeconds;
    return Store::as<model::ReplicaSet>(m_context.store.update(std::move(next)));
}

std::vector<DeploymentController::ReplicaSetPtr>
DeploymentController::claimReplicaSets(const model::Object &object, const model::Deployment &d)
{
    std::vector<ReplicaSetPtr> out;
    const auto &selector = *d.spec.selector;
    for (auto &claimed : m_control.claim(
                 object, "ReplicaSet",
                 [&](const model::Labels &labels) {
                     return model::matches(selector, labels);
                 },
                 selector.matchLabels))
        if (auto rs = Store::as<model::ReplicaSet>(std::move(claimed)))
            out.push_back(std::move(rs));
    std::sort(out.begin(), out.end(), olderFirst);
    return out;
}

DeploymentController::ReplicaSetPtr
DeploymentController::createReplicaSet(const model::Object &object, const model::Deployment &d,
                                       std::int64_t replicas, std::int64_t revision)
{
    if (!acceptsContent(m_context.store, d.metadata.namespace_))
        return nullptr;
    for (int collisions = 0; collisions < 10; ++collisions) {
        const std::string hash = podTemplateHash(d.spec.template_, collisions);
        model::ReplicaSet rs;
        rs.metadata.name = d.metadata.name + "-" + hash;
        rs.metadata.namespace_ = d.metadata.namespace_;
        if (m_context.store.get("ReplicaSet", rs.metadata.namespace_, rs.metadata.name))
            continue; // someone else's ReplicaSet holds the name: hash again, as k8s does
        rs.spec.template_ = d.spec.template_;
        rs.spec.template_.metadata.labels[kPodTemplateHashLabel] = hash;
        rs.metadata.labels = rs.spec.template_.metadata.labels;
        rs.spec.replicas = replicas;
        setNewReplicaSetAnnotations(d, rs, revision, false);
        rs.metadata.ownerReferences = { controllerRefTo(object) };
        rs.spec.selector = d.spec.selector;
        rs.spec.selector->matchLabels[kPodTemplateHashLabel] = hash;
        rs.spec.minReadySeconds = d.spec.minReadySeconds;
        rs.raw["apiVersion"] = "apps/v1";
        rs.raw["kind"] = "ReplicaSet";
        auto created = Store::as<model::ReplicaSet>(m_context.store.create(std::move(rs)));
        if (created && replicas > 0)
            m_context.events.normal(object, "ScalingReplicaSet",
                                    "Scaled up replica set " + created->metadata.name
                                            + " from 0 to " + std::to_string(replicas),
                                    kComponent);
        return created;
    }
    return nullptr;
}

DeploymentController::ReplicaSetPtr DeploymentController::scale(const model::Object &object,
                                                                const ReplicaSetPtr &rs,
                                                                std::int64_t replicas)
{
    if (!rs || rs->spec.replicas == replicas)
        return rs;
    // scaleReplicaSet: the size and the Deployment's desired and max replicas with it.
    const auto &d = std::get<model::Deployment>(object);
    model::ReplicaSet next = *rs;
    next.spec.replicas = replicas;
    setReplicasAnnotations(next, d.spec.replicas, d.spec.replicas + maxSurge(d));
    auto scaled = Store::as<model::ReplicaSet>(m_context.store.update(std::move(next)));
    m_context.events.normal(object, "ScalingReplicaSet",
                            std::string("Scaled ") + (replicas > rs->spec.replicas ? "up" : "down")
                                    + " replica set " + rs->metadata.name + " from "
                                    + std::to_string(rs->spec.replicas) + " to "
                                    + std::to_string(replicas),
                            kComponent);
    return scaled;
}

DeploymentController::ReplicaSetPtr
DeploymentController::rollRecreate(const model::Object &object, const model::Deployment &d,
                                   ReplicaSetPtr newRS, const std::vector<ReplicaSetPtr> &oldRSs,
                                   std::int64_t revision)
{
    bool scaledDown = false;
    for (const auto &rs : oldRSs) {
        if (rs->spec.replicas > 0) {
            scale(object, rs, 0);
            scaledDown = true;
        }
    }
    if (scaledDown)
        return newRS;
    for (const auto &rs : oldRSs)
        if (countPods(*rs).total > 0)
            return newRS; // wait until every old Pod is gone
    if (!newRS)
        return createReplicaSet(object, d, d.spec.replicas, revision);
    return scale(object, newRS, d.spec.replicas);
}

DeploymentController::ReplicaSetPtr
DeploymentController::rollRolling(const model::Object &object, const model::Deployment &d,
                                  ReplicaSetPtr newRS, std::vector<ReplicaSetPtr> oldRSs,
                                  std::int64_t revision)
{
    // NewRSNewReplicas: grow the new ReplicaSet as far as maxSurge allows.
    std::int64_t current = newRS ? newRS->spec.replicas : 0;
    for (const auto &rs : oldRSs)
        current += rs->spec.replicas;
    const std::int64_t newReplicas = newRS ? newRS->spec.replicas : 0;
    std::int64_t target = newReplicas;
    if (newReplicas > d.spec.replicas) {
        target = d.spec.replicas;
    } else {
        const std::int64_t maxTotal = d.spec.replicas + resolveFenceposts(d).first;
        if (current < maxTotal)
            target = newReplicas + std::min(maxTotal - current, d.spec.replicas - newReplicas);
    }
    if (!newRS)
        newRS = createReplicaSet(object, d, target, revision);
    else
        newRS = scale(object, newRS, target);
    if (newRS)
        scaleDownOld(object, d, newRS, oldRSs);
    return newRS;
}

void DeploymentController::scaleDownOld(const model::Object &object, const model::Deployment &d,
                                        const ReplicaSetPtr &newRS,
                                        std::vector<ReplicaSetPtr> &oldRSs)
{
    // reconcileOldReplicaSets: never below replicas - maxUnavailable available Pods.
    std::int64_t oldReplicas = 0;
    for (const auto &rs : oldRSs)
        oldReplicas += rs->spec.replicas;
    if (oldReplicas == 0)
        return;
    const std::int64_t maxUnavailable = std::min(resolveFenceposts(d).second, d.spec.replicas);
    const std::int64_t minAvailable = d.spec.replicas - maxUnavailable;
    const std::int64_t newUnavailable = newRS->spec.replicas - countPods(*newRS).ready;
    const std::int64_t maxScaledDown =
            oldReplicas + newRS->spec.replicas - minAvailable - newUnavailable;
    if (maxScaledDown <= 0)
        return;
    // cleanupUnhealthyReplicas: unavailable old Pods go first, they serve nobody.
    std::int64_t cleaned = 0;
    for (auto &rs : oldRSs) {
        if (cleaned >= maxScaledDown)
            break;
        const std::int64_t unhealthy = rs->spec.replicas - countPods(*rs).ready;
        if (rs->spec.replicas == 0 || unhealthy <= 0)
            continue;
        const std::int64_t down = std::min(maxScaledDown - cleaned, unhealthy);
        rs = scale(object, rs, rs->spec.replicas - down);
        cleaned += down;
    }
    // scaleDownOldReplicaSetsForRollingUpdate: then as many available ones as allowed.
    std::int64_t available = countPods(*newRS).ready;
    for (const auto &rs : oldRSs)
        available += countPods(*rs).ready;
    if (available <= minAvailable)
        return;
    const std::int64_t total = available - minAvailable;
    std::int64_t done = 0;
    for (auto &rs : oldRSs) {
        if (done >= total)
            break;
        if (rs->spec.replicas == 0)
            continue;
        const std::int64_t down = std::min(rs->spec.replicas, total - done);
        rs = scale(object, rs, rs->spec.replicas - down);
        done += down;
    }
}

void DeploymentController::cleanup(const model::Deployment &d,
                                   const std::vector<ReplicaSetPtr> &oldRSs)
{
    // cleanupDeployment: beyond revisionHistoryLimit old ReplicaSets, the lowest revisions go,
    // each only once scaled to 0 and its Pods gone.
    std::vector<ReplicaSetPtr> alive;
    for (const auto &old : oldRSs) {
        auto rs = m_context.store.getAs<model::ReplicaSet>(old->metadata.namespace_,
                                                           old->metadata.name);
        if (rs && !rs->metadata.deletionTimestamp)
            alive.push_back(std::move(rs));
    }
    const auto limit = std::size_t(std::max<std::int64_t>(0, d.spec.revisionHistoryLimit));
    if (alive.size() <= limit)
        return;
    std::sort(alive.begin(), alive.end(), [](const auto &a, const auto &b) {
        return revisionOf(*a) != revisionOf(*b) ? revisionOf(*a) < revisionOf(*b)
                                                : olderFirst(a, b);
    });
    for (std::size_t i = 0; i < alive.size() - limit; ++i)
        if (alive[i]->spec.replicas == 0 && countPods(*alive[i]).total == 0)
            m_context.deleter.remove(
                    { "ReplicaSet", d.metadata.namespace_, alive[i]->metadata.name },
                    Propagation::Background);
}

void DeploymentController::updateStatus(const model::Deployment &d, const model::ReplicaSet *newRS)
{
    model::WorkloadStatus status;
    std::int64_t specReplicas = 0;
    for (const auto &key : m_context.store.dependentsOf(d.metadata.uid)) {
        if (key.kind != "ReplicaSet")
            continue;
        const auto rs = m_context.store.getAs<model::ReplicaSet>(key.namespace_, key.name);
        const auto *ref = rs ? model::controllerOf(rs->metadata) : nullptr;
        if (!ref || ref->uid != d.metadata.uid)
            continue;
        const PodCounts counts = countPods(*rs);
        specReplicas += rs->spec.replicas;
        status.replicas += counts.active;
        status.readyReplicas += counts.ready;
        const bool updated = newRS ? rs->metadata.name == newRS->metadata.name
                                   : equalIgnoreHash(rs->spec.template_, d.spec.template_);
        if (updated)
            status.updatedReplicas += counts.active;
    }
    status.availableReplicas = status.readyReplicas;
    status.unavailableReplicas = std::max<std::int64_t>(0, specReplicas - status.availableReplicas);
    status.observedGeneration = d.metadata.generation;
    // SetDeploymentRevision: the Deployment carries its new ReplicaSet's revision.
    std::string revision;
    if (newRS)
        if (const auto it = newRS->metadata.annotations.find(kRevisionAnnotation);
            it != newRS->metadata.annotations.end())
            revision = it->second;
    const auto current = d.metadata.annotations.find(kRevisionAnnotation);
    const bool revise = !revision.empty()
            && (current == d.metadata.annotations.end() || current->second != revision);
    if (status == d.status && !revise)
        return;
    model::Deployment next = d;
    next.status = status;
    if (revise)
        next.metadata.annotations[kRevisionAnnotation] = revision;
    m_context.store.update(std::move(next));
}

DeploymentController::PodCounts DeploymentController::countPods(const model::ReplicaSet &rs) const
{
    PodCounts counts;
    for (const auto &key : m_context.store.dependentsOf(rs.metadata.uid)) {
        if (key.kind != "Pod")
            continue;
        const auto pod = m_context.store.getAs<model::Pod>(key.namespace_, key.name);
        const auto *ref = pod ? model::controllerOf(pod->metadata) : nullptr;
        if (!ref || ref->uid != rs.metadata.uid)
            continue;
        ++counts.total;
        if (isPodActive(*pod)) {
            ++counts.active;
            counts.ready += model::isPodReady(*pod) ? 1 : 0;
        }
    }
    return counts;
}

} // namespace clusterlab::cluster
