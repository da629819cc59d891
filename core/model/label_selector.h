#pragma once

#include "model/object_meta.h"

#include <string>
#include <vector>

namespace clusterlab::model {

/// LabelSelectorRequirement mirrors metav1.LabelSelectorRequirement (In, NotIn, Exists, DoesNotExist).
struct LabelSelectorRequirement
{
    std::string key;
    std::string op;
    std::vector<std::string> values;

    bool operator==(const LabelSelectorRequirement &) const = default;
};

/// LabelSelector mirrors metav1.LabelSelector; an empty selector matches everything.
struct LabelSelector
{
    Labels matchLabels;
    std::vector<LabelSelectorRequirement> matchExpressions;

    bool empty() const { return matchLabels.empty() && matchExpressions.empty(); }
    bool operator==(const LabelSelector &) const = default;
};

/// matches says whether labels satisfy every requirement of the selector.
bool matches(const LabelSelector &selector, const Labels &labels);

/// matchesMap is the Service/ReplicationController form: every key=value must be present.
/// An empty map matches nothing here, as a Service without selector selects no Pods.
bool matchesMap(const Labels &selector, const Labels &labels);

/// formatLabels prints labels as kubectl does: "app=web,tier=backend", or "<none>".
std::string formatLabels(const Labels &labels);

/// formatSelector prints a selector as kubectl does ("app=web,tier in (a,b)").
std::string formatSelector(const LabelSelector &selector);

/// parseSelectorString parses a labelSelector query string ("app=web,tier!=db,env in (a,b),x").
/// Returns false when the text is not a valid selector.
bool parseSelectorString(const std::string &text, LabelSelector &out, std::string &error);

} // namespace clusterlab::model
