#include "api/encode.h"

#include "model/printers.h"

#include <boost/json/array.hpp>

#include <cstdio>
#include <ctime>

namespace clusterlab::api {

namespace json = boost::json;
using detail::child;
using detail::labelSelector;
using detail::objectReference;
using detail::stringMap;
using detail::strings;

std::string formatTime(model::Time time)
{
    const std::time_t t = std::chrono::system_clock::to_time_t(time);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buffer;
}

std::optional<model::Time> parseTime(std::string_view text)
{
    std::tm tm{};
    int fields = std::sscanf(std::string(text).c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year,
                             &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec);
    if (fields != 6)
        return std::nullopt;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return std::chrono::system_clock::from_time_t(timegm(&tm));
}

namespace detail {

json::array strings(const std::vector<std::string> &values)
{
    json::array out;
    for (const auto &v : values)
        out.emplace_back(v);
    return out;
}

json::object objectReference(const model::ObjectReference &ref)
{
    json::object out;
    if (!ref.kind.empty())
        out["kind"] = ref.kind;
    if (!ref.namespace_.empty())
        out["namespace"] = ref.namespace_;
    out["name"] = ref.name;
    if (!ref.uid.empty())
        out["uid"] = ref.uid;
    if (!ref.apiVersion.empty())
        out["apiVersion"] = ref.apiVersion;
    return out;
}

} // namespace detail

namespace {

void encodeNode(json::object &doc, const model::Node &node)
{
    json::object &spec = child(doc, "spec");
    spec["podCIDR"] = node.podCIDR;
    spec["podCIDRs"] = strings({ node.podCIDR });
    if (node.unschedulable)
        spec["unschedulable"] = true;
    json::object status;
    status["addresses"] =
            json::array{ json::object{ { "type", "InternalIP" }, { "address", node.internalIP } },
                         json::object{ { "type", "Hostname" },
                                       { "address", node.metadata.name } } };
    status["conditions"] = json::array{ json::object{
            { "type", "Ready" },
            { "status", node.ready ? "True" : "False" },
            { "reason", node.ready ? "KubeletReady" : "KubeletNotReady" },
            { "message", node.ready ? "kubelet is posting ready status" : "node is not ready" },
            { "lastHeartbeatTime", formatTime(node.metadata.creationTimestamp) },
            { "lastTransitionTime", formatTime(node.metadata.creationTimestamp) } } };
    status["capacity"] = { { "cpu", "4" }, { "memory", "8Gi" }, { "pods", "110" } };
    status["allocatable"] = status["capacity"];
    status["nodeInfo"] = { { "kubeletVersion", model::kServerVersion },
                           { "osImage", "ClusterLab simulated node" },
                           { "kernelVersion", "clusterlab" },
                           { "containerRuntimeVersion", "clusterlab://simulated" },
                           { "operatingSystem", "linux" },
                           { "architecture", "amd64" } };
    doc["status"] = std::move(status);
}

void encodeEvent(json::object &doc, const model::Event &ev)
{
    doc["involvedObject"] = objectReference(ev.involvedObject);
    doc["reason"] = ev.reason;
    doc["message"] = ev.message;
    doc["type"] = ev.type;
    doc["count"] = ev.count;
    json::object source;
    if (!ev.sourceComponent.empty())
        source["component"] = ev.sourceComponent;
    if (!ev.sourceHost.empty())
        source["host"] = ev.sourceHost;
    doc["source"] = std::move(source);
    doc["firstTimestamp"] = formatTime(ev.firstTimestamp);
    doc["lastTimestamp"] = formatTime(ev.lastTimestamp);
    doc["eventTime"] = nullptr;
    doc["reportingComponent"] = ev.sourceComponent;
    doc["reportingInstance"] = ev.sourceHost;
}

} // namespace

json::object encodeMeta(const model::ObjectMeta &meta, const json::object *raw, bool namespaced)
{
    json::object out = raw ? *raw : json::object();
    out.erase("managedFields");
    out.erase("selfLink");
    out["name"] = meta.name;
    if (!meta.generateName.empty())
        out["generateName"] = meta.generateName;
    if (namespaced)
        out["namespace"] = meta.namespace_;
    else
        out.erase("namespace");
    out["uid"] = meta.uid;
    out["resourceVersion"] = std::to_string(meta.resourceVersion);
    if (meta.generation)
        out["generation"] = meta.generation;
    else
        out.erase("generation");
    out["creationTimestamp"] = formatTime(meta.creationTimestamp);
    if (meta.deletionTimestamp)
        out["deletionTimestamp"] = formatTime(*meta.deletionTimestamp);
    if (meta.deletionGracePeriodSeconds)
        out["deletionGracePeriodSeconds"] = *meta.deletionGracePeriodSeconds;
    if (meta.labels.empty())
        out.erase("labels");
    else
        out["labels"] = stringMap(meta.labels);
    if (meta.annotations.empty())
        out.erase("annotations");
    else
        out["annotations"] = stringMap(meta.annotations);
    json::array owners;
    for (const auto &ref : meta.ownerReferences)
        owners.push_back({ { "apiVersion", ref.apiVersion },
                           { "kind", ref.kind },
                           { "name", ref.name },
                           { "uid", ref.uid },
                           { "controller", ref.controller },
                           { "blockOwnerDeletion", ref.blockOwnerDeletion } });
    if (owners.empty())
        out.erase("ownerReferences");
    else
        out["ownerReferences"] = std::move(owners);
    return out;
}

json::object encodeObject(const model::Object &object)
{
    const std::string kind = model::kindOf(object);
    const model::KindInfo *info = model::kindInfo(kind);
    json::object doc = model::rawOf(object);
    doc["apiVersion"] = info ? model::apiVersionOf(*info) : std::string("v1");
    doc["kind"] = kind;
    const auto *rawMeta = doc.if_contains("metadata");
    doc["metadata"] = encodeMeta(model::meta(object),
                                 rawMeta && rawMeta->is_object() ? &rawMeta->get_object() : nullptr,
                                 !info || info->namespaced);
    std::visit(
            [&](const auto &o) {
                using T = std::decay_t<decltype(o)>;
                if constexpr (std::is_same_v<T, model::Pod>) {
                    detail::overlayPodSpec(child(doc, "spec"), o.spec);
                    detail::defaultServiceAccount(child(doc, "spec"));
                    doc["status"] = detail::podStatus(o);
                } else if constexpr (std::is_same_v<T, model::Service>) {
                    detail::encodeService(doc, o);
                } else if constexpr (
                        std::is_same_v<
                                T,
                                model::Deployment> || std::is_same_v<T, model::ReplicaSet> || std::is_same_v<T, model::StatefulSet> || std::is_same_v<T, model::ReplicationController>) {
                    detail::encodeWorkload(doc, o);
                } else if constexpr (std::is_same_v<T, model::Endpoints>) {
                    detail::encodeEndpoints(doc, o);
                } else if constexpr (std::is_same_v<T, model::EndpointSlice>) {
                    detail::encodeEndpointSlice(doc, o);
                } else if constexpr (std::is_same_v<T, model::Node>) {
                    encodeNode(doc, o);
                } else if constexpr (std::is_same_v<T, model::Event>) {
                    encodeEvent(doc, o);
                } else if constexpr (std::is_same_v<T, model::Namespace>) {
                    doc["spec"] = { { "finalizers", strings({ "kubernetes" }) } };
                    doc["status"] = { { "phase", o.phase } };
                } else if constexpr (std::is_same_v<T, model::StoredObject>) {
                    // SetDefaults_Secret: a Secret without a type is Opaque.
                    const auto *type = doc.if_contains("type");
                    if (o.kind == "Secret"
                        && (!type || !type->is_string() || type->get_string().empty()))
                        doc["type"] = "Opaque";
                }
            },
            object);
    return doc;
}

json::object encodeEventV1(const model::Event &ev)
{
    json::object doc;
    doc["apiVersion"] = "events.k8s.io/v1";
    doc["kind"] = "Event";
    doc["metadata"] = encodeMeta(ev.metadata, nullptr, true);
    doc["eventTime"] = nullptr;
    doc["reason"] = ev.reason;
    doc["note"] = ev.message;
    doc["type"] = ev.type;
    doc["regarding"] = objectReference(ev.involvedObject);
    doc["reportingController"] = ev.sourceComponent;
    doc["reportingInstance"] = ev.sourceHost;
    doc["deprecatedSource"] = { { "component", ev.sourceComponent }, { "host", ev.sourceHost } };
    doc["deprecatedFirstTimestamp"] = formatTime(ev.firstTimestamp);
    doc["deprecatedLastTimestamp"] = formatTime(ev.lastTimestamp);
    doc["deprecatedCount"] = ev.count;
    return doc;
}

json::object partialObjectMetadata(const model::Object &object)
{
    const model::KindInfo *info = model::kindInfo(model::kindOf(object));
    json::object meta = encodeMeta(model::meta(object), nullptr, !info || info->namespaced);
    return { { "kind", "PartialObjectMetadata" },
             { "apiVersion", "meta.k8s.io/v1" },
             { "metadata", std::move(meta) } };
}

void stripServerFields(json::object &document)
{
    document.erase("status");
    if (auto *meta = document.if_contains("metadata"); meta && meta->is_object()) {
        auto &m = meta->get_object();
        for (const char *key :
             { "uid", "resourceVersion", "creationTimestamp", "generation", "managedFields",
               "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds" })
            m.erase(key);
    }
}

} // namespace clusterlab::api
