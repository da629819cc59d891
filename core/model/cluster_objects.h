#pragma once

#include "model/endpoints.h"
#include "model/object_meta.h"

#include <string>

namespace clusterlab::model {

/// Namespace mirrors core/v1 Namespace.
struct Namespace
{
    static constexpr const char *kKind = "Namespace";
    ObjectMeta metadata;
    std::string phase = "Active";
    Raw raw;

    bool operator==(const Namespace &) const = default;
};

/// Node is one simulated machine; its Pods get IPs from podCIDR (127.244.N.0/24).
struct Node
{
    static constexpr const char *kKind = "Node";
    ObjectMeta metadata;
    std::string podCIDR;
    std::string internalIP;
    bool ready = true;
    bool unschedulable = false;
    Raw raw;

    bool operator==(const Node &) const = default;
};

/// Event mirrors core/v1 Event as kubectl get events shows it.
struct Event
{
    static constexpr const char *kKind = "Event";
    ObjectMeta metadata;
    ObjectReference involvedObject;
    std::string reason;
    std::string message;
    std::string type = "Normal";
    std::string sourceComponent;
    std::string sourceHost;
    std::int64_t count = 1;
    Time firstTimestamp{};
    Time lastTimestamp{};
    Raw raw;

    bool operator==(const Event &) const = default;
};

/// StoredObject holds kinds that are only stored and listed (ConfigMap, Secret, ServiceAccount).
struct StoredObject
{
    std::string apiVersion;
    std::string kind;
    ObjectMeta metadata;
    Raw raw;

    bool operator==(const StoredObject &) const = default;
};

} // namespace clusterlab::model
