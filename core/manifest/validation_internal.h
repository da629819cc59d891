#pragma once

#include "manifest/validation_names.h"
#include "manifest/validation_support.h"
#include "model/object.h"

#include <boost/json/object.hpp>

#include <string>

// The per-kind validators behind validate(); each mirrors one Go function of
// pkg/apis/core/validation or pkg/apis/apps/validation and keeps its order of checks.
namespace clusterlab::manifest::detail {

/// nameRuleOf is the ValidateNameFunc the API server uses for a kind.
NameRule nameRuleOf(const std::string &kind);

/// validateObjectMeta is ValidateObjectMeta: name (or generateName), namespace, generation,
/// labels, annotations.
void validateObjectMeta(const model::ObjectMeta &meta, NameRule rule, bool namespaced,
                        ErrorList &errs);
/// validateLabels is ValidateLabels: every error sits on the map's path (not keyed); at is the
/// manifest path of the map, used to point at the offending entry.
void validateLabels(const model::Labels &labels, const std::string &path, const std::string &at,
                    ErrorList &errs);
/// validateAnnotations is ValidateAnnotations (keys are checked lower-cased, total size 256 kB).
void validateAnnotations(const model::Labels &annotations, const std::string &path,
                         const std::string &at, ErrorList &errs);
/// validateLabelSelector is ValidateLabelSelector with AllowInvalidLabelValueInSelector off.
void validateLabelSelector(const model::LabelSelector &selector, const std::string &path,
                           ErrorList &errs);
/// selectorConvertible says whether metav1.LabelSelectorAsSelector would succeed.
bool selectorConvertible(const model::LabelSelector &selector);

/// validatePodSpec is ValidatePodSpec for the fields ClusterLab models; rawSpec is the spec as
/// written (may be null).
void validatePodSpec(const model::PodSpec &spec, const boost::json::object *rawSpec,
                     const std::string &path, ErrorList &errs);
/// validatePodTemplateSpec is ValidatePodTemplateSpec (labels at <path>.labels).
void validatePodTemplateSpec(const model::PodTemplateSpec &tmpl, const std::string &path,
                             ErrorList &errs);
/// validateTemplateLabelsMatch adds the "`selector` does not match template `labels`" error.
void validateTemplateLabelsMatch(const model::PodTemplateSpec &tmpl, const std::string &path,
                                 ErrorList &errs);

ErrorList validatePod(const model::Pod &pod);
ErrorList validateService(const model::Service &svc);
ErrorList validateDeployment(const model::Deployment &d);
ErrorList validateReplicaSet(const model::ReplicaSet &rs);
ErrorList validateStatefulSet(const model::StatefulSet &ss);
ErrorList validateReplicationController(const model::ReplicationController &rc);
/// validateMetaOnly covers kinds checked on their metadata only (Namespace, ConfigMap, ...).
ErrorList validateMetaOnly(const model::Object &object);

/// validateServiceClusterIPUpdate is validateUpgradeDowngradeClusterIPs after the strategy has
/// carried the allocated clusterIP over.
void validateServiceClusterIPUpdate(const model::Service &previous, const model::Service &current,
                                    ErrorList &errs);
/// validateSelectorImmutable is the apps/v1 strategies' ValidateImmutableField(spec.selector).
void validateSelectorImmutable(const std::optional<model::LabelSelector> &previous,
                               const std::optional<model::LabelSelector> &current,
                               const model::Raw &currentRaw, ErrorList &errs);
/// validateStatefulSetUpdate is the Forbidden error of ValidateStatefulSetUpdate.
void validateStatefulSetUpdate(const model::StatefulSet &previous,
                               const model::StatefulSet &current, ErrorList &errs);

/// templateRawSpec returns spec of a pod template as written.
const boost::json::object *templateRawSpec(const model::PodTemplateSpec &tmpl);

} // namespace clusterlab::manifest::detail
