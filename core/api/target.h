#pragma once

#include "api/discovery.h"

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clusterlab::api {

/// Target is a request target split into decoded path segments and query parameters.
struct Target
{
    std::string path;
    std::vector<std::string> segments;
    std::map<std::string, std::string> query;

    /// param returns a query parameter, or fallback when absent.
    std::string param(const std::string &key, const std::string &fallback = {}) const;
    /// flag says whether a boolean query parameter is "true" or "1".
    bool flag(const std::string &key) const;
};

/// percentDecode undoes %XX escapes (and '+' for a space when plusIsSpace).
std::string percentDecode(std::string_view text, bool plusIsSpace);

/// parseTarget splits "/api/v1/pods?labelSelector=app%3Dweb" (percent- and plus-decoded).
Target parseTarget(std::string_view target);

/// ResourcePath is a request for a resource: its collection, one object, or a subresource.
struct ResourcePath
{
    const ApiResource *resource = nullptr; ///< null: a resource path naming no served resource
    std::string namespace_; ///< empty: cluster-scoped, or all namespaces for a list
    std::string name; ///< empty: the collection
    std::string subresource; ///< "scale", "status", or empty
    bool watchPrefix = false; ///< the old /api/v1/watch/... form
};

/// resolveResource reads /api/v1/... and /apis/<group>/<version>/...; nothing when the path
/// is not under a served group version at all (discovery, OpenAPI and the like).
std::optional<ResourcePath> resolveResource(const Target &target);

} // namespace clusterlab::api
