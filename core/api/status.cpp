#include "api/status.h"

#include "model/object.h"

#include <boost/json/array.hpp>

namespace clusterlab::api {

namespace json = boost::json;

namespace {

/// detailsFromMessage reads name, group and resource from `deployments.apps "x" ...`.
json::object detailsFromMessage(const std::string &message)
{
    json::object details;
    const auto quote = message.find(" \"");
    if (quote == std::string::npos || message.find(' ') < quote)
        return details;
    const auto end = message.find('"', quote + 2);
    if (end == std::string::npos)
        return details;
    std::string resource = message.substr(0, quote);
    details["name"] = message.substr(quote + 2, end - quote - 2);
    if (const auto dot = resource.find('.'); dot != std::string::npos) {
        details["group"] = resource.substr(dot + 1);
        resource.resize(dot);
    }
    details["kind"] = resource;
    return details;
}

StatusError make(int code, std::string reason, std::string message, json::object details = {})
{
    return { code, std::move(reason), std::move(message), std::move(details) };
}

} // namespace

json::object statusBody(const StatusError &error)
{
    json::object body;
    body["kind"] = "Status";
    body["apiVersion"] = "v1";
    body["metadata"] = json::object();
    body["status"] = "Failure";
    body["message"] = error.message;
    if (!error.reason.empty())
        body["reason"] = error.reason;
    // The API server's 404s carry details even when empty (kubectl debug reads them: an empty
    // name means a missing subresource, "ephemeral containers are disabled").
    if (!error.details.empty() || error.code == 404)
        body["details"] = error.details;
    body["code"] = error.code;
    return body;
}

StatusError fromClusterError(const cluster::Error &error, const std::string &kind)
{
    using Code = cluster::Error::Code;
    switch (error.code) {
    case Code::NotFound:
        return make(404, "NotFound", error.message, detailsFromMessage(error.message));
    case Code::AlreadyExists:
        return make(409, "AlreadyExists", error.message, detailsFromMessage(error.message));
    case Code::Conflict:
        if (const auto on = error.message.find(" on "); on != std::string::npos)
            return make(409, "Conflict", error.message,
                        detailsFromMessage(error.message.substr(on + 4)));
        return make(409, "Conflict", error.message);
    case Code::Forbidden:
        return make(403, "Forbidden", error.message, detailsFromMessage(error.message));
    case Code::BadRequest:
        return make(400, "BadRequest", error.message);
    case Code::Invalid:
        break;
    }
    // Invalid: kubectl prints `The <details.kind> "<details.name>" is invalid: ...` from the
    // details, so they carry the Kind (not the resource) and one cause per field error.
    json::object details;
    const auto quote = error.message.find(" \"");
    const auto end = quote == std::string::npos ? quote : error.message.find('"', quote + 2);
    std::string qualified = quote == std::string::npos ? kind : error.message.substr(0, quote);
    if (end != std::string::npos)
        details["name"] = error.message.substr(quote + 2, end - quote - 2);
    if (const auto dot = qualified.find('.'); dot != std::string::npos) {
        details["group"] = qualified.substr(dot + 1);
        qualified.resize(dot);
    }
    details["kind"] = qualified.empty() ? kind : qualified;
    json::array causes;
    for (const auto &cause : error.causes) {
        json::object c;
        c["reason"] = cause.reason;
        c["message"] = cause.body;
        c["field"] = cause.field;
        causes.push_back(std::move(c));
    }
    if (!causes.empty())
        details["causes"] = std::move(causes);
    return make(422, "Invalid", error.message, std::move(details));
}

StatusError notFoundObject(const std::string &kind, const std::string &name)
{
    return fromClusterError(cluster::notFound(kind, name));
}

StatusError notFoundPath()
{
    return make(404, "NotFound", "the server could not find the requested resource");
}

StatusError badRequest(std::string message)
{
    return make(400, "BadRequest", std::move(message));
}

StatusError methodNotAllowed(const std::string &method)
{
    return make(405, "MethodNotAllowed",
                "the server does not allow this method on the requested resource (" + method + ")");
}

StatusError unsupportedMediaType(const std::string &contentType)
{
    return make(415, "UnsupportedMediaType",
                "the body of the request was in an unknown format (" + contentType
                        + ") - accepted media types include: application/json, "
                          "application/yaml");
}

StatusError notAcceptable(const std::string &accept)
{
    return make(406, "NotAcceptable",
                "only the following media types are accepted: application/json, "
                "application/yaml (asked for "
                        + accept + ")");
}

StatusError unauthorized()
{
    return make(401, "Unauthorized", "Unauthorized");
}

StatusError requestTooLarge(std::size_t limit)
{
    return make(413, "RequestEntityTooLarge",
                "Request entity too large: limit is " + std::to_string(limit));
}

StatusError expired(std::uint64_t requested, std::uint64_t oldest)
{
    return make(410, "Expired",
                "too old resource version: " + std::to_string(requested) + " ("
                        + std::to_string(oldest) + ")");
}

StatusError internalError(const std::string &what)
{
    return make(500, "InternalError", "Internal error occurred: " + what);
}

StatusError applyConflict(std::string message, json::array causes)
{
    json::object details;
    details["causes"] = std::move(causes);
    return make(409, "Conflict", std::move(message), std::move(details));
}

} // namespace clusterlab::api
