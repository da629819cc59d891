#pragma once

#include "model/object_meta.h"

#include <optional>
#include <string>
#include <vector>

namespace clusterlab::model {

struct ContainerPort
{
    std::string name;
    std::int64_t containerPort = 0;
    std::int64_t hostPort = 0;
    std::string protocol = "TCP";

    bool operator==(const ContainerPort &) const = default;
};

struct EnvVar
{
    std::string name;
    std::string value;
    bool fromSource = false; ///< valueFrom: a Secret, ConfigMap or field reference.

    bool operator==(const EnvVar &) const = default;
};

struct Probe
{
    std::int64_t initialDelaySeconds = 0;
    std::int64_t periodSeconds = 10;

    bool operator==(const Probe &) const = default;
};

struct Container
{
    std::string name;
    std::string image;
    std::string imagePullPolicy;
    std::vector<ContainerPort> ports;
    std::vector<EnvVar> env;
    std::optional<Probe> readinessProbe;
    std::string restartPolicy; ///< "Always" marks a sidecar init container.

    bool operator==(const Container &) const = default;
};

struct PodSpec
{
    std::vector<Container> initContainers;
    std::vector<Container> containers;
    std::string nodeName;
    std::string hostname;
    std::string subdomain;
    std::string restartPolicy = "Always";
    std::int64_t terminationGracePeriodSeconds = 30;

    bool operator==(const PodSpec &) const = default;
};

/// PodCondition holds the Ready condition and the others kubectl describe shows.
struct PodCondition
{
    std::string type;
    bool status = false;
    Time lastTransitionTime{};

    bool operator==(const PodCondition &) const = default;
};

struct PodStatus
{
    std::string phase = "Pending"; ///< Pending, Running, Succeeded, Failed.
    std::string reason; ///< Shown instead of the phase: ContainerCreating, Terminating.
    std::string podIP;
    std::string hostIP;
    std::optional<Time> startTime;
    std::vector<PodCondition> conditions;
    int restartCount = 0;

    bool operator==(const PodStatus &) const = default;
};

struct PodTemplateSpec
{
    ObjectMeta metadata;
    PodSpec spec;
    Raw raw; ///< the template as written (metadata and spec), for round-tripping.

    bool operator==(const PodTemplateSpec &) const = default;
};

/// Pod mirrors core/v1 Pod.
struct Pod
{
    static constexpr const char *kKind = "Pod";
    ObjectMeta metadata;
    PodSpec spec;
    PodStatus status;
    Raw raw;

    bool operator==(const Pod &) const = default;
};

/// isPodReady says whether the Pod's Ready condition is true.
bool isPodReady(const Pod &pod);

/// isPodTerminating says whether the Pod has a deletionTimestamp.
inline bool isPodTerminating(const Pod &pod)
{
    return pod.metadata.deletionTimestamp.has_value();
}

/// podStatusText is what kubectl get pods prints in STATUS (Running, ContainerCreating, ...).
std::string podStatusText(const Pod &pod);

/// findPort resolves a Service targetPort against a Pod as pkg/api/v1/pod FindPort does:
/// a number is taken as it is; a name is looked up by name and protocol in the containers
/// (and sidecar init containers). Returns 0 when the Pod has no such port.
std::int64_t findPort(const Pod &pod, const IntOrString &targetPort, const std::string &protocol);

} // namespace clusterlab::model
