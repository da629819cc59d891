#include "model/object.h"

namespace clusterlab::model {

const std::vector<KindInfo> &allKinds()
{
    static const std::vector<KindInfo> kinds = {
        { "Namespace", "", "v1", "namespaces", false, true },
        { "Node", "", "v1", "nodes", false, true },
        { "Pod", "", "v1", "pods", true, true },
        { "Service", "", "v1", "services", true, true },
        { "Endpoints", "", "v1", "endpoints", true, true },
        { "Event", "", "v1", "events", true, true },
        { "ReplicationController", "", "v1", "replicationcontrollers", true, true },
        { "ConfigMap", "", "v1", "configmaps", true, false },
        { "Secret", "", "v1", "secrets", true, false },
        { "ServiceAccount", "", "v1", "serviceaccounts", true, false },
        { "Deployment", "apps", "v1", "deployments", true, true },
        { "ReplicaSet", "apps", "v1", "replicasets", true, true },
        { "StatefulSet", "apps", "v1", "statefulsets", true, true },
        { "EndpointSlice", "discovery.k8s.io", "v1", "endpointslices", true, true },
    };
    return kinds;
}

const KindInfo *kindInfo(const std::string &kind)
{
    for (const auto &info : allKinds())
        if (kind == info.kind)
            return &info;
    return nullptr;
}

std::string apiVersionOf(const KindInfo &info)
{
    return *info.group ? std::string(info.group) + "/" + info.version : std::string(info.version);
}

const ObjectMeta &meta(const Object &object)
{
    return std::visit(
            [](const auto &o) -> const ObjectMeta & {
                return o.metadata;
            },
            object);
}

ObjectMeta &meta(Object &object)
{
    return std::visit(
            [](auto &o) -> ObjectMeta & {
                return o.metadata;
            },
            object);
}

std::optional<std::int64_t> replicasOf(const Object &object)
{
    return std::visit(
            [](const auto &o) -> std::optional<std::int64_t> {
                if constexpr (requires { o.spec.replicas; })
                    return o.spec.replicas;
                else
                    return std::nullopt;
            },
            object);
}

std::string kindOf(const Object &object)
{
    if (auto stored = std::get_if<StoredObject>(&object))
        return stored->kind;
    return std::visit(
            [](const auto &o) -> std::string {
                if constexpr (requires { std::decay_t<decltype(o)>::kKind; })
                    return std::decay_t<decltype(o)>::kKind;
                else
                    return {};
            },
            object);
}

const Raw &rawOf(const Object &object)
{
    return std::visit(
            [](const auto &o) -> const Raw & {
                return o.raw;
            },
            object);
}

Raw &rawOf(Object &object)
{
    return std::visit(
            [](auto &o) -> Raw & {
                return o.raw;
            },
            object);
}

} // namespace clusterlab::model
