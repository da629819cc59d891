#pragma once

#include "api/discovery.h"

#include <boost/json/object.hpp>

#include <string>
#include <vector>

namespace clusterlab::api {

/// TableOptions are what a Table request asks for: includeObject None, Metadata (the
/// default: a PartialObjectMetadata per row) or Object (the full object, for --sort-by).
struct TableOptions
{
    std::string includeObject = "Metadata";
    bool columnDefinitions = true; ///< watch events after the first may leave them out
};

/// wantsTable says whether an Accept header asks for a meta.k8s.io Table.
bool wantsTable(const std::string &accept);

/// buildTable renders objects of one resource as a meta.k8s.io/v1 Table with the columns the
/// API server prints for the kind (priority 1 = only with -o wide), cells formatted as
/// kubectl shows them, and resourceVersion (empty: left out).
boost::json::object buildTable(const ApiResource &resource,
                               const std::vector<model::ObjectPtr> &objects,
                               const std::string &resourceVersion, const TableOptions &options);

} // namespace clusterlab::api
