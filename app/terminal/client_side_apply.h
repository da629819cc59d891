#pragma once

// What `kubectl apply` (client-side) sends for one object of a file. Pure functions.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace clusterlab::app {

/// kLastAppliedAnnotation is where kubectl apply keeps the configuration it applied last.
inline constexpr const char *kLastAppliedAnnotation =
        "kubectl.kubernetes.io/last-applied-configuration";

/// withLastApplied returns document (an object as a file holds it, its namespace filled in)
/// with kLastAppliedAnnotation set to the document itself as Go's compact JSON, as kubectl
/// apply creates and patches objects.
boost::json::object withLastApplied(const boost::json::object &document);

/// applyPatch is the JSON merge patch (RFC 7386) with which kubectl apply makes the live
/// object what document says: withLastApplied(document), plus null for every map key that
/// the configuration last applied to live (its annotation) set and document no longer does.
/// So fields the file drops go, fields others set stay, and lists are the file's.
boost::json::object applyPatch(const boost::json::object &document, const boost::json::value &live);

/// sameConfiguration says whether a write left an object as it was, apart from what the
/// server keeps changing itself (status, resourceVersion, managedFields): kubectl apply's
/// "unchanged".
bool sameConfiguration(const boost::json::value &before, const boost::json::value &after);

} // namespace clusterlab::app
