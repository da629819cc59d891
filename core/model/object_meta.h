#pragma once

#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace clusterlab::model {

using Labels = std::map<std::string, std::string>;
using Time = std::chrono::system_clock::time_point;

/// OwnerReference points at the object that owns this one (garbage collection, controllers).
struct OwnerReference
{
    std::string apiVersion;
    std::string kind;
    std::string name;
    std::string uid;
    bool controller = false;
    bool blockOwnerDeletion = false;

    bool operator==(const OwnerReference &) const = default;
};

/// ObjectMeta mirrors metav1.ObjectMeta for the fields ClusterLab acts on.
struct ObjectMeta
{
    std::string name;
    std::string generateName;
    std::string namespace_;
    std::string uid;
    std::uint64_t resourceVersion = 0;
    std::int64_t generation = 0;
    Time creationTimestamp{};
    std::optional<Time> deletionTimestamp;
    std::optional<std::int64_t> deletionGracePeriodSeconds;
    Labels labels;
    Labels annotations;
    std::vector<OwnerReference> ownerReferences;

    bool operator==(const ObjectMeta &) const = default;
};

/// controllerOf returns the owner reference with controller=true, if any.
const OwnerReference *controllerOf(const ObjectMeta &meta);

/// IntOrString mirrors intstr.IntOrString (targetPort, maxSurge, maxUnavailable).
struct IntOrString
{
    bool isString = false;
    std::int64_t intVal = 0;
    std::string strVal;

    static IntOrString fromInt(std::int64_t v) { return { false, v, {} }; }
    static IntOrString fromString(std::string s) { return { true, 0, std::move(s) }; }
    bool isZero() const { return !isString ? intVal == 0 : strVal.empty(); }
    std::string toString() const { return isString ? strVal : std::to_string(intVal); }
    bool operator==(const IntOrString &) const = default;
};

/// Raw keeps the document exactly as written, so fields ClusterLab does not model round-trip.
using Raw = boost::json::object;

} // namespace clusterlab::model
