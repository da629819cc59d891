#include "api/openapi.h"

#include "api/discovery.h"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>

namespace clusterlab::api {

namespace json = boost::json;

namespace {

// Schemas for `kubectl explain`, with the descriptions of the Kubernetes API reference; the
// Service family in full, every other kind at its top level.
constexpr const char *kServiceSchemas = R"json({
"io.k8s.api.core.v1.Service": {
  "description": "Service is a named abstraction of software service (for example, mysql) consisting of local port (for example 3306) that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.",
  "type": "object",
  "properties": {
    "apiVersion": {"description": "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources", "type": "string"},
    "kind": {"description": "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds", "type": "string"},
    "metadata": {"allOf": [{"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"}], "default": {}, "description": "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"},
    "spec": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.core.v1.ServiceSpec"}], "default": {}, "description": "Spec defines the behavior of a service. https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"},
    "status": {"type": "object", "description": "Most recently observed status of the service. Populated by the system. Read-only. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status"}
  },
  "x-kubernetes-group-version-kind": [{"group": "", "kind": "Service", "version": "v1"}]
},
"io.k8s.api.core.v1.ServiceSpec": {
  "description": "ServiceSpec describes the attributes that a user creates on a service.",
  "type": "object",
  "properties": {
    "clusterIP": {"description": "clusterIP is the IP address of the service and is usually assigned randomly. If an address is specified manually, is in-range (as per system configuration), and is not in use, it will be allocated to the service; otherwise creation of the service will fail. This field may not be changed through updates unless the type field is also being changed to ExternalName (which requires this field to be blank) or the type field is being changed from ExternalName (in which case this field may optionally be specified, as describe above).  Valid values are \"None\", empty string (\"\"), or a valid IP address. Setting this to \"None\" makes a \"headless service\" (no virtual IP), which is useful when direct endpoint connections are preferred and proxying is not required.", "type": "string"},
    "clusterIPs": {"description": "ClusterIPs is a list of IP addresses assigned to this service, and are usually assigned randomly.", "type": "array", "items": {"type": "string", "default": ""}, "x-kubernetes-list-type": "atomic"},
    "externalIPs": {"description": "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.  These IPs are not managed by Kubernetes.", "type": "array", "items": {"type": "string", "default": ""}},
    "externalName": {"description": "externalName is the external reference that discovery mechanisms will return as an alias for this service (e.g. a DNS CNAME record). No proxying will be involved.  Must be a lowercase RFC-1123 hostname (https://tools.ietf.org/html/rfc1123) and requires `type` to be \"ExternalName\".", "type": "string"},
    "internalTrafficPolicy": {"description": "InternalTrafficPolicy describes how nodes distribute service traffic they receive on the ClusterIP. If set to \"Local\", the proxy will assume that pods only want to talk to endpoints of the service on the same node as the pod, dropping the traffic if there are no local endpoints. The default value, \"Cluster\", uses the standard behavior of routing to all endpoints evenly (possibly modified by topology and other features).", "type": "string", "enum": ["Cluster", "Local"]},
    "ipFamilies": {"description": "IPFamilies is a list of IP families (e.g. IPv4, IPv6) assigned to this service.", "type": "array", "items": {"type": "string", "default": ""}},
    "ipFamilyPolicy": {"description": "IPFamilyPolicy represents the dual-stack-ness requested or required by this Service.", "type": "string", "enum": ["PreferDualStack", "RequireDualStack", "SingleStack"]},
    "ports": {"description": "The list of ports that are exposed by this service. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies", "type": "array", "items": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.core.v1.ServicePort"}], "default": {}}, "x-kubernetes-list-map-keys": ["port", "protocol"], "x-kubernetes-list-type": "map", "x-kubernetes-patch-merge-key": "port", "x-kubernetes-patch-strategy": "merge"},
    "publishNotReadyAddresses": {"description": "publishNotReadyAddresses indicates that any agent which deals with endpoints for this Service should disregard any indications of ready/not-ready.", "type": "boolean"},
    "selector": {"description": "Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify. Only applies to types ClusterIP, NodePort, and LoadBalancer. Ignored if type is ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/", "type": "object", "additionalProperties": {"type": "string", "default": ""}, "x-kubernetes-map-type": "atomic"},
    "sessionAffinity": {"description": "Supports \"ClientIP\" and \"None\". Used to maintain session affinity. Enable client IP based session affinity. Must be ClientIP or None. Defaults to None. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies", "type": "string", "enum": ["ClientIP", "None"]},
    "type": {"description": "type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer. \"ClusterIP\" allocates a cluster-internal IP address for load-balancing to endpoints. Endpoints are determined by the selector or if that is not specified, by manual construction of an Endpoints object or EndpointSlice objects. If clusterIP is \"None\", no virtual IP is allocated and the endpoints are published as a set of endpoints rather than a virtual IP. More info: https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types", "type": "string", "enum": ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]}
  }
},
"io.k8s.api.core.v1.ServicePort": {
  "description": "ServicePort contains information on service's port.",
  "type": "object",
  "required": ["port"],
  "properties": {
    "appProtocol": {"description": "The application protocol for this port. This is used as a hint for implementations to offer richer behavior for protocols that they understand. This field follows standard Kubernetes label syntax. Valid values are either:\n\n* Un-prefixed protocol names - reserved for IANA standard service names (as per RFC-6335 and https://www.iana.org/assignments/service-names).\n\n* Kubernetes-defined prefixed names:\n  * 'kubernetes.io/h2c' - HTTP/2 prior knowledge over cleartext as described in https://www.rfc-editor.org/rfc/rfc9113.html#name-starting-http-2-with-prior-\n  * 'kubernetes.io/ws'  - WebSocket over cleartext as described in https://www.rfc-editor.org/rfc/rfc6455\n  * 'kubernetes.io/wss' - WebSocket over TLS as described in https://www.rfc-editor.org/rfc/rfc6455\n\n* Other protocols should use implementation-defined prefixed names such as mycompany.com/my-custom-protocol.", "type": "string"},
    "name": {"description": "The name of this port within the service. This must be a DNS_LABEL. All ports within a ServiceSpec must have unique names. When considering the endpoints for a Service, this must match the 'name' field in the EndpointPort. Optional if only one ServicePort is defined on this service.", "type": "string"},
    "nodePort": {"description": "The port on each node on which this service is exposed when type is NodePort or LoadBalancer.  Usually assigned by the system. If a value is specified, in-range, and not in use it will be used, otherwise the operation will fail.  If not specified, a port will be allocated if this Service requires one.  If this field is specified when creating a Service which does not need it, creation will fail. This field will be wiped when updating a Service to no longer need it (e.g. changing type from NodePort to ClusterIP). More info: https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport", "type": "integer", "format": "int32"},
    "port": {"description": "The port that will be exposed by this service.", "type": "integer", "format": "int32", "default": 0},
    "protocol": {"description": "The IP protocol for this port. Supports \"TCP\", \"UDP\", and \"SCTP\". Default is TCP.", "type": "string", "default": "TCP", "enum": ["SCTP", "TCP", "UDP"]},
    "targetPort": {"allOf": [{"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString"}], "description": "Number or name of the port to access on the pods targeted by the service. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME. If this is a string, it will be looked up as a named port in the target Pod's container ports. If this is not specified, the value of the 'port' field is used (an identity map). This field is ignored for services with clusterIP=None, and should be omitted or set equal to the 'port' field. More info: https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service"}
  }
},
"io.k8s.apimachinery.pkg.util.intstr.IntOrString": {
  "description": "IntOrString is a type that can hold an int32 or a string.  When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.  This allows you to have, for example, a JSON field that can accept a name or number.",
  "format": "int-or-string",
  "oneOf": [{"type": "integer"}, {"type": "string"}]
},
"io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta": {
  "description": "ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.",
  "type": "object",
  "properties": {
    "annotations": {"description": "Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata. They are not queryable and should be preserved when modifying objects. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/annotations", "type": "object", "additionalProperties": {"type": "string", "default": ""}},
    "creationTimestamp": {"description": "CreationTimestamp is a timestamp representing the server time when this object was created.", "type": "string", "format": "date-time"},
    "generateName": {"description": "GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided.", "type": "string"},
    "labels": {"description": "Map of string keys and values that can be used to organize and categorize (scope and select) objects. May match selectors of replication controllers and services. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels", "type": "object", "additionalProperties": {"type": "string", "default": ""}},
    "name": {"description": "Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names", "type": "string"},
    "namespace": {"description": "Namespace defines the space within which each name must be unique. An empty namespace is equivalent to the \"default\" namespace, but \"default\" is the canonical representation. Not all objects are required to be scoped to a namespace - the value of this field for those objects will be ignored. Must be a DNS_LABEL. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces", "type": "string"},
    "resourceVersion": {"description": "An opaque value that represents the internal version of this object that can be used by clients to determine when objects have changed.", "type": "string"},
    "uid": {"description": "UID is the unique in time and space value for this object. It is typically generated by the server on successful creation of a resource and is not allowed to change on PUT operations.", "type": "string"}
  }
}
})json";

