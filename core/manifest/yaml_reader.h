#pragma once

#include "manifest/diagnostic.h"

#include <boost/json/value.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace clusterlab::manifest {

/// FieldPos is where a field's key and value start in the source text.
struct FieldPos
{
    SourcePos key;
    SourcePos value;
};

/// PositionMap maps a field path ("spec.ports[0].port") to where it was written.
class PositionMap
{
public:
    void set(const std::string &path, FieldPos pos) { m_positions.emplace(path, pos); }
    /// find returns the value position of path, or of its nearest written parent.
    SourcePos find(const std::string &path) const;
    /// findKey returns the key position of path (for unknown fields), or find(path).
    SourcePos findKey(const std::string &path) const;
    /// rebase returns the positions under prefix, with the prefix removed (List items).
    PositionMap rebase(const std::string &prefix) const;
    bool empty() const { return m_positions.empty(); }

private:
    const FieldPos *lookup(std::string path) const;
    std::unordered_map<std::string, FieldPos> m_positions;
};

/// YamlDocument is one document of a YAML stream as JSON, with its field positions.
struct YamlDocument
{
    boost::json::value value;
    PositionMap positions;
    SourcePos start;
};

/// ReadLimits guards against hostile input (size, nesting, alias expansion).
struct ReadLimits
{
    std::size_t maxBytes = 3 * 1024 * 1024; ///< the API server's request body limit
    int maxDepth = 100;
    std::size_t maxNodes = 1'000'000; ///< after alias expansion, per file
};

struct ReadResult
{
    std::vector<YamlDocument> documents; ///< empty documents are skipped
    std::vector<Diagnostic> diagnostics;
};

/// readYaml parses a YAML (or JSON) stream into JSON values as sigs.k8s.io/yaml does:
/// YAML 1.1 scalars (quoted stays a string), merge keys, duplicate keys refused.
/// Never throws; every problem is a Diagnostic with line:column.
ReadResult readYaml(std::string_view text, const std::string &source,
                    const ReadLimits &limits = {});

} // namespace clusterlab::manifest
