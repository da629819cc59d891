#pragma once

#include "logs/container_log.h"

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

namespace clusterlab::logs {

/// PodLogs is where every running container's log lives, by Pod uid and container name:
/// the data plane opens a Pod's logs when its containers start and removes them when the
/// Pod is gone (so a Pod recreated under the same name starts with an empty log); the API
/// server reads them for `kubectl logs`. Removing closes the logs, which ends their follow
/// streams. Thread: any; one mutex guards the map, each log has its own.
class PodLogs
{
public:
    explicit PodLogs(LogLimits limits = {}) : m_limits(limits) { }

    /// open returns the log of (uid, container), creating it; created says it is new (the
    /// container has just started and writes its start-up lines).
    std::shared_ptr<ContainerLog> open(const std::string &uid, const std::string &container,
                                       bool *created = nullptr);
    /// find returns the log of (uid, container), or null.
    std::shared_ptr<ContainerLog> find(const std::string &uid, const std::string &container) const;
    /// remove closes and forgets every log of the Pod uid.
    void remove(const std::string &uid);
    /// clear closes and forgets every log.
    void clear();
    /// podCount is the number of Pods with logs.
    std::size_t podCount() const;

private:
    const LogLimits m_limits;
    mutable std::mutex m_mutex; ///< guards m_logs
    std::map<std::pair<std::string, std::string>, std::shared_ptr<ContainerLog>> m_logs;
};

} // namespace clusterlab::logs
