#pragma once

#include "api/discovery.h"
#include "api/status.h"

#include <boost/json/value.hpp>

#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace clusterlab::api {

/// mediaType returns the media type of a Content-Type or Accept item, lower case, without
/// parameters: "application/strategic-merge-patch+json".
std::string mediaType(std::string_view contentType);

/// parseBody reads a JSON body, or YAML when yaml is set (one document). A body that is not
/// valid gives the 400 BadRequest the API server sends, naming the problem.
std::variant<boost::json::value, StatusError> parseBody(std::string_view body, bool yaml);

/// Decoded is a request body as an object of the resource's kind, and the warnings kubectl
/// prints (unknown fields under fieldValidation=Warn).
struct Decoded
{
    model::Object object;
    std::vector<std::string> warnings;
};

/// decodeBody turns a document into an object of resource's kind: kind and apiVersion are
/// filled in when missing and must match when given; what the server owns (status, uid,
/// timestamps) is dropped; metadata.resourceVersion is kept for the update precondition;
/// unknown fields are refused (Strict), reported (Warn, the default) or ignored (Ignore).
std::variant<Decoded, StatusError> decodeBody(boost::json::object document,
                                              const ApiResource &resource,
                                              const std::string &fieldValidation);

/// keepTemplateAsWritten returns document (a patched or replaced workload) with every part
/// of spec.template that equals the current template as the server renders it (encoded)
/// taken from the template as written (raw), and unchanged server defaults left out. So a
/// write that changes nothing in the Pod template keeps it exactly as written, and with it
/// the pod-template-hash: no rollout. (Only the template: elsewhere the model, not raw, is
/// the truth, e.g. spec.replicas after a scale.)
boost::json::object keepTemplateAsWritten(boost::json::object document,
                                          const boost::json::object &encoded,
                                          const boost::json::object &raw);

/// resourceVersionOf reads metadata.resourceVersion of a document ("" when absent).
std::string resourceVersionOf(const boost::json::object &document);

} // namespace clusterlab::api
