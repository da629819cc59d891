#include "manifest/validation_internal.h"

#include <charconv>

namespace clusterlab::manifest::detail {

namespace json = boost::json;

namespace {

void nonNegative(std::int64_t value, const std::string &path, ErrorList &errs)
{
    if (value < 0)
        errs.invalid(path, goInt(value), "must be greater than or equal to 0");
}

/// selectorValue is spec.selector rendered as the API server prints a *metav1.LabelSelector.
std::string selectorValue(const std::optional<model::LabelSelector> &selector,
                          const model::Raw &raw)
{
    return goLabelSelector(selector, rawAt(raw, "spec.selector"));
}

/// validateSelectorField checks spec.selector of an apps/v1 workload; returns whether the
/// selector converts (LabelSelectorAsSelector succeeds).
bool validateSelectorField(const std::optional<model::LabelSelector> &selector,
                           const model::Raw &raw, const char *kindWord, ErrorList &errs)
{
    if (!selector) {
        errs.required("spec.selector");
        return true;
    }
    validateLabelSelector(*selector, "spec.selector", errs);
    if (selector->empty())
        errs.invalid("spec.selector", selectorValue(selector, raw),
                     std::string("empty selector is invalid for ") + kindWord);
    return selectorConvertible(*selector);
}

/// templateMatches mirrors `!selector.Empty() && !selector.Matches(labels)`: a nil selector is
/// labels.Nothing() (matches nothing), an empty one labels.Everything().
bool templateMatches(const std::optional<model::LabelSelector> &selector,
                     const model::Labels &labels)
{
    if (!selector)
        return false;
    return selector->empty() || model::matches(*selector, labels);
}

void validateTemplateRestartRules(const model::PodTemplateSpec &tmpl, const char *kind,
                                  ErrorList &errs)
{
    if (!tmpl.spec.restartPolicy.empty() && tmpl.spec.restartPolicy != "Always")
        errs.notSupported("spec.template.spec.restartPolicy", goString(tmpl.spec.restartPolicy),
                          { "Always" });
    if (const auto *spec = templateRawSpec(tmpl); spec && rawHas(*spec, "activeDeadlineSeconds"))
        errs.forbidden("spec.template.spec.activeDeadlineSeconds",
                       std::string("activeDeadlineSeconds in ") + kind + " is not Supported");
}

/// validateTemplateForReplicaSet is ValidatePodTemplateSpecForReplicaSet.
void validateTemplateForReplicaSet(const std::optional<model::LabelSelector> &selector,
                                   const model::PodTemplateSpec &tmpl, ErrorList &errs)
{
    if (!templateMatches(selector, tmpl.metadata.labels))
        validateTemplateLabelsMatch(tmpl, "spec.template", errs);
    validatePodTemplateSpec(tmpl, "spec.template", errs);
    validateTemplateRestartRules(tmpl, "ReplicaSet", errs);
}

/// intOrPercentValue is getIntOrPercentValue: a valid percent's number, else IntValue().
std::int64_t intOrPercentValue(const model::IntOrString &v)
{
    if (!v.isString)
        return v.intVal;
    const std::string &s = v.strVal;
    std::string_view digits = s;
    if (isValidPercent(s).empty())
        digits.remove_suffix(1);
    std::int64_t out = 0;
    const auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
    return ec == std::errc() && ptr == digits.data() + digits.size() ? out : 0;
}

void validatePositiveIntOrPercent(const model::IntOrString &v, const std::string &path,
                                  ErrorList &errs)
{
    if (v.isString)
        errs.invalidEach(path, goIntOrString(v), isValidPercent(v.strVal));
    else
        nonNegative(v.intVal, path, errs);
}

void validateDeploymentStrategy(const model::Deployment &d, ErrorList &errs)
{
    const auto &strategy = d.spec.strategy;
    const std::string type = strategy.type.empty() ? "RollingUpdate" : strategy.type;
    const bool rollingUpdateWritten = rawHas(d.raw, "spec.strategy.rollingUpdate");
    if (type == "Recreate") {
        if (rollingUpdateWritten)
            errs.forbidden("spec.strategy.rollingUpdate",
                           "may not be specified when strategy `type` is 'Recreate'");
    } else if (type == "RollingUpdate") {
        const std::string path = "spec.strategy.rollingUpdate";
        validatePositiveIntOrPercent(strategy.maxUnavailable, path + ".maxUnavailable", errs);
        validatePositiveIntOrPercent(strategy.maxSurge, path + ".maxSurge", errs);
        if (intOrPercentValue(strategy.maxUnavailable) == 0
            && intOrPercentValue(strategy.maxSurge) == 0)
            errs.invalid(path + ".maxUnavailable", goIntOrString(strategy.maxUnavailable),
                         "may not be 0 when `maxSurge` is 0");
        if (strategy.maxUnavailable.isString
            && isValidPercent(strategy.maxUnavailable.strVal).empty()
            && intOrPercentValue(strategy.maxUnavailable) > 100)
            errs.invalid(path + ".maxUnavailable", goIntOrString(strategy.maxUnavailable),
                         "must not be greater than 100%");
    } else {
        // The pointer of a written rollingUpdate prints as an address; Go's is random anyway.
        errs.notSupported("spec.strategy",
                          "apps.DeploymentStrategy{Type:" + goString(type)
                                  + ", RollingUpdate:(*apps.RollingUpdateDeployment)("
                                  + (rollingUpdateWritten ? "0xc000000000" : "nil") + ")}",
                          { "Recreate", "RollingUpdate" });
    }
}

void validateStatefulSetStrategy(const model::StatefulSet &ss, ErrorList &errs)
{
    const std::string type = rawString(ss.raw, "spec.updateStrategy.type").value_or("");
    const bool rollingWritten = rawHas(ss.raw, "spec.updateStrategy.rollingUpdate");
    const auto partition = rawInt(ss.raw, "spec.updateStrategy.rollingUpdate.partition");
    if (type.empty() || type == "RollingUpdate") {
        if (partition)
            nonNegative(*partition, "spec.updateStrategy.rollingUpdate.partition", errs);
    } else if (type == "OnDelete") {
        if (rollingWritten)
            errs.invalid("spec.updateStrategy.rollingUpdate",
                         "apps.RollingUpdateStatefulSetStrategy{Partition:"
                                 + goInt(partition.value_or(0))
                                 + ", MaxUnavailable:(*intstr.IntOrString)(nil)}",
                         "only allowed for updateStrategy 'RollingUpdate'");
    } else {
        errs.invalid("spec.updateStrategy",
                     "apps.StatefulSetUpdateStrategy{Type:" + goString(type)
                             + ", RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)("
                             + (rollingWritten ? "0xc000000000" : "nil") + ")}",
                     "must be 'RollingUpdate' or 'OnDelete'");
    }
}

} // namespace

ErrorList validateDeployment(const model::Deployment &d)
{
    ErrorList errs;
    validateObjectMeta(d.metadata, NameRule::DNSSubdomain, true, errs);
    nonNegative(d.spec.replicas, "spec.replicas", errs);
    if (validateSelectorField(d.spec.selector, d.raw, "deployment", errs))
        validateTemplateForReplicaSet(d.spec.selector, d.spec.template_, errs);
    else
        errs.invalid("spec.selector", selectorValue(d.spec.selector, d.raw),
                     "invalid label selector");
    validateDeploymentStrategy(d, errs);
    nonNegative(d.spec.minReadySeconds, "spec.minReadySeconds", errs);
    nonNegative(d.spec.revisionHistoryLimit, "spec.revisionHistoryLimit", errs);
    nonNegative(d.spec.progressDeadlineSeconds, "spec.progressDeadlineSeconds", errs);
    if (d.spec.progressDeadlineSeconds <= d.spec.minReadySeconds)
        errs.invalid("spec.progressDeadlineSeconds", goInt(d.spec.progressDeadlineSeconds),
                     "must be greater than minReadySeconds");
    return errs;
}

ErrorList validateReplicaSet(const model::ReplicaSet &rs)
{
    ErrorList errs;
    validateObjectMeta(rs.metadata, NameRule::DNSSubdomain, true, errs);
    nonNegative(rs.spec.replicas, "spec.replicas", errs);
    nonNegative(rs.spec.minReadySeconds, "spec.minReadySeconds", errs);
    // Upstream says "for deployment" here too.
    if (validateSelectorField(rs.spec.selector, rs.raw, "deployment", errs))
        validateTemplateForReplicaSet(rs.spec.selector, rs.spec.template_, errs);
    else
        errs.invalid("spec.selector", selectorValue(rs.spec.selector, rs.raw),
                     "invalid label selector");
    return errs;
}

ErrorList validateStatefulSet(const model::StatefulSet &ss)
{
    ErrorList errs;
    validateObjectMeta(ss.metadata, NameRule::DNSLabel, true, errs);
    const auto &policy = ss.spec.podManagementPolicy;
    if (!policy.empty() && policy != "OrderedReady" && policy != "Parallel")
        errs.invalid("spec.podManagementPolicy", goString(policy),
                     "must be 'OrderedReady' or 'Parallel'");
    validateStatefulSetStrategy(ss, errs);
    nonNegative(ss.spec.replicas, "spec.replicas", errs);
    nonNegative(rawInt(ss.raw, "spec.minReadySeconds").value_or(0), "spec.minReadySeconds", errs);
    const auto &tmpl = ss.spec.template_;
    if (validateSelectorField(ss.spec.selector, ss.raw, "statefulset", errs)) {
        if (!templateMatches(ss.spec.selector, tmpl.metadata.labels))
            validateTemplateLabelsMatch(tmpl, "spec.template", errs);
        // StatefulSet validation checks the template's labels and annotations, not its spec.
        validateLabels(tmpl.metadata.labels, "spec.template.labels",
                       "spec.template.metadata.labels", errs);
        validateAnnotations(tmpl.metadata.annotations, "spec.template.annotations",
                            "spec.template.metadata.annotations", errs);
    } else {
        errs.invalid("spec.selector", selectorValue(ss.spec.selector, ss.raw), "");
    }
    validateTemplateRestartRules(tmpl, "StatefulSet", errs);
    return errs;
}

ErrorList validateReplicationController(const model::ReplicationController &rc)
{
    ErrorList errs;
    validateObjectMeta(rc.metadata, NameRule::DNSSubdomain, true, errs);
    nonNegative(rc.spec.minReadySeconds, "spec.minReadySeconds", errs);
    // The selector was defaulted from the template labels while decoding.
    if (rc.spec.selector.empty())
        errs.required("spec.selector");
    nonNegative(rc.spec.replicas, "spec.replicas", errs);
    const auto &tmpl = rc.spec.template_;
    // Only a written document can lack the template; an object built in code always has one.
    if (!rc.raw.empty() && !rawHas(rc.raw, "spec.template")) {
        errs.required("spec.template");
        return errs;
    }
    if (!rc.spec.selector.empty() && !model::matchesMap(rc.spec.selector, tmpl.metadata.labels))
        validateTemplateLabelsMatch(tmpl, "spec.template", errs);
    validatePodTemplateSpec(tmpl, "spec.template", errs);
    validateTemplateRestartRules(tmpl, "ReplicationController", errs);
    return errs;
}

void validateSelectorImmutable(const std::optional<model::LabelSelector> &previous,
                               const std::optional<model::LabelSelector> &current,
                               const model::Raw &currentRaw, ErrorList &errs)
{
    if (previous != current)
        errs.invalid("spec.selector", selectorValue(current, currentRaw), "field is immutable");
}

void validateStatefulSetUpdate(const model::StatefulSet &previous,
                               const model::StatefulSet &current, ErrorList &errs)
{
    const json::value *before = rawAt(previous.raw, "spec.volumeClaimTemplates");
    const json::value *after = rawAt(current.raw, "spec.volumeClaimTemplates");
    const bool claimsChanged =
            (before == nullptr) != (after == nullptr) || (before && after && *before != *after);
    if (previous.spec.selector != current.spec.selector
        || previous.spec.serviceName != current.spec.serviceName
        || previous.spec.podManagementPolicy != current.spec.podManagementPolicy || claimsChanged)
        errs.forbidden("spec",
                       "updates to statefulset spec for fields other than 'replicas', 'ordinals', "
                       "'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and "
                       "'minReadySeconds' are forbidden");
}

} // namespace clusterlab::manifest::detail
