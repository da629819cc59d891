#pragma once

#include "model/workloads.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

namespace clusterlab::cluster {

/// kPodTemplateHashLabel marks a ReplicaSet, its selector and its Pods with their template.
inline constexpr const char *kPodTemplateHashLabel = "pod-template-hash";
/// kRevisionAnnotation numbers a Deployment's ReplicaSets (kubectl rollout history); the
/// Deployment carries its new ReplicaSet's.
inline constexpr const char *kRevisionAnnotation = "deployment.kubernetes.io/revision";
/// kRevisionHistoryAnnotation lists the revisions a ReplicaSet had before it was rolled back to.
inline constexpr const char *kRevisionHistoryAnnotation =
        "deployment.kubernetes.io/revision-history";
/// kDesiredReplicasAnnotation is the Deployment's spec.replicas when it last scaled the
/// ReplicaSet.
inline constexpr const char *kDesiredReplicasAnnotation =
        "deployment.kubernetes.io/desired-replicas";
/// kMaxReplicasAnnotation is spec.replicas + maxSurge when the Deployment last scaled it.
inline constexpr const char *kMaxReplicasAnnotation = "deployment.kubernetes.io/max-replicas";
/// kMaxRevisionHistoryChars bounds kRevisionHistoryAnnotation, as the controller's
/// maxRevHistoryLengthInChars.
inline constexpr std::size_t kMaxRevisionHistoryChars = 2000;

/// podTemplateHash is controller.ComputeHash: an FNV-32a hash of the template (plus the
/// collision count when one is given), written as rand.SafeEncodeString of its decimal digits,
/// so "7c9f6d5b8d"-like and stable for one template.
std::string podTemplateHash(const model::PodTemplateSpec &tmpl, int collisionCount = 0);

/// equalIgnoreHash compares two templates ignoring the pod-template-hash label, as
/// EqualIgnoreHash does to find a Deployment's new ReplicaSet.
bool equalIgnoreHash(const model::PodTemplateSpec &a, const model::PodTemplateSpec &b);

/// resolveScaled resolves an int-or-percent against total: a percentage is rounded up
/// (maxSurge) or down (maxUnavailable) as intstr.GetScaledValueFromIntOrPercent.
std::int64_t resolveScaled(const model::IntOrString &value, std::int64_t total, bool roundUp);

/// resolveFenceposts returns (maxSurge, maxUnavailable) for a Deployment; both zero becomes
/// maxUnavailable 1, so a rollout can always make progress.
std::pair<std::int64_t, std::int64_t> resolveFenceposts(const model::Deployment &deployment);

/// revisionOf reads a ReplicaSet's revision annotation (0 when absent or not a number).
std::int64_t revisionOf(const model::ReplicaSet &rs);

/// maxSurge is MaxSurge: the resolved maxSurge of a RollingUpdate Deployment, 0 for Recreate.
std::int64_t maxSurge(const model::Deployment &deployment);

/// setReplicasAnnotations is SetReplicasAnnotations: records desired and max replicas on rs;
/// true when that changed them.
bool setReplicasAnnotations(model::ReplicaSet &rs, std::int64_t desired, std::int64_t max);

/// setNewReplicaSetAnnotations is SetNewReplicaSetAnnotations: copies the Deployment's
/// annotations (kubernetes.io/change-cause among them; not last-applied-configuration nor the
/// controller's own) to its new ReplicaSet, raises the ReplicaSet's revision to newRevision
/// when it is lower (keeping the revisions it had in kRevisionHistoryAnnotation: a rollback),
/// and, for a ReplicaSet about to be created (!exists), sets the replicas annotations. True
/// when an annotation changed.
bool setNewReplicaSetAnnotations(const model::Deployment &deployment, model::ReplicaSet &rs,
                                 std::int64_t newRevision, bool exists);

} // namespace clusterlab::cluster
