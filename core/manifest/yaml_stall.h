#pragma once

#include <yaml-cpp/mark.h>

#include <optional>
#include <string>

namespace clusterlab::manifest {

/// findParserStall walks yaml-cpp's parser events over text without building nodes and
/// returns where the parser stopped making progress, if it did. yaml-cpp 0.7's LoadAll never
/// returns on such input (a `,` outside a flow collection, yaml-cpp issue 1040), so callers
/// check first.
std::optional<YAML::Mark> findParserStall(const std::string &text);

} // namespace clusterlab::manifest
