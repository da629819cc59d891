#pragma once

#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <vector>

namespace clusterlab::api {

/// applyMergePatch applies an RFC 7386 JSON merge patch (null deletes, objects merge,
/// everything else replaces). Thread: any; pure function.
void applyMergePatch(boost::json::value &target, const boost::json::value &patch);

/// applyJsonPatch applies an RFC 6902 JSON patch (add, remove, replace, move, copy, test);
/// returns why it failed, leaving target unspecified. Thread: any; pure function.
std::optional<std::string> applyJsonPatch(boost::json::value &target,
                                          const boost::json::value &patch);

/// applyStrategicMergePatch applies a strategic merge patch to an object of kind, as the API
/// server does for kubectl apply and edit: lists with a merge key (containers by name, Service
/// ports by port, container ports by containerPort, env, volumes, ...) merge item by item;
/// `$patch: replace|delete|merge`, `$setElementOrder/<list>`, `$retainKeys` and
/// `$deleteFromPrimitiveList/<list>` are honoured; null deletes; anything else replaces.
/// Returns why it failed. Thread: any; pure function.
std::optional<std::string> applyStrategicMergePatch(boost::json::object &target,
                                                    const boost::json::object &patch,
                                                    const std::string &kind);

/// mergeKeyOf returns the merge key of the list field at path (map keys from the root, the
/// list's own name last) in an object of kind: "name", "port", "containerPort", ...; empty
/// for atomic lists. Primitive lists merged as sets ("finalizers") give "$set".
std::string mergeKeyOf(const std::string &kind, const std::vector<std::string> &path);

} // namespace clusterlab::api
