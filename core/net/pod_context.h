#pragma once

#include "net/call.h"
#include "net/redis_store.h"
#include "net/session_tracker.h"
#include "net/workload.h"

#include <boost/asio/io_context.hpp>

#include <atomic>
#include <chrono>
#include <functional>
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

/// PodContext is what all of one Pod's sessions share. Sessions hold it by shared_ptr, so
/// it outlives the PodServer while connections finish.
/// Thread: any; the calls list is guarded by a mutex, the counters are atomic.
class PodContext
{
public:
    PodContext(asio::io_context &context, PodIdentity pod, std::vector<Call> calls,
               Resolver resolve)
        : ioc(context),
          identity(pod),
          resolver(std::move(resolve)),
          redis(std::move(pod)),
          m_calls(std::move(calls))
    {
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
    RedisStore redis;
    SessionTracker sessions;
    std::atomic<std::uint64_t> requests{ 0 };
    std::atomic<std::uint32_t> nextConnectionId{ 1 };

private:
    mutable std::mutex m_mutex; ///< guards m_calls.
    std::vector<Call> m_calls;
};

} // namespace clusterlab::net
