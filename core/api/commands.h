#pragma once

#include "cluster/applier.h"
#include "cluster/registry.h"
#include "manifest/decode.h"

#include <boost/json/object.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace clusterlab::cluster {
class Cluster;
}

namespace clusterlab::api {

struct ApiState;

/// Commands is the one way people change the cluster from the window: the canvas, the
/// editor and lessons call it where kubectl calls the API, and it takes the API's own write
/// path, so every caller gets the same defaults, validation and messages, the same
/// resourceVersion checks, and managedFields under the manager that made the change
/// ("clusterlab-canvas", "clusterlab-editor", "clusterlab-lesson"; kubectl's come through the
/// API as "kubectl-...").
/// Thread: engine strand (inside Engine::change).
class Commands
{
public:
    Commands(cluster::Cluster &cluster, ApiState &state, std::string manager);

    const std::string &manager() const { return m_manager; }
    /// cluster is for reading what to change (the store); write through the methods below.
    const cluster::Cluster &cluster() const { return m_cluster; }

    /// scale sets spec.replicas of a Deployment, ReplicaSet, StatefulSet or
    /// ReplicationController, as the scale subresource does.
    cluster::ObjectResult scale(const std::string &kind, const std::string &ns,
                                const std::string &name, std::int64_t replicas);
    /// scaleBy changes spec.replicas by delta from what the cluster holds when it runs (never
    /// below 0), so two presses of + before the first change is shown scale by two.
    cluster::ObjectResult scaleBy(const std::string &kind, const std::string &ns,
                                  const std::string &name, std::int64_t delta);

    /// Edit changes an object as the API encodes it (metadata, spec, ...).
    using Edit = std::function<void(boost::json::object &)>;
    /// edit reads the object, applies change and writes it back as a PUT of the whole object
    /// would: validated, checked against the resourceVersion it read, recorded.
    cluster::ObjectResult edit(const std::string &kind, const std::string &ns,
                               const std::string &name, const Edit &change);
    /// remove deletes an object as DELETE does.
    cluster::ObjectResult remove(const std::string &kind, const std::string &ns,
                                 const std::string &name,
                                 const std::string &propagation = "Background",
                                 std::optional<std::int64_t> gracePeriodSeconds = std::nullopt);
    /// apply writes decoded manifests all-or-nothing (kubectl create -f / apply -f) and
    /// records what each written object changed under this manager.
    cluster::ApplyResult apply(const std::vector<manifest::DecodedObject> &objects,
                               cluster::ApplyMode mode);

private:
    cluster::Cluster &m_cluster;
    ApiState &m_state;
    std::string m_manager;
};

} // namespace clusterlab::api
