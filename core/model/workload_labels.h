#pragma once

#include "model/object.h"

#include <optional>

namespace clusterlab::model {

/// WorkloadLabels are the parts of a Pod-owning workload that say which Pods are its own.
struct WorkloadLabels
{
    const PodTemplateSpec *podTemplate = nullptr;
    std::optional<LabelSelector> selector;
};

/// workloadLabelsOf reads them from a Deployment, StatefulSet or ReplicaSet; anything else
/// has no template.
inline WorkloadLabels workloadLabelsOf(const Object &object)
{
    if (const auto *d = std::get_if<Deployment>(&object))
        return { &d->spec.template_, d->spec.selector };
    if (const auto *ss = std::get_if<StatefulSet>(&object))
        return { &ss->spec.template_, ss->spec.selector };
    if (const auto *rs = std::get_if<ReplicaSet>(&object))
        return { &rs->spec.template_, rs->spec.selector };
    return {};
}

} // namespace clusterlab::model