std::string schemaName(const ApiResource &r)
{
    if (r.group.empty())
        return "io.k8s.api.core.v1." + r.kind;
    const std::string short_ = r.group.substr(0, r.group.find('.'));
    return "io.k8s.api." + short_ + "." + r.version + "." + r.kind;
}

json::object topLevelSchema(const ApiResource &r)
{
    const json::object meta{
        { "allOf",
          json::array{ json::object{ { "$ref",
                                       "#/components/schemas/"
                                       "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" } } } },
        { "default", json::object() },
        { "description", "Standard object's metadata." }
    };
    return { { "description", r.kind + " as ClusterLab serves it (" + r.groupVersion() + ")." },
             { "type", "object" },
             { "properties",
               { { "apiVersion", { { "type", "string" } } },
                 { "kind", { { "type", "string" } } },
                 { "metadata", meta },
                 { "spec", { { "type", "object" } } },
                 { "status", { { "type", "object" } } } } },
             { "x-kubernetes-group-version-kind",
               json::array{ json::object{
                       { "group", r.group }, { "kind", r.kind }, { "version", r.version } } } } };
}

std::string documentKey(const std::string &groupVersion)
{
    return groupVersion.find('/') == std::string::npos ? "api/" + groupVersion
                                                       : "apis/" + groupVersion;
}

} // namespace

