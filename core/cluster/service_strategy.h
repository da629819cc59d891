#pragma once

#include "model/service.h"

namespace clusterlab::cluster {

/// patchAllocatedValues is the Service registry's beginUpdate step: values the server
/// allocated (node ports by port name, the health check node port) stay when an update
/// leaves them out, so a PUT of the manifest as written keeps its node ports.
void patchAllocatedValues(model::Service &updated, const model::Service &previous);

/// dropTypeDependentFields is the Service update strategy's step of the same name: fields the
/// new type no longer uses (node ports, health check port, allocateLoadBalancerNodePorts,
/// loadBalancerClass, externalTrafficPolicy) are cleared when the update left them as they
/// were, so `type: ClusterIP` applied over a NodePort Service releases its node ports.
void dropTypeDependentFields(model::Service &updated, const model::Service &previous);

} // namespace clusterlab::cluster
