#pragma once

#include "model/cluster_objects.h"
#include "model/endpoints.h"
#include "model/pod.h"
#include "model/service.h"
#include "model/workloads.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>

namespace clusterlab::model {

/// Object is any object ClusterLab stores. Values are immutable once stored (shared_ptr<const>).
using Object = std::variant<Namespace, Node, Pod, Service, Endpoints, EndpointSlice, Deployment,
                            ReplicaSet, StatefulSet, ReplicationController, Event, StoredObject>;
using ObjectPtr = std::shared_ptr<const Object>;

/// Kind describes one resource type as the API server names it.
struct KindInfo
{
    const char *kind;
    const char *group; ///< "" for the core group.
    const char *version;
    const char *resource; ///< plural, lower case: "services".
    bool namespaced;
    bool simulated; ///< false: only stored and listed.
};

/// kindInfo finds a supported kind by its Kind name; nullptr when unsupported.
const KindInfo *kindInfo(const std::string &kind);

/// allKinds lists every supported kind, in the order kubectl api-resources prints them.
const std::vector<KindInfo> &allKinds();

/// apiVersionOf returns "v1" or "apps/v1" etc. for a supported kind.
std::string apiVersionOf(const KindInfo &info);

/// meta returns the ObjectMeta of any Object.
const ObjectMeta &meta(const Object &object);
ObjectMeta &meta(Object &object);

/// kindOf returns the Kind name of any Object ("Pod", "ConfigMap", ...).
std::string kindOf(const Object &object);

/// replicasOf is spec.replicas of a Deployment, ReplicaSet, StatefulSet or
/// ReplicationController; nothing for other kinds.
std::optional<std::int64_t> replicasOf(const Object &object);

/// rawOf returns the document as written for any Object.
const Raw &rawOf(const Object &object);
Raw &rawOf(Object &object);

} // namespace clusterlab::model
