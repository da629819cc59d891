#pragma once

#include "cluster/store.h"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <type_traits>

namespace clusterlab::cluster {

class DueQueue;

/// EventRecorder writes core/v1 Events about objects, as the components of a cluster do
/// (reason and message in Kubernetes' words). It keeps at most `capacity` Events, dropping
/// the oldest, so a long lesson does not grow without bound. Events are not recorded in a
/// namespace that is missing or terminating, as the API server refuses them there.
/// Thread: engine strand only.
class EventRecorder
{
public:
    static constexpr std::size_t kDefaultCapacity = 1000;

    EventRecorder(Store &store, const DueQueue &clock, std::size_t capacity = kDefaultCapacity);

    /// record adds one Event about the object of kind with meta. component is the source
    /// ("kubelet", "default-scheduler", "replicaset-controller"); host the node for kubelet events.
    void record(const std::string &kind, const model::ObjectMeta &meta, const std::string &type,
                const std::string &reason, const std::string &message, const std::string &component,
                const std::string &host = {});

    void record(const model::Object &involved, const std::string &type, const std::string &reason,
                const std::string &message, const std::string &component,
                const std::string &host = {})
    {
        record(model::kindOf(involved), model::meta(involved), type, reason, message, component,
               host);
    }

    /// normal records a Normal event about a typed object (Pod, ReplicaSet, ...).
    template <class T>
    void normal(const T &involved, const std::string &reason, const std::string &message,
                const std::string &component, const std::string &host = {})
    {
        if constexpr (std::is_same_v<T, model::Object>)
            record(involved, "Normal", reason, message, component, host);
        else
            record(T::kKind, involved.metadata, "Normal", reason, message, component, host);
    }

private:
    Store &m_store;
    const DueQueue &m_clock;
    std::size_t m_capacity;
    std::uint64_t m_sequence = 0;
    std::deque<ObjectKey> m_recorded;
};

} // namespace clusterlab::cluster
