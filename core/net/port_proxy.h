#pragma once

#include "net/dataplane_util.h"
#include "net/endpoint_picker.h"
#include "net/service_forwarder.h"

#include <boost/asio/io_context.hpp>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace clusterlab::net::detail {

/// ForwarderShared is what every listener and connection of one forwarder shares; connections
/// keep it alive, so a forwarder may be destroyed while its last connections finish.
struct ForwarderShared
{
    ForwarderShared(boost::asio::io_context &context, FlowSink *flowSink, std::uint64_t rngSeed,
                    AffinityClock affinityClock)
        : ioc(context), sink(flowSink), seed(rngSeed), clock(affinityClock)
    {
    }

    ForwarderOptions options() const;
    void setOptions(const ForwarderOptions &o);

    /// registerSession records a closer for stop(); it returns the id to unregister with.
    std::uint64_t registerSession(std::function<void()> closer);
    void unregisterSession(std::uint64_t id);
    /// closeAllSessions calls every closer outside the lock (closers may end sessions).
    void closeAllSessions();
    std::size_t sessionCount() const;

    /// takeBuffer returns `size` bytes (not zeroed), reusing a pooled buffer when one is free;
    /// giveBuffer pools up to 256 for the next connections, so a steady connection rate does
    /// not churn the heap (64 KiB blocks otherwise trim and refault the heap top).
    std::unique_ptr<char[]> takeBuffer(std::size_t size);
    void giveBuffer(std::unique_ptr<char[]> buffer, std::size_t size);

    boost::asio::io_context &ioc;
    FlowSink *const sink;
    const std::uint64_t seed;
    const AffinityClock clock;
    std::atomic<BalanceMode> mode{ BalanceMode::Random };
    std::atomic<std::uint64_t> nextFlowId{ 1 };
    std::atomic<bool> stopping{ false };

private:
    mutable std::mutex m_optionsMutex; // guards m_options
    ForwarderOptions m_options;
    mutable std::mutex m_sessionsMutex; // guards m_sessions and m_nextSession
    std::map<std::uint64_t, std::function<void()>> m_sessions;
    std::uint64_t m_nextSession = 1;
    std::mutex m_buffersMutex; // guards m_buffers and m_pooledSize
    std::vector<std::unique_ptr<char[]>> m_buffers;
    std::size_t m_pooledSize = 0;
};

/// PortProxy is the listener of one Service port (TCP or UDP) and the owner of its endpoint
/// picker. Thread: apply/close from the control path; the rest from any thread.
class PortProxy
{
public:
    PortProxy(std::shared_ptr<ForwarderShared> shared, const ServicePortEntry &entry);
    virtual ~PortProxy() = default;

    /// apply takes new endpoints and affinity, and listens exactly while an endpoint is ready.
    virtual void apply(const ServicePortEntry &entry) = 0;
    /// close stops listening for good; established connections carry on.
    virtual void close() = 0;

    std::optional<int> boundPort() const;
    std::string problem() const;
    std::string notice() const;
    const std::string &clusterIP() const { return m_clusterIP; }
    int port() const { return m_port; }
    const std::string &protocol() const { return m_protocol; }

    /// newFlowEvent fills the Service labels and a fresh id.
    FlowEvent newFlowEvent() const;
    EndpointPicker &picker() { return m_picker; }
    const std::shared_ptr<ForwarderShared> &shared() const { return m_shared; }

protected:
    void setLabelsLocked(const ServicePortEntry &entry);
    void recordBindLocked(const dataplane::BindResult &result);

    const std::shared_ptr<ForwarderShared> m_shared;
    const std::string m_clusterIP;
    const int m_port;
    const std::string m_protocol;
    EndpointPicker m_picker;
    mutable std::mutex m_mutex; // guards the listener socket and all members below
    std::string m_namespace, m_name, m_portName;
    std::optional<int> m_boundPort;
    std::string m_problem, m_notice;
};

std::shared_ptr<PortProxy> makeTcpPortProxy(std::shared_ptr<ForwarderShared> shared,
                                            const ServicePortEntry &entry);
std::shared_ptr<PortProxy> makeUdpPortProxy(std::shared_ptr<ForwarderShared> shared,
                                            const ServicePortEntry &entry);

} // namespace clusterlab::net::detail
