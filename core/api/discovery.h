#pragma once

#include "model/object.h"
#include "model/printers.h"

#include <boost/json/object.hpp>

#include <string>
#include <vector>

namespace clusterlab::api {

/// kGitVersion is the Kubernetes version ClusterLab's API server claims. The gcloud kubectl
/// dispatcher (/usr/bin/kubectl) runs `kubectl.1.<minor>` when it exists, and 1.31 is the
/// newest client whose imperative generators (`create deployment|service|namespace`) still
/// send JSON rather than protobuf.
inline constexpr const char *kGitVersion = model::kServerVersion;
inline constexpr const char *kMinorVersion = "31";

/// ApiResource is one resource as discovery lists it: the stored kind behind it, its group
/// version, plural and short names, whether `kubectl get all` includes it, and subresources.
struct ApiResource
{
    const model::KindInfo *info = nullptr; ///< the kind the store keeps
    std::string group;
    std::string version;
    std::string resource; ///< plural: "services"
    std::string kind; ///< "Service"
    bool namespaced = true;
    std::vector<std::string> shortNames;
    bool inAll = false; ///< category "all"
    bool scale = false; ///< has the autoscaling/v1 scale subresource
    bool status = false; ///< has a status subresource
    /// createOnly marks the review resources (SelfSubjectAccessReview, ...): POST answers
    /// at once and stores nothing, every other verb is not allowed (info is null).
    bool createOnly = false;

    std::string groupVersion() const { return group.empty() ? version : group + "/" + version; }
    /// singular is what `kubectl api-resources` derives from the kind: "service".
    std::string singular() const;
};

/// apiResources lists every resource served, grouped by group version, each group's
/// resources in name order as a real API server lists them; a group's preferred version
/// comes first.
const std::vector<ApiResource> &apiResources();

/// findResource returns the resource served at group/version/plural, or nullptr.
const ApiResource *findResource(const std::string &group, const std::string &version,
                                const std::string &resource);

/// resourceForKind returns the resource that stores kind in its own group (not events.k8s.io).
const ApiResource *resourceForKind(const std::string &kind);

/// groupVersions lists "v1", "apps/v1", ... in discovery order ("v1" first).
std::vector<std::string> groupVersions();

/// DiscoveryFormat is what a client asked for on /api and /apis.
enum class DiscoveryFormat { Legacy, AggregatedV2, AggregatedV2Beta1 };

/// negotiateDiscovery picks the first aggregated format in Accept, or legacy.
DiscoveryFormat negotiateDiscovery(const std::string &accept);

/// aggregatedContentType is the exact Content-Type kubectl needs for the aggregated answer.
std::string aggregatedContentType(DiscoveryFormat format);

/// aggregatedDiscovery is the APIGroupDiscoveryList of /api (core) or /apis (named groups).
boost::json::object aggregatedDiscovery(bool core, DiscoveryFormat format);

/// legacyApiVersions is /api's APIVersions; legacyApiGroupList is /apis's APIGroupList.
boost::json::object legacyApiVersions(const std::string &serverAddress);
boost::json::object legacyApiGroupList();
/// legacyApiGroup is /apis/<group>; empty when the group is not served.
boost::json::object legacyApiGroup(const std::string &group);
/// legacyResourceList is /api/v1 or /apis/<g>/<v>; empty when not served.
boost::json::object legacyResourceList(const std::string &groupVersion);

/// versionInfo is /version.
boost::json::object versionInfo();

} // namespace clusterlab::api
