#pragma once

#include "model/object.h"

#include <optional>

namespace clusterlab::app {

/// WorkloadLabels are the parts of a Pod-owning workload that say which Pods are its own.
struct WorkloadLabels
{
    const model::PodTemplateSpec *podTemplate = nullptr;
    std::optional<model::LabelSelector> selector;
};

/// workloadLabelsOf reads them from a Deployment, StatefulSet or ReplicaSet; anything else
/// has no template.
inline WorkloadLabels workloadLabelsOf(const model::Object &object)
{
    if (const auto *d = std::get_if<model::Deployment>(&object))
        return { &d->spec.template_, d->spec.selector };
    if (const auto *ss = std::get_if<model::StatefulSet>(&object))
        return { &ss->spec.template_, ss->spec.selector };
    if (const auto *rs = std::get_if<model::ReplicaSet>(&object))
        return { &rs->spec.template_, rs->spec.selector };
    return {};
}

} // namespace clusterlab::app
