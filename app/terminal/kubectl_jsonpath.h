#pragma once

#include <boost/json/value.hpp>

#include <string>

namespace clusterlab::app {

/// JsonPathResult is what `kubectl get -o jsonpath=TEMPLATE` prints, or why it cannot.
struct JsonPathResult
{
    std::string text; ///< no newline is added, as kubectl adds none
    std::string error; ///< kubectl's words: "error: error parsing jsonpath {.a[}, ..."
};

/// runJsonPath executes a kubectl JSONPath template against object, as kubectl does with
/// --allow-missing-template-keys (its default): text outside braces as it is; inside braces
/// a path from the object (`.spec.type`, `$.a`, `['a.b']`, `[0]`, `[-1]`, `[1:3]`, `[*]`,
/// `.*`), a quoted string ("\n"), or `range PATH` … `end`. Several results print separated by
/// spaces; a missing key prints nothing; maps and lists print as compact JSON. Filters
/// (`[?(@.x=="y")]`), unions and `..` are not in the built-in subset and say so.
JsonPathResult runJsonPath(const std::string &tmpl, const boost::json::value &object);

} // namespace clusterlab::app
