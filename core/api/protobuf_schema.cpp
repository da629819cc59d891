#include "api/protobuf_schema.h"

// Field numbers are go-to-protobuf's, from Kubernetes' generated.proto files (read with the
// code search in kubernetes/kubernetes staging/src/k8s.io/..., and kubernetes/api core/v1);
// released numbers never change:
//   apimachinery/pkg/runtime/generated.proto       Unknown{typeMeta=1, raw=2,
//                                                  contentEncoding=3, contentType=4},
//                                                  TypeMeta{apiVersion=1, kind=2}
//   apimachinery/pkg/apis/meta/v1/generated.proto  ObjectMeta, OwnerReference, LabelSelector,
//                                                  LabelSelectorRequirement
//   apimachinery/pkg/util/intstr/generated.proto   IntOrString{type=1, intVal=2, strVal=3}
//   apimachinery/pkg/api/resource/generated.proto  Quantity{string=1}
//   api/core/v1/generated.proto                    ConfigMap{metadata=1, data=2,
//                                                  binaryData=3, immutable=4},
//                                                  Secret{metadata=1, data=2, type=3,
//                                                  stringData=4, immutable=5},
//                                                  ServiceAccount{metadata=1, secrets=2,
//                                                  imagePullSecrets=3,
//                                                  automountServiceAccountToken=4},
//                                                  ObjectReference, LocalObjectReference,
//                                                  Namespace, NamespaceSpec, Service,
//                                                  ServiceSpec, ServicePort,
//                                                  SessionAffinityConfig, ClientIPConfig,
//                                                  PodTemplateSpec, PodSpec, Container,
//                                                  ContainerPort, EnvVar, ResourceRequirements
//   api/apps/v1/generated.proto                    Deployment, DeploymentSpec,
//                                                  DeploymentStrategy, RollingUpdateDeployment
//   api/authorization/v1/generated.proto           SelfSubjectAccessReview(Spec),
//                                                  ResourceAttributes, NonResourceAttributes,
//                                                  SelfSubjectRulesReview(Spec)
//   api/authentication/v1/generated.proto          SelfSubjectReview{metadata=1, status=2}
// Status (field 3 of every kind) and fields kubectl's generators never set (volumes, probes,
// affinity, securityContext, ...) are skipped like unknown fields.

