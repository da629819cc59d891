#pragma once

#include "cluster/error.h"

#include <boost/json/object.hpp>

#include <string>

namespace clusterlab::api {

/// StatusError is a meta/v1 Status failure as the API server sends it: the HTTP code, the
/// reason kubectl shows in `Error from server (NotFound)`, the message, and details (name,
/// group, kind, causes) from which kubectl builds `The Service "x" is invalid: ...`.
struct StatusError
{
    int code = 500;
    std::string reason;
    std::string message;
    boost::json::object details;
};

/// statusBody renders a StatusError as {"kind":"Status","apiVersion":"v1",...}.
boost::json::object statusBody(const StatusError &error);

/// fromClusterError maps a refused write 1:1 to a Status (NotFound 404, AlreadyExists 409,
/// Invalid 422 with details.causes, Conflict 409, BadRequest 400, Forbidden 403). kind is the
/// Kind the request was about, for the details of Invalid.
StatusError fromClusterError(const cluster::Error &error, const std::string &kind = {});

/// notFoundObject: `services "x" not found` with details {name, group, kind: resource}.
StatusError notFoundObject(const std::string &kind, const std::string &name);
/// notFoundPath: `the server could not find the requested resource` (an unknown path).
StatusError notFoundPath();
StatusError badRequest(std::string message);
StatusError methodNotAllowed(const std::string &method);
StatusError unsupportedMediaType(const std::string &contentType);
StatusError notAcceptable(const std::string &accept);
StatusError unauthorized();
StatusError requestTooLarge(std::size_t limit);
/// expired is the 410 Gone a watch from a resourceVersion older than the watch cache gets.
StatusError expired(std::uint64_t requested, std::uint64_t oldest);
StatusError internalError(const std::string &what);
/// conflictWithManagers is the 409 of a server-side apply that would take fields from others.
StatusError applyConflict(std::string message, boost::json::array causes);

} // namespace clusterlab::api
