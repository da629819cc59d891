// The review resources kubectl's `auth can-i` and `auth whoami` create: the answer comes back
// at once, in the object, and nothing is stored (pkg/registry/authorization/
// selfsubjectaccessreview, selfsubjectrulesreview, and authentication/selfsubjectreview).
#include "api/authorization.h"
#include "api/routes_internal.h"
#include "manifest/diagnostic.h"

#include <boost/json/array.hpp>

namespace clusterlab::api::detail {

namespace json = boost::json;

namespace {

const json::object *objectAt(const json::object &o, const char *key)
{
    const auto *v = o.if_contains(key);
    return v && v->is_object() ? &v->get_object() : nullptr;
}

std::string textAt(const json::object *o, const char *key)
{
    const auto *v = o ? o->if_contains(key) : nullptr;
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

json::array strings(const std::vector<std::string> &values)
{
    json::array out;
    for (const auto &v : values)
        out.emplace_back(v);
    return out;
}

/// copyStrings copies the keys that are set, in the order given, as the API server's
/// encoding leaves empty strings out.
json::object copyStrings(const json::object &from, std::initializer_list<const char *> keys)
{
    json::object out;
    for (const char *key : keys)
        if (std::string value = textAt(&from, key); !value.empty())
            out[key] = value;
    return out;
}

/// requestUser is the kubeconfig's admin, or whom the Impersonate-* headers name.
std::variant<UserInfo, StatusError> requestUser(const Request &request)
{
    const auto header = [&](const char *name) {
        return std::string(request[name]);
    };
    std::vector<std::string> groups;
    for (auto [it, end] = request.equal_range("Impersonate-Group"); it != end; ++it)
        groups.emplace_back(it->value());
    const std::string user = header("Impersonate-User");
    if (user.empty() && groups.empty() && header("Impersonate-Uid").empty())
        return adminUser();
    Impersonation who = impersonate(user, groups, header("Impersonate-Uid"));
    if (!who.error.empty())
        return internalError(who.error);
    return who.user;
}

json::object reviewShell(const ApiResource &resource)
{
    return { { "kind", resource.kind },
             { "apiVersion", resource.groupVersion() },
             { "metadata", json::object{ { "creationTimestamp", nullptr } } } };
}

std::variant<json::object, StatusError>
accessReview(const ApiResource &resource, const json::object &document, const UserInfo &user)
{
    const json::object *spec = objectAt(document, "spec");
    const json::object *resourceAttributes = spec ? objectAt(*spec, "resourceAttributes") : nullptr;
    const json::object *nonResource = spec ? objectAt(*spec, "nonResourceAttributes") : nullptr;
    // ValidateSelfSubjectAccessReviewSpec
    std::vector<manifest::FieldError> errors;
    if (resourceAttributes && nonResource)
        errors.push_back({ "spec.nonResourceAttributes", "FieldValueInvalid",
                           "Invalid value: authorization.NonResourceAttributes{Path:\""
                                   + textAt(nonResource, "path") + "\", Verb:\""
                                   + textAt(nonResource, "verb")
                                   + "\"}: cannot be specified in combination with "
                                     "resourceAttributes" });
    if (!resourceAttributes && !nonResource)
        errors.push_back({ "spec.resourceAttributes", "FieldValueInvalid",
                           "Invalid value: \"null\": exactly one of nonResourceAttributes or "
                           "resourceAttributes must be specified" });
    if (!errors.empty()) {
        const std::string kind = resource.kind + "." + resource.group;
        return fromClusterError({ cluster::Error::Code::Invalid,
                                  manifest::invalidMessage(kind, "", errors), errors });
    }
    Attributes attributes;
    json::object echoed;
    if (resourceAttributes) {
        attributes.verb = textAt(resourceAttributes, "verb");
        attributes.group = textAt(resourceAttributes, "group");
        attributes.resource = textAt(resourceAttributes, "resource");
        attributes.subresource = textAt(resourceAttributes, "subresource");
        attributes.name = textAt(resourceAttributes, "name");
        echoed["resourceAttributes"] = copyStrings(
                *resourceAttributes,
                { "namespace", "verb", "group", "version", "resource", "subresource", "name" });
    } else {
        attributes.resourceRequest = false;
        attributes.verb = textAt(nonResource, "verb");
        attributes.path = textAt(nonResource, "path");
        echoed["nonResourceAttributes"] = copyStrings(*nonResource, { "path", "verb" });
    }
    const Decision decision = authorize(user, attributes);
    json::object status{ { "allowed", decision.allowed } };
    if (!decision.reason.empty())
        status["reason"] = decision.reason;
    json::object out = reviewShell(resource);
    out["spec"] = std::move(echoed);
    out["status"] = std::move(status);
    return out;
}

std::variant<json::object, StatusError>
rulesReview(const ApiResource &resource, const json::object &document, const UserInfo &user)
{
    const json::object *spec = objectAt(document, "spec");
    if (textAt(spec, "namespace").empty())
        return badRequest("no namespace on request");
    json::array resourceRules;
    json::array nonResourceRules;
    for (const PolicyRule &rule : rulesFor(user)) {
        if (rule.nonResourceURLs.empty())
            resourceRules.push_back({ { "verbs", strings(rule.verbs) },
                                      { "apiGroups", strings(rule.apiGroups) },
                                      { "resources", strings(rule.resources) } });
        else
            nonResourceRules.push_back({ { "verbs", strings(rule.verbs) },
                                         { "nonResourceURLs", strings(rule.nonResourceURLs) } });
    }
    json::object out = reviewShell(resource);
    out["spec"] = json::object();
    out["status"] = json::object{ { "resourceRules", std::move(resourceRules) },
                                  { "nonResourceRules", std::move(nonResourceRules) },
                                  { "incomplete", false } };
    return out;
}

json::object selfReview(const ApiResource &resource, const UserInfo &user)
{
    json::object info{ { "username", user.username } };
    if (!user.uid.empty())
        info["uid"] = user.uid;
    info["groups"] = strings(user.groups);
    json::object out = reviewShell(resource);
    out["status"] = json::object{ { "userInfo", std::move(info) } };
    return out;
}

} // namespace

ApiResponse handleReview(const RequestContext &ctx, const ResourcePath &path)
{
    const ApiResource &resource = *path.resource;
    if (ctx.request.method() != http::verb::post || !path.name.empty())
        return statusResponse(ctx, methodNotAllowed(std::string(ctx.request.method_string())));
    auto document = readDocument(ctx, path);
    if (auto *error = std::get_if<StatusError>(&document))
        return statusResponse(ctx, *error);
    const json::object &doc = std::get<json::object>(document);
    const std::string kind = textAt(&doc, "kind");
    const std::string apiVersion = textAt(&doc, "apiVersion");
    if (!apiVersion.empty() && apiVersion != resource.groupVersion())
        return statusResponse(ctx,
                              badRequest("the API version in the data (" + apiVersion
                                         + ") does not match the expected API version ("
                                         + resource.groupVersion() + ")"));
    if (!kind.empty() && kind != resource.kind)
        return statusResponse(ctx,
                              badRequest("the kind in the data (" + kind
                                         + ") does not match the expected kind (" + resource.kind
                                         + ")"));
    auto user = requestUser(ctx.request);
    if (auto *error = std::get_if<StatusError>(&user))
        return statusResponse(ctx, *error);
    const UserInfo &who = std::get<UserInfo>(user);
    std::variant<json::object, StatusError> answer = json::object();
    if (resource.kind == "SelfSubjectAccessReview")
        answer = accessReview(resource, doc, who);
    else if (resource.kind == "SelfSubjectRulesReview")
        answer = rulesReview(resource, doc, who);
    else
        answer = selfReview(resource, who);
    if (auto *error = std::get_if<StatusError>(&answer))
        return statusResponse(ctx, *error);
    return jsonResponse(ctx, http::status::created, std::get<json::object>(answer));
}

} // namespace clusterlab::api::detail
