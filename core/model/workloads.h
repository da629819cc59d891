#pragma once

#include "model/label_selector.h"
#include "model/pod.h"

#include <optional>

namespace clusterlab::model {

struct DeploymentStrategy
{
    std::string type = "RollingUpdate";
    IntOrString maxSurge = IntOrString::fromString("25%");
    IntOrString maxUnavailable = IntOrString::fromString("25%");

    bool operator==(const DeploymentStrategy &) const = default;
};

struct WorkloadStatus
{
    std::int64_t observedGeneration = 0;
    std::int64_t replicas = 0;
    std::int64_t updatedReplicas = 0;
    std::int64_t readyReplicas = 0;
    std::int64_t availableReplicas = 0;
    std::int64_t unavailableReplicas = 0;
    std::int64_t fullyLabeledReplicas = 0;
    std::int64_t currentReplicas = 0;

    bool operator==(const WorkloadStatus &) const = default;
};

/// Deployment mirrors apps/v1 Deployment.
struct Deployment
{
    static constexpr const char *kKind = "Deployment";
    ObjectMeta metadata;
    struct Spec
    {
        std::int64_t replicas = 1;
        std::optional<LabelSelector> selector;
        PodTemplateSpec template_;
        DeploymentStrategy strategy;
        std::int64_t minReadySeconds = 0;
        std::int64_t revisionHistoryLimit = 10;
        std::int64_t progressDeadlineSeconds = 600;
        bool paused = false;
        bool operator==(const Spec &) const = default;
    } spec;
    WorkloadStatus status;
    Raw raw;

    bool operator==(const Deployment &) const = default;
};

/// ReplicaSet mirrors apps/v1 ReplicaSet.
struct ReplicaSet
{
    static constexpr const char *kKind = "ReplicaSet";
    ObjectMeta metadata;
    struct Spec
    {
        std::int64_t replicas = 1;
        std::optional<LabelSelector> selector;
        PodTemplateSpec template_;
        std::int64_t minReadySeconds = 0;
        bool operator==(const Spec &) const = default;
    } spec;
    WorkloadStatus status;
    Raw raw;

    bool operator==(const ReplicaSet &) const = default;
};

/// StatefulSet mirrors apps/v1 StatefulSet (ordered Pods web-0, web-1, ...).
struct StatefulSet
{
    static constexpr const char *kKind = "StatefulSet";
    ObjectMeta metadata;
    struct Spec
    {
        std::int64_t replicas = 1;
        std::optional<LabelSelector> selector;
        PodTemplateSpec template_;
        std::string serviceName;
        std::string podManagementPolicy = "OrderedReady";
        bool operator==(const Spec &) const = default;
    } spec;
    WorkloadStatus status;
    Raw raw;

    bool operator==(const StatefulSet &) const = default;
};

/// ReplicationController mirrors core/v1 ReplicationController (a plain map selector).
struct ReplicationController
{
    static constexpr const char *kKind = "ReplicationController";
    ObjectMeta metadata;
    struct Spec
    {
        std::int64_t replicas = 1;
        Labels selector;
        PodTemplateSpec template_;
        std::int64_t minReadySeconds = 0;
        bool operator==(const Spec &) const = default;
    } spec;
    WorkloadStatus status;
    Raw raw;

    bool operator==(const ReplicationController &) const = default;
};

} // namespace clusterlab::model
