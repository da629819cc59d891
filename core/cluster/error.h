#pragma once

#include "manifest/diagnostic.h"

#include <boost/assert/source_location.hpp>

#include <string>
#include <vector>

namespace clusterlab::cluster {

/// Error is a refused request, worded as the API server words it; Code maps 1:1 to a
/// Kubernetes Status reason (NotFound 404, AlreadyExists 409, Invalid 422, Conflict 409,
/// BadRequest 400, Forbidden 403).
struct Error
{
    enum class Code { NotFound, AlreadyExists, Invalid, Conflict, BadRequest, Forbidden };
    Code code = Code::BadRequest;
    std::string message;
    std::vector<manifest::FieldError> causes;
};

/// reasonOf returns the Status reason of a code ("NotFound", "AlreadyExists", ...).
std::string reasonOf(Error::Code code);

/// resourceOf names a kind as API errors do: "services", "deployments.apps".
std::string resourceOf(const std::string &kind);

/// notFound: `services "backend" not found`.
Error notFound(const std::string &kind, const std::string &name);
/// alreadyExists: `services "backend" already exists`.
Error alreadyExists(const std::string &kind, const std::string &name);
/// invalid: `Service "backend" is invalid: <aggregate of causes>`.
Error invalid(const std::string &kind, const std::string &name,
              std::vector<manifest::FieldError> causes);
/// conflict: `Operation cannot be fulfilled on services "backend": the object has been
/// modified; please apply your changes to the latest version and try again`.
Error conflict(const std::string &kind, const std::string &name);
/// forbidden: `namespaces "default" is forbidden: <why>`.
Error forbidden(const std::string &kind, const std::string &name, const std::string &why);
/// badRequest carries a message as it is.
Error badRequest(std::string message);

/// throw_exception_from_error lets boost::system::result<T, Error>::value() throw; callers
/// test has_value() first, so this only fires on a programming error.
[[noreturn]] void throw_exception_from_error(const Error &error, const boost::source_location &);

} // namespace clusterlab::cluster
