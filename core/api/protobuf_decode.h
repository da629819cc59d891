#pragma once

#include "api/discovery.h"
#include "api/status.h"

#include <boost/json/object.hpp>

#include <string_view>
#include <variant>

namespace clusterlab::api {

/// kProtobufMediaType is the Content-Type kubectl 1.32+ sends for `kubectl create
/// namespace|deployment|service|configmap|secret|serviceaccount`.
inline constexpr std::string_view kProtobufMediaType = "application/vnd.kubernetes.protobuf";

/// protobufDecodes says whether decodeProtobuf reads bodies of resource's kind: Namespace,
/// Service, ConfigMap, Secret and ServiceAccount (v1), Deployment (apps/v1), and the reviews of
/// `kubectl auth can-i|whoami`. Other kinds sent as protobuf stay a 415.
bool protobufDecodes(const ApiResource &resource);

/// decodeProtobuf turns a Kubernetes protobuf body (the magic `k8s\0`, then a runtime.Unknown
/// holding the TypeMeta and the object's bytes) into the JSON object the same request sent as
/// JSON would carry: apiVersion and kind from the envelope, then the fields kubectl's
/// generators set, with unset scalars left out as JSON's omitempty leaves them out. Unknown
/// fields are skipped. Every read is bounds-checked: a truncated or malformed body gives the
/// 400 BadRequest the API server sends, naming the field and the problem.
std::variant<boost::json::object, StatusError> decodeProtobuf(std::string_view body,
                                                              const ApiResource &resource);

} // namespace clusterlab::api
