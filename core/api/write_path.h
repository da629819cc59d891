#pragma once

// The API server's one write path, shared by create, update, every patch kind and apply.
// Not part of the API library's interface.

#include "api/routes_internal.h"
#include "cluster/registry.h"

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace clusterlab::cluster {
class Cluster;
}

namespace clusterlab::api {
struct ApiState;
}

namespace clusterlab::api::detail {

/// WriteRequest is what a verb asks the write path to store: the document the verb built
/// (the body, the patched object, apply's merged configuration), the object it replaces
/// (null: create), and for server-side apply the applied configuration, whose fields the
/// manager then owns.
struct WriteRequest
{
    WriteRequest(boost::json::object document_, model::ObjectPtr previous_ = nullptr,
                 const boost::json::object *applied_ = nullptr)
        : document(std::move(document_)), previous(std::move(previous_)), applied(applied_)
    {
    }

    boost::json::object document;
    model::ObjectPtr previous;
    const boost::json::object *applied;
};

/// Written is the outcome of a write: what was (or, on a dry run, would be) stored, or why
/// not, with the warnings kubectl prints.
struct Written
{
    cluster::ObjectResult result = model::ObjectPtr();
    std::optional<StatusError> status;
    std::vector<std::string> warnings;
    bool created = false;
};

/// WriteOptions say how to write and for whom: a dry run or a commit, the field manager
/// managedFields record, and fieldValidation (Strict, Warn or Ignore; empty: Warn).
struct WriteOptions
{
    cluster::WriteMode mode = cluster::WriteMode::Commit;
    std::string manager;
    std::string fieldValidation;
};

/// writeModeOf is the request's ?dryRun=All as a cluster::WriteMode.
cluster::WriteMode writeModeOf(const RequestContext &ctx);
/// writeOptionsOf reads dryRun, fieldManager (else the client's name) and fieldValidation.
WriteOptions writeOptionsOf(const RequestContext &ctx);

/// writeOnStrand runs a write as kube-apiserver does for every verb: the Pod template as
/// written is kept where the document did not change it, the document is decoded
/// (fieldValidation), the registry defaults and validates it and checks conflicts and
/// allocations, then a dry run returns what would be stored and a real write stores it and
/// records managedFields (an update for the request's field manager, or apply's ownership).
/// So a dry run fails exactly when, and with the status and message with which, the real
/// write would.
/// Thread: engine strand (inside EngineView::call).
Written writeOnStrand(const WriteOptions &options, const ApiResource &resource,
                      WriteRequest request, cluster::Cluster &cluster, ApiState &state);
/// writeOnStrand for an API request (writeOptionsOf(ctx)).
Written writeOnStrand(const RequestContext &ctx, const ApiResource &resource, WriteRequest request,
                      cluster::Cluster &cluster, ApiState &state);

/// scaleOnStrand sets spec.replicas as the scale subresource does, when resourceVersion (if
/// not empty) still matches, and records the change for options.manager.
/// Thread: engine strand.
cluster::ObjectResult scaleOnStrand(const WriteOptions &options, const std::string &kind,
                                    const std::string &ns, const std::string &name,
                                    std::int64_t replicas, const std::string &resourceVersion,
                                    cluster::Cluster &cluster, ApiState &state);

/// writtenResponse answers a write: its Status when it failed, else the object with status
/// `ok` (201 Created instead when the write created it and ok is 200).
ApiResponse writtenResponse(const RequestContext &ctx, const ApiResource &resource,
                            const Written &written, http::status ok);

} // namespace clusterlab::api::detail
