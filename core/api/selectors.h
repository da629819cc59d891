#pragma once

#include "model/label_selector.h"
#include "model/object.h"

#include <optional>
#include <string>
#include <vector>

namespace clusterlab::api {

/// FieldRequirement is one term of a fieldSelector: key=value, key==value or key!=value.
struct FieldRequirement
{
    std::string key;
    bool equals = true;
    std::string value;
};

/// Selectors are the labelSelector and fieldSelector of a list, watch or deletecollection.
struct Selectors
{
    model::LabelSelector labels;
    std::vector<FieldRequirement> fields;

    /// matches says whether an object passes both selectors.
    bool matches(const model::Object &object) const;
};

/// parseSelectors reads labelSelector and fieldSelector for a kind. The field selector knows
/// metadata.name and metadata.namespace for every kind, plus what the API server supports
/// for Pods (spec.nodeName, status.phase, status.podIP) and Events (involvedObject.*, reason,
/// type, source). Returns the API server's message when either is not valid.
std::optional<std::string> parseSelectors(const std::string &labelSelector,
                                          const std::string &fieldSelector, const std::string &kind,
                                          Selectors &out);

} // namespace clusterlab::api
