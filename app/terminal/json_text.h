#pragma once

#include <boost/json/value.hpp>

#include <string>

namespace clusterlab::app {

/// goJson writes value as kubectl's Go encoder does: object keys in sorted order, <, > and &
/// escaped as \u003c, \u003e and \u0026, integers as integers. indent 0 is compact
/// (json.Marshal: jsonpath's maps and lists); indent 4 is `kubectl get -o json`
/// (json.MarshalIndent with four spaces, then a newline).
std::string goJson(const boost::json::value &value, int indent = 0);

/// goText is how kubectl's jsonpath prints a scalar (fmt.Fprint): a string as it is, a
/// number as Go formats it, true/false, and <nil> for null; objects and arrays as goJson.
std::string goText(const boost::json::value &value);

} // namespace clusterlab::app
