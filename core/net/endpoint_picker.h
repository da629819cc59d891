#pragma once

#include "net/service_forwarder.h"

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace clusterlab::net::detail {

/// EndpointStats is shared by the table and by connections, so a connection that outlives its
/// endpoint's removal still decrements the right counter.
struct EndpointStats
{
    std::atomic<int> active{ 0 };
};

/// Endpoint is one ready endpoint as the data path sees it.
struct Endpoint
{
    std::string ip;
    int port = 0;
    std::string podName;
    std::string key; // "ip:port"
    std::shared_ptr<EndpointStats> stats;
    std::uint32_t address = 0; ///< ip in network byte order, parsed once per table
};

/// EndpointTable is an immutable list of ready endpoints plus the rotation counter.
struct EndpointTable
{
    std::vector<Endpoint> ready;
    mutable std::atomic<std::uint64_t> next{ 0 };
};

/// EndpointPicker chooses the endpoint of each new connection of one Service port, with
/// ClientIP affinity like the userspace proxy's roundrobin.go.
/// Thread: setEndpoints/setAffinity from the control path (serialised by the caller); pick from
/// any network thread. The table is an atomic shared_ptr, so pick never waits for an update;
/// only affinity lookups take m_affinityMutex, which the control path holds briefly. The clock
/// is fixed at construction and read only while affinity is on.
class EndpointPicker
{
public:
    explicit EndpointPicker(std::uint64_t seed, AffinityClock clock = &steadyNow);

    /// setEndpoints installs the ready endpoints; the same set (in any order) keeps the current
    /// table and rotation, a new set is shuffled and restarts the rotation (roundrobin.go).
    void setEndpoints(const std::vector<ServiceEndpoint> &endpoints);
    void setAffinity(bool clientIP, int timeoutSeconds);
    bool hasReady() const;

    /// pick returns a ready endpoint not in `tried`, or nothing. `ignoreAffinity` is set after a
    /// failed connect so the client is re-pinned to the endpoint that works (tryConnect).
    /// A non-zero `onlyNode` (a node's Pod /24, host byte order) admits only that node's
    /// endpoints (internalTrafficPolicy Local).
    std::optional<Endpoint> pick(BalanceMode mode, const std::string &clientIP,
                                 const std::vector<std::string> &tried, bool ignoreAffinity,
                                 std::uint32_t onlyNode = 0);

private:
    struct Affinity
    {
        std::string endpointKey;
        std::chrono::steady_clock::time_point lastUsed;
    };
    std::optional<Endpoint> pickByMode(BalanceMode mode, const EndpointTable &table,
                                       const std::vector<std::string> &tried,
                                       std::uint32_t onlyNode);
    std::uint64_t nextRandom();
    void dropStaleAffinity(const EndpointTable &table);

    const std::uint64_t m_seed;
    const AffinityClock m_clock;
    std::atomic<std::uint64_t> m_randomCounter{ 0 };
    std::atomic<std::shared_ptr<const EndpointTable>> m_table;
    std::map<std::string, std::shared_ptr<EndpointStats>> m_stats; // control path only
    std::atomic<bool> m_affinity{ false };
    std::atomic<int> m_affinitySeconds{ 10800 };
    std::mutex m_affinityMutex; // guards m_affinityMap and m_picksSinceCleanup
    std::unordered_map<std::string, Affinity> m_affinityMap;
    std::uint64_t m_picksSinceCleanup = 0;
};

} // namespace clusterlab::net::detail
