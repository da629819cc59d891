#pragma once

#include "logs/container_log.h"
#include "logs/image_logs.h"
#include "net/call.h"
#include "net/redis_store.h"
#include "net/session_tracker.h"
#include "net/workload.h"

#include <boost/asio/io_context.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace clusterlab::net {

/// kSessionWriteTimeout bounds each write of a Pod's answer, in every protocol it speaks.
inline constexpr std::chrono::seconds kSessionWriteTimeout{ 10 };

/// Resolver maps a call's host and port (a Service name and port) to where to connect:
/// the Service's ClusterIP and port. nullopt when there is no such Service.
/// Thread: called on the network threads, concurrently.
using Resolver = std::function<std::optional<tcp::endpoint>(const std::string &host, int port)>;

/// ContainerOutput is where one container's sessions write their log lines (its standard
/// output, as `kubectl logs` shows it) and the format its image writes them in. Without a
/// log, write() does nothing. Thread: any (the log is thread-safe).
struct ContainerOutput
{
    std::shared_ptr<logs::ContainerLog> log;
    logs::LogStyle style = logs::LogStyle::Generic;
    /// bootcampVersion (set for the basics tutorial's image): its server.js answers and logs.
    std::optional<int> bootcampVersion;
    logs::Clock::time_point started; ///< when the container started

    void write(std::string_view line) const
    {
        if (log)
            log->append(line);
    }
};

/// ContainerOutputs maps container names to their outputs.
using ContainerOutputs = std::map<std::string, ContainerOutput>;

/// PodContext is what all of one Pod's sessions share. Sessions hold it by shared_ptr, so
/// it outlives the PodServer while connections finish.
/// Thread: any; the calls list is guarded by a mutex, the counters are atomic.
class PodContext
{
public:
    PodContext(asio::io_context &context, PodIdentity pod, std::vector<Call> calls,
               Resolver resolve, ContainerOutputs containerOutputs = {})
        : ioc(context),
          identity(pod),
          resolver(std::move(resolve)),
          outputs(std::move(containerOutputs)),
          redis(std::move(pod)),
          m_calls(std::move(calls))
    {
    }

    /// outputFor is the output of the named container (none: an output that writes nothing).
    ContainerOutput outputFor(const std::string &container) const
    {
        const auto it = outputs.find(container);
        return it == outputs.end() ? ContainerOutput{} : it->second;
    }

    std::vector<Call> calls() const
    {
        std::lock_guard lock(m_mutex);
        return m_calls;
    }

    void setCalls(std::vector<Call> calls)
    {
        std::lock_guard lock(m_mutex);
        m_calls = std::move(calls);
    }

    asio::io_context &ioc;
    const PodIdentity identity;
    const Resolver resolver;
    const ContainerOutputs outputs;
    RedisStore redis;
    SessionTracker sessions;
    std::atomic<std::uint64_t> requests{ 0 };
    std::atomic<std::uint32_t> nextConnectionId{ 1 };

private:
    mutable std::mutex m_mutex; ///< guards m_calls.
    std::vector<Call> m_calls;
};

} // namespace clusterlab::net
