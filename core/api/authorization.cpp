#include "api/authorization.h"

#include <algorithm>

namespace clusterlab::api {

namespace {

constexpr const char *kMasters = "system:masters";
constexpr const char *kAuthenticated = "system:authenticated";
constexpr const char *kUnauthenticated = "system:unauthenticated";
constexpr const char *kAnonymous = "system:anonymous";
constexpr const char *kServiceAccountPrefix = "system:serviceaccount:";

/// Binding is a bootstrap ClusterRoleBinding and the rules of the ClusterRole of its name
/// (plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go).
struct Binding
{
    const char *name;
    std::vector<std::string> groups;
    std::vector<PolicyRule> rules;
};

const std::vector<Binding> &bootstrapBindings()
{
    static const std::vector<std::string> healthAndVersion = { "/livez", "/readyz", "/healthz",
                                                               "/version", "/version/" };
    static const std::vector<Binding> bindings = {
        { "cluster-admin",
          { kMasters },
          { { { "*" }, { "*" }, { "*" }, {} }, { { "*" }, {}, {}, { "*" } } } },
        { "system:basic-user",
          { kAuthenticated },
          { { { "create" }, { "authentication.k8s.io" }, { "selfsubjectreviews" }, {} },
            { { "create" },
              { "authorization.k8s.io" },
              { "selfsubjectaccessreviews", "selfsubjectrulesreviews" },
              {} } } },
        { "system:discovery",
          { kAuthenticated },
          { { { "get" },
              {},
              {},
              { "/livez", "/readyz", "/healthz", "/version", "/version/", "/openapi", "/openapi/*",
                "/api", "/api/*", "/apis", "/apis/*" } } } },
        { "system:public-info-viewer",
          { kAuthenticated, kUnauthenticated },
          { { { "get" }, {}, {}, healthAndVersion } } },
    };
    return bindings;
}

bool has(const std::vector<std::string> &values, const std::string &value)
{
    return std::find(values.begin(), values.end(), value) != values.end();
}

bool matchesAny(const std::vector<std::string> &values, const std::string &value)
{
    return has(values, "*") || has(values, value);
}

/// allows is RBAC's RuleAllows: verb, group, resource (or "*/<subresource>") and, for
/// non-resource requests, the path ("/apis/*" matches what starts with "/apis/").
bool allows(const PolicyRule &rule, const Attributes &a)
{
    if (!matchesAny(rule.verbs, a.verb))
        return false;
    if (!a.resourceRequest) {
        for (const auto &url : rule.nonResourceURLs)
            if (url == "*" || url == a.path
                || (url.ends_with('*') && a.path.starts_with(url.substr(0, url.size() - 1))))
                return true;
        return false;
    }
    if (!matchesAny(rule.apiGroups, a.group))
        return false;
    const std::string combined =
            a.subresource.empty() ? a.resource : a.resource + "/" + a.subresource;
    return matchesAny(rule.resources, combined)
            || (!a.subresource.empty() && has(rule.resources, "*/" + a.subresource));
}

} // namespace

UserInfo adminUser()
{
    return { kAdminUser, { kMasters, kAuthenticated }, {} };
}

Impersonation impersonate(const std::string &user, const std::vector<std::string> &groups,
                          const std::string &uid)
{
    Impersonation out;
    if (user.empty()) {
        if (!groups.empty() || !uid.empty())
            out.error = "requested groups or a uid without impersonating a user";
        return out;
    }
    out.user.username = user;
    out.user.groups = groups;
    out.user.uid = uid;
    if (groups.empty() && user.starts_with(kServiceAccountPrefix)) {
        const std::string rest = user.substr(std::string(kServiceAccountPrefix).size());
        out.user.groups = { "system:serviceaccounts",
                            "system:serviceaccounts:" + rest.substr(0, rest.find(':')) };
    }
    const char *everyone = user == kAnonymous ? kUnauthenticated : kAuthenticated;
    if (!has(out.user.groups, everyone))
        out.user.groups.emplace_back(everyone);
    return out;
}

Decision authorize(const UserInfo &user, const Attributes &attributes)
{
    if (has(user.groups, kMasters))
        return { true, "" }; // the privileged-group authorizer answers before RBAC
    for (const auto &binding : bootstrapBindings())
        for (const auto &group : binding.groups)
            if (has(user.groups, group))
                for (const auto &rule : binding.rules)
                    if (allows(rule, attributes))
                        return { true,
                                 std::string("RBAC: allowed by ClusterRoleBinding \"")
                                         + binding.name + "\" of ClusterRole \"" + binding.name
                                         + "\" to Group \"" + group + "\"" };
    return {};
}

std::vector<PolicyRule> rulesFor(const UserInfo &user)
{
    std::vector<PolicyRule> out;
    for (const auto &binding : bootstrapBindings()) {
        const bool bound = std::any_of(binding.groups.begin(), binding.groups.end(),
                                       [&](const std::string &g) {
                                           return has(user.groups, g);
                                       });
        if (bound)
            out.insert(out.end(), binding.rules.begin(), binding.rules.end());
    }
    return out;
}

} // namespace clusterlab::api