json::object openApiV3Index()
{
    json::object paths;
    for (const auto &gv : groupVersions()) {
        const std::string key = documentKey(gv);
        paths[key] = { { "serverRelativeURL", "/openapi/v3/" + key } };
    }
    return { { "paths", std::move(paths) } };
}

json::object openApiV3Document(const std::string &groupVersion)
{
    static const json::object serviceSchemas = json::parse(kServiceSchemas).as_object();
    json::object paths;
    json::object schemas = serviceSchemas;
    if (groupVersion != "api/v1")
        for (const char *name : { "io.k8s.api.core.v1.Service", "io.k8s.api.core.v1.ServiceSpec",
                                  "io.k8s.api.core.v1.ServicePort" })
            schemas.erase(name);
    bool found = false;
    for (const auto &r : apiResources()) {
        if (documentKey(r.groupVersion()) != groupVersion)
            continue;
        found = true;
        if (!schemas.contains(schemaName(r)))
            schemas[schemaName(r)] = topLevelSchema(r);
        if (r.createOnly)
            continue; // POST only: no object path to patch
        json::object patch{
            { "operationId", "patch" + r.kind },
            { "parameters",
              json::array{ json::object{ { "name", "fieldValidation" },
                                         { "in", "query" },
                                         { "schema", { { "type", "string" } } } } } },
            { "responses", { { "200", { { "description", "OK" } } } } },
            { "x-kubernetes-action", "patch" },
            { "x-kubernetes-group-version-kind",
              { { "group", r.group }, { "version", r.version }, { "kind", r.kind } } }
        };
        paths[objectPathTemplate(r.groupVersion(), r.resource, r.namespaced)] =
                json::object{ { "patch", std::move(patch) } };
    }
    if (!found)
        return {};
    return { { "openapi", "3.0.0" },
             { "info", { { "title", "Kubernetes" }, { "version", kGitVersion } } },
             { "paths", std::move(paths) },
             { "components", { { "schemas", std::move(schemas) } } } };
}

} // namespace clusterlab::api
