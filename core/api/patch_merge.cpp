#include "api/patch.h"

#include <boost/json/object.hpp>

namespace clusterlab::api {

namespace json = boost::json;

void applyMergePatch(json::value &target, const json::value &patch)
{
    if (!patch.is_object()) {
        target = patch;
        return;
    }
    if (!target.is_object())
        target = json::object();
    json::object &out = target.get_object();
    for (const auto &[key, value] : patch.get_object()) {
        if (value.is_null()) {
            out.erase(key);
            continue;
        }
        json::value &slot = out[key];
        if (value.is_object())
            applyMergePatch(slot, value);
        else
            slot = value;
    }
}

std::string mergeKeyOf(const std::string &kind, const std::vector<std::string> &path)
{
    if (path.empty())
        return {};
    const std::string &field = path.back();
    const std::string parent = path.size() >= 2 ? path[path.size() - 2] : std::string();
    if (field == "containers" || field == "initContainers" || field == "ephemeralContainers")
        return "name";
    if (field == "ports") {
        if (parent == "containers" || parent == "initContainers" || parent == "ephemeralContainers")
            return "containerPort";
        if (kind == "Service" && path.size() == 2 && parent == "spec")
            return "port";
        return {};
    }
    if (field == "env" || field == "volumes" || field == "imagePullSecrets"
        || field == "resourceClaims")
        return "name";
    if (field == "volumeMounts")
        return "mountPath";
    if (field == "volumeDevices")
        return "devicePath";
    if (field == "ownerReferences")
        return "uid";
    if (field == "conditions")
        return "type";
    if (field == "hostAliases")
        return "ip";
    if (field == "topologySpreadConstraints")
        return "topologyKey";
    if (field == "finalizers")
        return "$set";
    return {};
}

} // namespace clusterlab::api