namespace clusterlab::api::detail {

namespace {

// meta/v1
constexpr Field kOwnerReference[] = {
    scalar(5, "apiVersion"),
    scalar(1, "kind"),
    scalar(3, "name"),
    scalar(4, "uid"),
    scalar(6, "controller", Kind::Bool, kKeepZero),
    scalar(7, "blockOwnerDeletion", Kind::Bool, kKeepZero),
};
constexpr Field kObjectMeta[] = {
    scalar(1, "name"),
    scalar(2, "generateName"),
    scalar(3, "namespace"),
    scalar(6, "resourceVersion"),
    scalar(11, "labels", Kind::StringMap),
    scalar(12, "annotations", Kind::StringMap),
    sub(13, "ownerReferences", kOwnerReference, kRepeated),
    scalar(14, "finalizers", Kind::String, kRepeated),
};
constexpr Field kLabelSelectorRequirement[] = {
    scalar(1, "key"),
    scalar(2, "operator"),
    scalar(3, "values", Kind::String, kRepeated),
};
constexpr Field kLabelSelector[] = {
    scalar(1, "matchLabels", Kind::StringMap),
    sub(2, "matchExpressions", kLabelSelectorRequirement, kRepeated),
};

// core/v1: the Pod template
constexpr Field kContainerPort[] = {
    scalar(1, "name"),
    scalar(2, "hostPort", Kind::Int32),
    scalar(3, "containerPort", Kind::Int32),
    scalar(4, "protocol"),
    scalar(5, "hostIP"),
};
constexpr Field kEnvVar[] = { scalar(1, "name"), scalar(2, "value") };
constexpr Field kResourceRequirements[] = {
    scalar(1, "limits", Kind::QuantityMap),
    scalar(2, "requests", Kind::QuantityMap),
};
constexpr Field kContainer[] = {
    scalar(1, "name"),
    scalar(2, "image"),
    scalar(3, "command", Kind::String, kRepeated),
    scalar(4, "args", Kind::String, kRepeated),
    scalar(5, "workingDir"),
    sub(6, "ports", kContainerPort, kRepeated),
    sub(7, "env", kEnvVar, kRepeated),
    sub(8, "resources", kResourceRequirements),
    scalar(13, "terminationMessagePath"),
    scalar(14, "imagePullPolicy"),
    scalar(16, "stdin", Kind::Bool),
    scalar(17, "stdinOnce", Kind::Bool),
    scalar(18, "tty", Kind::Bool),
    scalar(20, "terminationMessagePolicy"),
};
constexpr Field kPodSpec[] = {
    sub(2, "containers", kContainer, kRepeated),
    scalar(3, "restartPolicy"),
    scalar(4, "terminationGracePeriodSeconds", Kind::Int64, kKeepZero),
    scalar(5, "activeDeadlineSeconds", Kind::Int64, kKeepZero),
    scalar(6, "dnsPolicy"),
    scalar(7, "nodeSelector", Kind::StringMap),
    scalar(8, "serviceAccountName"),
    scalar(9, "serviceAccount"),
    scalar(10, "nodeName"),
    scalar(11, "hostNetwork", Kind::Bool),
    scalar(16, "hostname"),
    scalar(17, "subdomain"),
    scalar(19, "schedulerName"),
    sub(20, "initContainers", kContainer, kRepeated),
    scalar(21, "automountServiceAccountToken", Kind::Bool, kKeepZero),
    scalar(24, "priorityClassName"),
    scalar(30, "enableServiceLinks", Kind::Bool, kKeepZero),
};
constexpr Field kPodTemplateSpec[] = { sub(1, "metadata", kObjectMeta), sub(2, "spec", kPodSpec) };

// core/v1: Namespace and Service
constexpr Field kNamespaceSpec[] = { scalar(1, "finalizers", Kind::String, kRepeated) };
constexpr Field kNamespace[] = { sub(1, "metadata", kObjectMeta), sub(2, "spec", kNamespaceSpec) };
constexpr Field kServicePort[] = {
    scalar(1, "name"),
    scalar(2, "protocol"),
    scalar(6, "appProtocol"),
    scalar(3, "port", Kind::Int32),
    scalar(4, "targetPort", Kind::IntOrString),
    scalar(5, "nodePort", Kind::Int32),
};
constexpr Field kClientIPConfig[] = { scalar(1, "timeoutSeconds", Kind::Int32, kKeepZero) };
constexpr Field kSessionAffinityConfig[] = { sub(1, "clientIP", kClientIPConfig) };
constexpr Field kServiceSpec[] = {
    sub(1, "ports", kServicePort, kRepeated),
    scalar(2, "selector", Kind::StringMap),
    scalar(3, "clusterIP"),
    scalar(18, "clusterIPs", Kind::String, kRepeated),
    scalar(4, "type"),
    scalar(5, "externalIPs", Kind::String, kRepeated),
    scalar(7, "sessionAffinity"),
    scalar(8, "loadBalancerIP"),
    scalar(9, "loadBalancerSourceRanges", Kind::String, kRepeated),
    scalar(10, "externalName"),
    scalar(11, "externalTrafficPolicy"),
    scalar(12, "healthCheckNodePort", Kind::Int32),
    scalar(13, "publishNotReadyAddresses", Kind::Bool),
    sub(14, "sessionAffinityConfig", kSessionAffinityConfig),
    scalar(19, "ipFamilies", Kind::String, kRepeated),
    scalar(17, "ipFamilyPolicy"),
    scalar(20, "allocateLoadBalancerNodePorts", Kind::Bool, kKeepZero),
    scalar(21, "loadBalancerClass"),
    scalar(22, "internalTrafficPolicy"),
};
constexpr Field kService[] = { sub(1, "metadata", kObjectMeta), sub(2, "spec", kServiceSpec) };

// core/v1: the configuration kinds `kubectl create configmap|secret|serviceaccount` sends
constexpr Field kConfigMap[] = {
    sub(1, "metadata", kObjectMeta),
    scalar(2, "data", Kind::StringMap),
    scalar(3, "binaryData", Kind::BytesMap),
    scalar(4, "immutable", Kind::Bool, kKeepZero),
};
constexpr Field kSecret[] = {
    sub(1, "metadata", kObjectMeta),
    scalar(2, "data", Kind::BytesMap),
    scalar(3, "type"),
    scalar(4, "stringData", Kind::StringMap),
    scalar(5, "immutable", Kind::Bool, kKeepZero),
};
constexpr Field kObjectReference[] = {
    scalar(1, "kind"),       scalar(2, "namespace"),       scalar(3, "name"),      scalar(4, "uid"),
    scalar(5, "apiVersion"), scalar(6, "resourceVersion"), scalar(7, "fieldPath"),
};
constexpr Field kLocalObjectReference[] = { scalar(1, "name") };
constexpr Field kServiceAccount[] = {
    sub(1, "metadata", kObjectMeta),
    sub(2, "secrets", kObjectReference, kRepeated),
    sub(3, "imagePullSecrets", kLocalObjectReference, kRepeated),
    scalar(4, "automountServiceAccountToken", Kind::Bool, kKeepZero),
};

// apps/v1
constexpr Field kRollingUpdateDeployment[] = {
    scalar(1, "maxUnavailable", Kind::IntOrString, kKeepZero),
    scalar(2, "maxSurge", Kind::IntOrString, kKeepZero),
};
constexpr Field kDeploymentStrategy[] = {
    scalar(1, "type"),
    sub(2, "rollingUpdate", kRollingUpdateDeployment),
};
constexpr Field kDeploymentSpec[] = {
    scalar(1, "replicas", Kind::Int32, kKeepZero),
    sub(2, "selector", kLabelSelector),
    sub(3, "template", kPodTemplateSpec),
    sub(4, "strategy", kDeploymentStrategy),
    scalar(5, "minReadySeconds", Kind::Int32),
    scalar(6, "revisionHistoryLimit", Kind::Int32, kKeepZero),
    scalar(7, "paused", Kind::Bool),
    scalar(9, "progressDeadlineSeconds", Kind::Int32, kKeepZero),
};
constexpr Field kDeployment[] = { sub(1, "metadata", kObjectMeta),
                                  sub(2, "spec", kDeploymentSpec) };

// authorization/v1 and authentication/v1 (and v1beta1): the reviews `kubectl auth` creates
constexpr Field kResourceAttributes[] = {
    scalar(1, "namespace"), scalar(2, "verb"),        scalar(3, "group"), scalar(4, "version"),
    scalar(5, "resource"),  scalar(6, "subresource"), scalar(7, "name"),
};
constexpr Field kNonResourceAttributes[] = { scalar(1, "path"), scalar(2, "verb") };
constexpr Field kSelfSubjectAccessReviewSpec[] = {
    sub(1, "resourceAttributes", kResourceAttributes),
    sub(2, "nonResourceAttributes", kNonResourceAttributes),
};
constexpr Field kSelfSubjectAccessReview[] = { sub(1, "metadata", kObjectMeta),
                                               sub(2, "spec", kSelfSubjectAccessReviewSpec) };
constexpr Field kSelfSubjectRulesReviewSpec[] = { scalar(1, "namespace") };
constexpr Field kSelfSubjectRulesReview[] = { sub(1, "metadata", kObjectMeta),
                                              sub(2, "spec", kSelfSubjectRulesReviewSpec) };
constexpr Field kSelfSubjectReview[] = { sub(1, "metadata", kObjectMeta) };

} // namespace

std::optional<Schema> schemaFor(const ApiResource &resource)
{
    const std::string gv = resource.groupVersion();
    if (gv == "v1" && resource.kind == "Namespace")
        return Schema(kNamespace);
    if (gv == "v1" && resource.kind == "Service")
        return Schema(kService);
    if (gv == "v1" && resource.kind == "ConfigMap")
        return Schema(kConfigMap);
    if (gv == "v1" && resource.kind == "Secret")
        return Schema(kSecret);
    if (gv == "v1" && resource.kind == "ServiceAccount")
        return Schema(kServiceAccount);
    if (gv == "apps/v1" && resource.kind == "Deployment")
        return Schema(kDeployment);
    if (gv == "authorization.k8s.io/v1" && resource.kind == "SelfSubjectAccessReview")
        return Schema(kSelfSubjectAccessReview);
    if (gv == "authorization.k8s.io/v1" && resource.kind == "SelfSubjectRulesReview")
        return Schema(kSelfSubjectRulesReview);
    if (resource.group == "authentication.k8s.io" && resource.kind == "SelfSubjectReview")
        return Schema(kSelfSubjectReview);
    return std::nullopt;
}

} // namespace clusterlab::api::detail
