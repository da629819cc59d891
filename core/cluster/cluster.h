#pragma once

#include "cluster/applier.h"
#include "cluster/due_queue.h"
#include "cluster/error.h"
#include "cluster/registry.h"
#include "cluster/store.h"
#include "manifest/decode.h"

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clusterlab::cluster {

/// Options shape one simulated cluster.
struct Options
{
    int nodes = 3; ///< node-1 .. node-N (1..254)
    std::uint64_t seed = 1; ///< every random choice comes from it
    double pace = 1.0; ///< scales every simulated delay; 0 = at once
};

/// Cluster is the deterministic heart of the simulator: the store, the API server's write
/// paths, and the controllers (garbage collector, namespaces, Deployments, ReplicaSets,
/// ReplicationControllers, StatefulSets, scheduler, kubelet, Endpoints, EndpointSlices), all
/// driven by one virtual clock. Every write reconciles before the call returns; what takes
/// time (scheduling, container start, readiness, termination) waits in the clock until
/// advance() or settle(). Nodes node-1..N, the namespaces default, kube-system, kube-public
/// and kube-node-lease, Service `kubernetes` (127.96.0.1) and kube-dns (127.96.0.10) exist
/// from the start.
/// Thread: engine strand only; no locks, one writer.
class Cluster
{
public:
    explicit Cluster(Options options = {});
    ~Cluster();
    Cluster(const Cluster &) = delete;
    Cluster &operator=(const Cluster &) = delete;

    Store &store();
    const Store &store() const;

    /// create stores a new object (POST). Every write takes a WriteMode: DryRun checks it
    /// exactly as Commit would and returns what would be stored, storing nothing.
    ObjectResult create(model::Object object, WriteMode mode = WriteMode::Commit);
    /// update replaces an object (PUT); resourceVersion 0 is unconditional, another must match.
    ObjectResult update(model::Object object, WriteMode mode = WriteMode::Commit);
    /// remove deletes an object (DELETE) with propagation "Background", "Foreground" or
    /// "Orphan"; returns it as it is afterwards (a graceful Pod stays, Terminating).
    ObjectResult remove(const std::string &kind, const std::string &ns, const std::string &name,
                        std::string_view propagation = "Background",
                        std::optional<std::int64_t> gracePeriodSeconds = std::nullopt,
                        WriteMode mode = WriteMode::Commit);
    /// scale sets spec.replicas of a Deployment, ReplicaSet, StatefulSet or
    /// ReplicationController (the scale subresource).
    ObjectResult scale(const std::string &kind, const std::string &ns, const std::string &name,
                       std::int64_t replicas, WriteMode mode = WriteMode::Commit);
    /// apply writes decoded manifests all or nothing (see Applier).
    ApplyResult apply(const std::vector<manifest::DecodedObject> &objects, ApplyMode mode);

    /// nextDue is how long until the next simulated step, or nothing when all is settled.
    std::optional<Duration> nextDue() const;
    /// advance moves virtual time forward by d, running every step due on the way, in order.
    void advance(Duration d);
    /// settle advances until nothing is due, or at most max of virtual time.
    void settle(Duration max = std::chrono::seconds(60));
    /// now is the virtual time since the cluster started.
    Duration now() const;

    /// pace scales the simulated delays scheduled from now on.
    double pace() const;
    void setPace(double pace);

    /// recordEvent records an Event about `involved` from `component` (kube-proxy's warnings).
    void recordEvent(const model::Object &involved, const std::string &type,
                     const std::string &reason, const std::string &message,
                     const std::string &component);

private:
    void reconcile();

    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace clusterlab::cluster
