#pragma once

#include "cluster/error.h"
#include "cluster/store.h"

#include <boost/system/result.hpp>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

namespace clusterlab::cluster {

class ClusterIpAllocator;
class NodePortAllocator;
class EventRecorder;
class Random;

/// ObjectResult is what a write returns: the stored object, or why it was refused.
using ObjectResult = boost::system::result<model::ObjectPtr, Error>;
/// Prepared is an object as a write would store it, or why it would be refused.
using Prepared = boost::system::result<model::Object, Error>;

/// WriteMode is whether a write is stored (Commit) or only checked (DryRun): a dry run goes
/// through every step of the write (defaults, validation, conflicts, ClusterIP checks) and
/// stores nothing, as the API server's ?dryRun=All does, so it fails exactly when the write
/// would.
enum class WriteMode { Commit, DryRun };

/// Claims are what earlier objects of one apply batch will take, so later ones are checked
/// against them as if they were already stored.
struct Claims
{
    std::set<std::string> namespaces;
    std::set<std::uint32_t> clusterIPs;
    std::set<int> nodePorts;
};

/// Registry is the API server's write path for create and update: defaults, validation
/// (manifest/validate.h), namespace checks, the create and update strategies (status and
/// system fields kept, allocated values restored), ClusterIP and node port allocation, then one store
/// write. prepare* only check and write nothing, so an apply can check a whole batch first.
/// Thread: engine strand only.
class Registry
{
public:
    Registry(Store &store, ClusterIpAllocator &clusterIPs, NodePortAllocator &nodePorts,
             Random &random, EventRecorder &events);

    /// prepareCreate returns object as create would store it; warnings get notes such as a
    /// ClusterIP mapped from 10.96.0.0/12.
    Prepared prepareCreate(model::Object object, Claims *claims = nullptr,
                           std::vector<std::string> *warnings = nullptr) const;
    /// prepareUpdate merges object onto previous as update would store it; resourceVersion 0
    /// is unconditional, another one must match previous's.
    Prepared prepareUpdate(model::Object object, const model::Object &previous,
                           Claims *claims = nullptr,
                           std::vector<std::string> *warnings = nullptr) const;
    /// commitCreate writes what prepareCreate returned (names generated, IPs allocated).
    ObjectResult commitCreate(model::Object prepared,
                              const std::vector<std::string> &warnings = {});
    /// commitUpdate writes what prepareUpdate returned.
    ObjectResult commitUpdate(model::Object prepared, const model::Object &previous);

    /// create and update are prepare* then, unless mode is DryRun, commit*.
    ObjectResult create(model::Object object, WriteMode mode = WriteMode::Commit);
    ObjectResult update(model::Object object, WriteMode mode = WriteMode::Commit);

private:
    Store &m_store;
    ClusterIpAllocator &m_clusterIPs;
    NodePortAllocator &m_nodePorts;
    Random &m_random;
    EventRecorder &m_events;
};

/// isSystemAnnotation says whether controllers own an annotation (kept when a manifest is
/// applied without it).
bool isSystemAnnotation(const std::string &key);

} // namespace clusterlab::cluster
