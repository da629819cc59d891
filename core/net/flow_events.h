#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <compare>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

namespace clusterlab::net {

/// FlowEvent describes one TCP connection (or one UDP client session) through a Service port.
/// The same id is reported by onFlowStart and onFlowEnd; byte counts and duration are final
/// only in onFlowEnd.
struct FlowEvent
{
    /// Result: Ok (first endpoint answered), Retried (a later endpoint answered after connect
    /// failures), Refused (accepted while the port had no ready endpoint; the client was
    /// reset), Reset (every endpoint tried failed; the client was reset). Connections the
    /// kernel refuses because the port is closed (no endpoints) are never seen, so never counted.
    enum class Result { Ok, Refused, Reset, Retried };

    std::uint64_t id = 0;
    std::string clientIP;
    int clientPort = 0;
    std::string serviceNamespace, serviceName, portName;
    std::string clusterIP;
    int port = 0;
    std::string protocol; // TCP or UDP
    /// via is how the connection entered when not at the ClusterIP: "NodePort" (frontendIP is
    /// a node's address or 127.0.0.1), "LoadBalancer" or "ExternalIP"; node is the node whose
    /// kube-proxy forwarded it.
    std::string via, node, frontendIP;
    int frontendPort = 0;
    std::string endpointIP;
    int endpointPort = 0;
    std::string endpointPod;
    std::uint64_t bytesToEndpoint = 0, bytesFromEndpoint = 0;
    std::chrono::microseconds duration{ 0 };
    Result result = Result::Ok;
    int attempts = 0;
    std::chrono::system_clock::time_point startedAt, endedAt;
};

/// toString gives "Ok", "Refused", "Reset" or "Retried".
const char *toString(FlowEvent::Result result);

/// FlowSink receives flow events. Thread: called from network threads, concurrently; an
/// implementation must be thread-safe and must not block. A flow that never reached an
/// endpoint (Refused, Reset) gets only onFlowEnd.
class FlowSink
{
public:
    virtual ~FlowSink() = default;
    virtual void onFlowStart(const FlowEvent &) { }
    virtual void onFlowEnd(const FlowEvent &) { }
};

/// ServicePortKey names one Service port in the counters.
struct ServicePortKey
{
    std::string serviceNamespace, serviceName, portName, protocol;
    int port = 0;
    auto operator<=>(const ServicePortKey &) const = default;
};

/// servicePortKeyOf builds the key of the Service port an event belongs to.
ServicePortKey servicePortKeyOf(const FlowEvent &event);

/// FlowPath is the way one kind of connection took through a Service port: how it entered
/// (`via` and the `node` that forwarded it, as in FlowEvent), who sent it and the endpoint
/// it reached. kube-proxy's rules view walks each path once and counts it on every rule the
/// path passes.
struct FlowPath
{
    std::string via, node, clientIP, endpointIP;
    auto operator<=>(const FlowPath &) const = default;
};

/// PortCounts is a consistent-enough copy of the counters of one Service port.
struct PortCounts
{
    std::array<std::uint64_t, 4> connections{}; ///< finished flows, indexed by Result
    std::uint64_t active = 0; ///< started and not yet ended
    std::uint64_t bytesToEndpoints = 0, bytesFromEndpoints = 0;
    std::map<std::string, std::uint64_t> connectionsPerEndpointIP; ///< finished Ok/Retried flows
    /// The same flows by path; past kMaxPaths paths, new clients count under an empty clientIP.
    std::map<FlowPath, std::uint64_t> connectionsPerPath;
    static constexpr std::size_t kMaxPaths = 4096;
    std::uint64_t total() const;
    std::uint64_t of(FlowEvent::Result r) const { return connections[static_cast<int>(r)]; }
};

/// FlowCounters keeps exact per-Service-port counts; it never drops anything.
/// Thread: any thread; counting costs one shared lock and a few atomic adds per flow.
class FlowCounters
{
public:
    void recordStart(const FlowEvent &event);
    void recordEnd(const FlowEvent &event);
    PortCounts counts(const ServicePortKey &key) const;
    std::map<ServicePortKey, PortCounts> snapshot() const;

private:
    struct Port
    {
        std::array<std::atomic<std::uint64_t>, 4> connections{};
        std::atomic<std::int64_t> active{ 0 };
        std::atomic<std::uint64_t> bytesTo{ 0 }, bytesFrom{ 0 };
        mutable std::mutex endpointMutex; // guards perEndpoint and perPath
        std::map<std::string, std::uint64_t> perEndpoint;
        std::map<FlowPath, std::uint64_t> perPath;
    };
    Port &port(const ServicePortKey &key);
    static PortCounts copy(const Port &port);

    mutable std::shared_mutex m_mutex; // guards m_ports (the map, not the counts)
    std::map<ServicePortKey, std::unique_ptr<Port>> m_ports;
};

/// FlowSample is one sampled start or end, for animation.
struct FlowSample
{
    bool ended = false;
    FlowEvent event;
};

/// FlowSampleRing is a bounded queue of samples: when full, the oldest sample is dropped and
/// counted. Thread: any thread pushes; one consumer drains.
class FlowSampleRing
{
public:
    explicit FlowSampleRing(std::size_t capacity = 4096);
    void push(FlowSample sample);
    /// drain returns the queued samples, oldest first, and adds the number dropped since the
    /// last drain to *dropped when given.
    std::vector<FlowSample> drain(std::uint64_t *dropped = nullptr);

private:
    const std::size_t m_capacity;
    std::mutex m_mutex; // guards m_samples and m_dropped
    std::deque<FlowSample> m_samples;
    std::uint64_t m_dropped = 0;
};

/// FlowRecorder is the usual FlowSink: exact counters plus a sample ring.
class FlowRecorder : public FlowSink
{
public:
    explicit FlowRecorder(std::size_t sampleCapacity = 4096);
    void onFlowStart(const FlowEvent &event) override;
    void onFlowEnd(const FlowEvent &event) override;
    FlowCounters &counters() { return m_counters; }
    FlowSampleRing &samples() { return m_samples; }

private:
    FlowCounters m_counters;
    FlowSampleRing m_samples;
};

} // namespace clusterlab::net
