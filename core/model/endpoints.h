#pragma once

#include "model/object_meta.h"

#include <optional>
#include <string>
#include <vector>

namespace clusterlab::model {

struct ObjectReference
{
    std::string kind;
    std::string namespace_;
    std::string name;
    std::string uid;
    std::string apiVersion;

    bool operator==(const ObjectReference &) const = default;
};

struct EndpointAddress
{
    std::string ip;
    std::string hostname;
    std::string nodeName;
    std::optional<ObjectReference> targetRef;

    bool operator==(const EndpointAddress &) const = default;
};

struct EndpointPort
{
    std::string name;
    std::int64_t port = 0;
    std::string protocol = "TCP";
    std::string appProtocol;

    bool operator==(const EndpointPort &) const = default;
};

struct EndpointSubset
{
    std::vector<EndpointAddress> addresses;
    std::vector<EndpointAddress> notReadyAddresses;
    std::vector<EndpointPort> ports;

    bool operator==(const EndpointSubset &) const = default;
};

/// Endpoints mirrors core/v1 Endpoints, generated for Services with a selector.
struct Endpoints
{
    static constexpr const char *kKind = "Endpoints";
    ObjectMeta metadata;
    std::vector<EndpointSubset> subsets;
    Raw raw;

    bool operator==(const Endpoints &) const = default;
};

struct EndpointConditions
{
    bool ready = false;
    bool serving = false;
    bool terminating = false;

    bool operator==(const EndpointConditions &) const = default;
};

struct Endpoint
{
    std::vector<std::string> addresses;
    EndpointConditions conditions;
    std::string hostname;
    std::string nodeName;
    std::optional<ObjectReference> targetRef;

    bool operator==(const Endpoint &) const = default;
};

/// EndpointSlice mirrors discovery.k8s.io/v1 EndpointSlice.
struct EndpointSlice
{
    static constexpr const char *kKind = "EndpointSlice";
    ObjectMeta metadata;
    std::string addressType = "IPv4";
    std::vector<Endpoint> endpoints;
    std::vector<EndpointPort> ports;
    Raw raw;

    bool operator==(const EndpointSlice &) const = default;
};

} // namespace clusterlab::model
