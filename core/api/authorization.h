#pragma once

// Who is asking and what they may do, for the review APIs kubectl's `auth can-i` and
// `auth whoami` call. ClusterLab serves no RBAC objects, so the policy is the one a fresh
// kube-apiserver bootstraps with: cluster-admin for system:masters, system:basic-user,
// system:discovery and system:public-info-viewer for everyone signed in. The kubeconfig's
// user is a cluster admin.

#include <string>
#include <vector>

namespace clusterlab::api {

/// UserInfo is user.Info: the name and groups the authenticator gave the request.
struct UserInfo
{
    std::string username;
    std::vector<std::string> groups;
    std::string uid;
};

/// kAdminUser is the user ClusterLab's kubeconfig token authenticates as.
inline constexpr const char *kAdminUser = "clusterlab";

/// adminUser is kAdminUser in system:masters and system:authenticated.
UserInfo adminUser();

/// impersonated is the user the Impersonate-User / Impersonate-Group / Impersonate-Uid
/// headers ask for, as the impersonation filter builds it: a service account's groups when
/// none are given, and system:authenticated added (system:unauthenticated for
/// system:anonymous). error is set when groups or a uid come without a user.
struct Impersonation
{
    UserInfo user;
    std::string error;
};
Impersonation impersonate(const std::string &user, const std::vector<std::string> &groups,
                          const std::string &uid);

/// Attributes are a SelfSubjectAccessReview's resourceAttributes or nonResourceAttributes.
struct Attributes
{
    bool resourceRequest = true;
    std::string verb;
    std::string group;
    std::string resource;
    std::string subresource;
    std::string name;
    std::string path; ///< non-resource requests
};

/// Decision is SubjectAccessReviewStatus: allowed and the authorizer's reason.
struct Decision
{
    bool allowed = false;
    std::string reason;
};

/// authorize decides as kube-apiserver's authorizer chain does: system:masters is allowed
/// with no reason; otherwise the first bootstrap ClusterRoleBinding whose role allows it, with
/// RBAC's reason (`RBAC: allowed by ClusterRoleBinding "x" of ClusterRole "x" to Group "g"`);
/// otherwise no opinion (not allowed, no reason).
Decision authorize(const UserInfo &user, const Attributes &attributes);

/// PolicyRule is one rule of a ClusterRole, resource or non-resource.
struct PolicyRule
{
    std::vector<std::string> verbs;
    std::vector<std::string> apiGroups;
    std::vector<std::string> resources;
    std::vector<std::string> nonResourceURLs;
};

/// rulesFor is RBAC's RulesFor: the rules of every bootstrap ClusterRoleBinding that names
/// one of the user's groups, in binding order.
std::vector<PolicyRule> rulesFor(const UserInfo &user);

} // namespace clusterlab::api
