#pragma once

#include "model/object_meta.h"

#include <optional>
#include <string>
#include <vector>

namespace clusterlab::model {

struct ServicePort
{
    std::string name;
    std::string protocol = "TCP";
    std::string appProtocol;
    std::int64_t port = 0;
    IntOrString targetPort;
    std::int64_t nodePort = 0;

    bool operator==(const ServicePort &) const = default;
};

struct ServiceSpec
{
    std::string type = "ClusterIP";
    std::optional<Labels> selector; ///< absent: endpoints are managed by hand.
    std::vector<ServicePort> ports;
    std::string clusterIP;
    std::vector<std::string> clusterIPs;
    std::string externalName;
    std::vector<std::string> externalIPs;
    std::string sessionAffinity = "None";
    std::optional<std::int64_t> sessionAffinityTimeoutSeconds;
    bool publishNotReadyAddresses = false;

    bool operator==(const ServiceSpec &) const = default;
};

/// Service mirrors core/v1 Service.
struct Service
{
    static constexpr const char *kKind = "Service";
    ObjectMeta metadata;
    ServiceSpec spec;
    Raw raw;

    bool operator==(const Service &) const = default;
};

inline bool isHeadless(const Service &s)
{
    return s.spec.clusterIP == "None";
}

} // namespace clusterlab::model
