#pragma once

#include <boost/json/object.hpp>

#include <string>

namespace clusterlab::api {

/// openApiV3Index is /openapi/v3: one document per served group version.
boost::json::object openApiV3Index();

/// openApiV3Document is /openapi/v3/<api/v1|apis/group/version>: for every kind a patch
/// operation with its group-version-kind and the fieldValidation parameter (so kubectl
/// leaves validation to the server), and schemas with descriptions for `kubectl explain`.
/// The patch operations carry no request body, so kubectl builds strategic merge patches
/// from its built-in types. Empty when the group version is not served.
boost::json::object openApiV3Document(const std::string &groupVersion);

/// openApiV2Protobuf is /openapi/v2 as kubectl 1.27 and 1.28 require it: a gnostic
/// openapi_v2.Document in protobuf with the same patch operations and no definitions.
std::string openApiV2Protobuf();

/// openApiV2Json is the same document as JSON, for clients that ask for it.
boost::json::object openApiV2Json();

/// resourcePath is the path of one object of a resource ("/api/v1/namespaces/{namespace}/
/// services/{name}").
std::string objectPathTemplate(const std::string &groupVersion, const std::string &resource,
                               bool namespaced);

} // namespace clusterlab::api
