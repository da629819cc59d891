#pragma once

// Shared by the routes_*.cpp files; not part of the API library's interface.

#include "api/routes.h"
#include "api/status.h"
#include "api/target.h"

#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace clusterlab::api::detail {

/// RequestContext is one request as the routes see it.
struct RequestContext
{
    const Request &request;
    EngineView &view;
    Target target;
    std::string accept;
};

ApiResponse jsonResponse(const RequestContext &ctx, http::status status,
                         const boost::json::value &body,
                         const std::string &contentType = "application/json",
                         const std::vector<std::string> &warnings = {});
ApiResponse statusResponse(const RequestContext &ctx, const StatusError &error);
/// objectResponse encodes a stored object (events.k8s.io shape when asked) or a Table row.
ApiResponse objectResponse(const RequestContext &ctx, const ApiResource &resource,
                           const model::Object &object, http::status status,
                           const std::vector<std::string> &warnings = {});
boost::json::object encodeAs(const ApiResource &resource, const model::Object &object);

/// plainResponse is a text answer, as the kubelet's streaming server gives before an upgrade;
/// client-go then prints `unable to upgrade connection: <text>`. The connection ends with it.
ApiResponse plainResponse(const RequestContext &ctx, http::status status, std::string text);
/// headerList reads a comma-separated header value (Sec-WebSocket-Protocol,
/// X-Stream-Protocol-Version), each item trimmed, empty ones left out.
std::vector<std::string> headerList(std::string_view value);

/// fieldManager is the fieldManager parameter, or the client's name from User-Agent.
std::string fieldManager(const RequestContext &ctx);

ApiResponse handleRead(const RequestContext &ctx, const ResourcePath &path);
ApiResponse handleCreate(const RequestContext &ctx, const ResourcePath &path);
ApiResponse handleUpdate(const RequestContext &ctx, const ResourcePath &path);
ApiResponse handleDelete(const RequestContext &ctx, const ResourcePath &path);
ApiResponse handlePatch(const RequestContext &ctx, const ResourcePath &path);
/// handleReview answers a POST of a createOnly resource (SelfSubjectAccessReview,
/// SelfSubjectRulesReview, SelfSubjectReview) for the request's user; other verbs get 405.
ApiResponse handleReview(const RequestContext &ctx, const ResourcePath &path);
/// handleExec checks a pods/exec request (GET or POST) and asks for the WebSocket upgrade.
ApiResponse handleExec(const RequestContext &ctx, const ResourcePath &path);
/// handlePortForward checks a pods/portforward request and asks for the SPDY upgrade
/// (routes_port_forward.cpp).
ApiResponse handlePortForward(const RequestContext &ctx, const ResourcePath &path);
/// handleAttach checks a pods/attach request as exec's and asks for the WebSocket upgrade
/// (routes_exec.cpp).
ApiResponse handleAttach(const RequestContext &ctx, const ResourcePath &path);
/// handleProxy checks a pods/proxy or services/proxy request and picks the Pod and port the
/// session then proxies to (routes_proxy.cpp).
ApiResponse handleProxy(const RequestContext &ctx, const ResourcePath &path);
/// handlePodLog answers GET pods/{name}/log (routes_log.cpp).
ApiResponse handlePodLog(const RequestContext &ctx, const ResourcePath &path);

/// readDocument reads a JSON (or YAML) object body, or a protobuf one for the kinds
/// decodeProtobuf knows (not for subresources); other protobuf and unknown types give 415.
std::variant<boost::json::object, StatusError> readDocument(const RequestContext &ctx,
                                                            const ResourcePath &path);
/// placeDocument fills in, or checks, the namespace and (withName) the name of a body
/// against the request path, as the API server does.
std::optional<StatusError> placeDocument(boost::json::object &document, const ResourcePath &path,
                                         bool withName);
/// scaleTo sets spec.replicas through the scale subresource; resourceVersion (when not
/// empty) must match the object's.
ApiResponse scaleTo(const RequestContext &ctx, const ResourcePath &path, std::int64_t replicas,
                    const std::string &resourceVersion);

/// scaleOf renders the autoscaling/v1 Scale of a Deployment, ReplicaSet, StatefulSet or RC.
boost::json::object scaleOf(const model::Object &object);

} // namespace clusterlab::api::detail
