#pragma once

#include "canvas/tier_order.h"

namespace clusterlab::app {

class ClusterMirror;
struct CanvasItems;

/// tierCalls lists which tier calls which, from what the Pods and the Pod templates of the
/// workloads on the canvas name (annotation or env, see model::callsOf). The templates make
/// a load's calls known as soon as its workloads and Services exist, before any Pod does.
/// Needs items.serviceTier up to date. Pure function of its arguments.
QSet<TierEdge> tierCalls(const CanvasItems &items, const ClusterMirror &mirror);

/// tierRoles reads each tier's role (tierRole) from its name, the names of its workloads and
/// Services, its Pods' role, component and app labels and their container images.
QHash<QString, TierRole> tierRoles(const QStringList &tiers, const CanvasItems &items,
                                   const ClusterMirror &mirror);

} // namespace clusterlab::app
