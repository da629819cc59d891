#pragma once

#include "model/workloads.h"

#include <cstdint>
#include <string>
#include <utility>

namespace clusterlab::cluster {

/// kPodTemplateHashLabel marks a ReplicaSet, its selector and its Pods with their template.
inline constexpr const char *kPodTemplateHashLabel = "pod-template-hash";
/// kRevisionAnnotation numbers a Deployment's ReplicaSets (kubectl rollout history).
inline constexpr const char *kRevisionAnnotation = "deployment.kubernetes.io/revision";

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

/// revisionOf reads a ReplicaSet's revision annotation (0 when absent).
std::int64_t revisionOf(const model::ReplicaSet &rs);

} // namespace clusterlab::cluster
