#include "api/discovery.h"

#include <boost/json/array.hpp>

#include <algorithm>
#include <cctype>
#include <map>

namespace clusterlab::api {

namespace json = boost::json;

namespace {

const std::vector<std::string> kVerbs = { "create", "delete", "deletecollection", "get",
                                          "list",   "patch",  "update",           "watch" };

std::vector<ApiResource> buildResources()
{
    static const std::map<std::string, std::vector<std::string>> shortNames = {
        { "Service", { "svc" } },       { "Pod", { "po" } },
        { "Deployment", { "deploy" } }, { "ReplicaSet", { "rs" } },
        { "StatefulSet", { "sts" } },   { "ReplicationController", { "rc" } },
        { "Endpoints", { "ep" } },      { "Namespace", { "ns" } },
        { "Node", { "no" } },           { "Event", { "ev" } },
        { "ConfigMap", { "cm" } },      { "ServiceAccount", { "sa" } },
    };
    static const std::vector<std::string> inAll = { "Pod",         "Service",
                                                    "Deployment",  "ReplicaSet",
                                                    "StatefulSet", "ReplicationController" };
    static const std::vector<std::string> scalable = { "Deployment", "ReplicaSet", "StatefulSet",
                                                       "ReplicationController" };
    std::vector<ApiResource> out;
    for (const auto &info : model::allKinds()) {
        ApiResource r;
        r.info = &info;
        r.group = info.group;
        r.version = info.version;
        r.resource = info.resource;
        r.kind = info.kind;
        r.namespaced = info.namespaced;
        if (auto it = shortNames.find(info.kind); it != shortNames.end())
            r.shortNames = it->second;
        r.inAll = std::count(inAll.begin(), inAll.end(), info.kind) > 0;
        r.scale = std::count(scalable.begin(), scalable.end(), info.kind) > 0;
        r.status = info.simulated && r.kind != "Endpoints" && r.kind != "EndpointSlice"
                && r.kind != "Event";
        out.push_back(std::move(r));
    }
    // events.k8s.io/v1 serves the same Events in their newer shape.
    if (const model::KindInfo *event = model::kindInfo("Event")) {
        ApiResource r;
        r.info = event;
        r.group = "events.k8s.io";
        r.version = "v1";
        r.resource = "events";
        r.kind = "Event";
        out.push_back(std::move(r));
    }
    // The reviews kubectl's `auth can-i` and `auth whoami` create (kubectl 1.27 asks
    // authentication.k8s.io/v1beta1, newer ones v1 first).
    const struct
    {
        const char *group, *version, *resource, *kind;
    } reviews[] = {
        { "authorization.k8s.io", "v1", "selfsubjectaccessreviews", "SelfSubjectAccessReview" },
        { "authorization.k8s.io", "v1", "selfsubjectrulesreviews", "SelfSubjectRulesReview" },
        { "authentication.k8s.io", "v1", "selfsubjectreviews", "SelfSubjectReview" },
        { "authentication.k8s.io", "v1beta1", "selfsubjectreviews", "SelfSubjectReview" },
    };
    for (const auto &review : reviews) {
        ApiResource r;
        r.group = review.group;
        r.version = review.version;
        r.resource = review.resource;
        r.kind = review.kind;
        r.namespaced = false;
        r.createOnly = true;
        out.push_back(std::move(r));
    }
    auto rank = [](const ApiResource &r) {
        return r.group.empty() ? std::string() : "~" + r.group;
    };
    std::stable_sort(out.begin(), out.end(), [&](const ApiResource &a, const ApiResource &b) {
        return std::make_pair(rank(a), a.resource) < std::make_pair(rank(b), b.resource);
    });
    return out;
}

json::array strings(const std::vector<std::string> &values)
{
    json::array out;
    for (const auto &v : values)
        out.emplace_back(v);
    return out;
}

json::object groupVersionKind(const std::string &group, const std::string &version,
                              const std::string &kind)
{
    return { { "group", group }, { "version", version }, { "kind", kind } };
}

json::object aggregatedResource(const ApiResource &r)
{
    json::object out;
    out["resource"] = r.resource;
    out["responseKind"] = groupVersionKind(r.group, r.version, r.kind);
    out["scope"] = r.namespaced ? "Namespaced" : "Cluster";
    out["singularResource"] = r.singular();
    out["verbs"] = strings(r.createOnly ? std::vector<std::string>{ "create" } : kVerbs);
    if (!r.shortNames.empty())
        out["shortNames"] = strings(r.shortNames);
    if (r.inAll)
        out["categories"] = strings({ "all" });
    json::array subresources;
    if (r.scale)
        subresources.push_back({ { "subresource", "scale" },
                                 { "responseKind", groupVersionKind("autoscaling", "v1", "Scale") },
                                 { "verbs", strings({ "get", "patch", "update" }) } });
    if (r.status)
        subresources.push_back({ { "subresource", "status" },
                                 { "responseKind", groupVersionKind(r.group, r.version, r.kind) },
                                 { "verbs", strings({ "get" }) } });
    if (!subresources.empty())
        out["subresources"] = std::move(subresources);
    return out;
}

json::object legacyResource(const ApiResource &r)
{
    json::object out;
    out["name"] = r.resource;
    out["singularName"] = r.singular();
    out["namespaced"] = r.namespaced;
    out["kind"] = r.kind;
    out["verbs"] = strings(r.createOnly ? std::vector<std::string>{ "create" } : kVerbs);
    if (!r.shortNames.empty())
        out["shortNames"] = strings(r.shortNames);
    if (r.inAll)
        out["categories"] = strings({ "all" });
    return out;
}

} // namespace

std::string ApiResource::singular() const
{
    std::string out = kind;
    for (char &c : out)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

const std::vector<ApiResource> &apiResources()
{
    static const std::vector<ApiResource> resources = buildResources();
    return resources;
}

const ApiResource *findResource(const std::string &group, const std::string &version,
                                const std::string &resource)
{
    for (const auto &r : apiResources())
        if (r.group == group && r.version == version && r.resource == resource)
            return &r;
    return nullptr;
}

const ApiResource *resourceForKind(const std::string &kind)
{
    for (const auto &r : apiResources())
        if (r.kind == kind && r.info && r.group == r.info->group)
            return &r;
    return nullptr;
}

std::vector<std::string> groupVersions()
{
    std::vector<std::string> out;
    for (const auto &r : apiResources())
        if (std::find(out.begin(), out.end(), r.groupVersion()) == out.end())
            out.push_back(r.groupVersion());
    return out;
}

DiscoveryFormat negotiateDiscovery(const std::string &accept)
{
    std::size_t start = 0;
    while (start <= accept.size()) {
        auto end = accept.find(',', start);
        if (end == std::string::npos)
            end = accept.size();
        const std::string item = accept.substr(start, end - start);
        if (item.find("as=APIGroupDiscoveryList") != std::string::npos
            && item.find("g=apidiscovery.k8s.io") != std::string::npos) {
            if (item.find("v=v2beta1") != std::string::npos)
                return DiscoveryFormat::AggregatedV2Beta1;
            if (item.find("v=v2") != std::string::npos)
                return DiscoveryFormat::AggregatedV2;
        }
        start = end + 1;
    }
    return DiscoveryFormat::Legacy;
}

std::string aggregatedContentType(DiscoveryFormat format)
{
    return std::string("application/json;g=apidiscovery.k8s.io;v=")
            + (format == DiscoveryFormat::AggregatedV2Beta1 ? "v2beta1" : "v2")
            + ";as=APIGroupDiscoveryList";
}

json::object aggregatedDiscovery(bool core, DiscoveryFormat format)
{
    json::array items;
    std::vector<std::string> groups;
    for (const auto &gv : groupVersions()) {
        const auto slash = gv.find('/');
        const std::string group = slash == std::string::npos ? "" : gv.substr(0, slash);
        if ((slash == std::string::npos) != core
            || std::find(groups.begin(), groups.end(), group) != groups.end())
            continue;
        groups.push_back(group);
        json::array versions;
        for (const auto &other : groupVersions()) {
            if (other != gv && !other.starts_with(group + "/"))
                continue;
            json::array resources;
            std::string version;
            for (const auto &r : apiResources()) {
                if (r.groupVersion() != other)
                    continue;
                version = r.version;
                resources.push_back(aggregatedResource(r));
            }
            versions.push_back(json::object{ { "version", version },
                                             { "resources", std::move(resources) },
                                             { "freshness", "Current" } });
        }
        json::object item;
        item["metadata"] = json::object{ { "name", group }, { "creationTimestamp", nullptr } };
        item["versions"] = std::move(versions);
        items.push_back(std::move(item));
    }
    json::object out;
    out["kind"] = "APIGroupDiscoveryList";
    out["apiVersion"] = format == DiscoveryFormat::AggregatedV2Beta1 ? "apidiscovery.k8s.io/v2beta1"
                                                                     : "apidiscovery.k8s.io/v2";
    out["metadata"] = json::object();
    out["items"] = std::move(items);
    return out;
}

json::object legacyApiVersions(const std::string &serverAddress)
{
    return { { "kind", "APIVersions" },
             { "versions", strings({ "v1" }) },
             { "serverAddressByClientCIDRs",
               json::array{ json::object{ { "clientCIDR", "0.0.0.0/0" },
                                          { "serverAddress", serverAddress } } } } };
}

json::object legacyApiGroup(const std::string &group)
{
    json::array versions;
    for (const auto &gv : groupVersions())
        if (gv.starts_with(group + "/"))
            versions.push_back(json::object{ { "groupVersion", gv },
                                             { "version", gv.substr(group.size() + 1) } });
    if (versions.empty())
        return {};
    json::value preferred = versions.front();
    return { { "kind", "APIGroup" },
             { "apiVersion", "v1" },
             { "name", group },
             { "versions", std::move(versions) },
             { "preferredVersion", std::move(preferred) } };
}

json::object legacyApiGroupList()
{
    json::array groups;
    std::vector<std::string> seen;
    for (const auto &gv : groupVersions()) {
        const auto slash = gv.find('/');
        if (slash == std::string::npos
            || std::find(seen.begin(), seen.end(), gv.substr(0, slash)) != seen.end())
            continue;
        seen.push_back(gv.substr(0, slash));
        json::object group = legacyApiGroup(gv.substr(0, slash));
        group.erase("kind");
        group.erase("apiVersion");
        groups.push_back(std::move(group));
    }
    return { { "kind", "APIGroupList" }, { "apiVersion", "v1" }, { "groups", std::move(groups) } };
}

json::object legacyResourceList(const std::string &groupVersion)
{
    json::array resources;
    for (const auto &r : apiResources()) {
        if (r.groupVersion() != groupVersion)
            continue;
        resources.push_back(legacyResource(r));
        if (r.scale)
            resources.push_back({ { "name", r.resource + "/scale" },
                                  { "singularName", "" },
                                  { "namespaced", r.namespaced },
                                  { "group", "autoscaling" },
                                  { "version", "v1" },
                                  { "kind", "Scale" },
                                  { "verbs", strings({ "get", "patch", "update" }) } });
        if (r.status)
            resources.push_back({ { "name", r.resource + "/status" },
                                  { "singularName", "" },
                                  { "namespaced", r.namespaced },
                                  { "kind", r.kind },
                                  { "verbs", strings({ "get" }) } });
    }
    if (resources.empty())
        return {};
    return { { "kind", "APIResourceList" },
             { "apiVersion", "v1" },
             { "groupVersion", groupVersion },
             { "resources", std::move(resources) } };
}

json::object versionInfo()
{
    return { { "major", "1" },
             { "minor", kMinorVersion },
             { "gitVersion", kGitVersion },
             { "gitCommit", "clusterlab" },
             { "gitTreeState", "clean" },
             { "buildDate", "2025-01-01T00:00:00Z" },
             { "goVersion", "go1.22.12" },
             { "compiler", "gc" },
             { "platform", "linux/amd64" } };
}

} // namespace clusterlab::api
