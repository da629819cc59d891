#pragma once

#include "net/dataplane_util.h"
#include "net/endpoint_picker.h"
#include "net/local_servers.h"
#include "net/service_forwarder.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace clusterlab::net::detail {

/// TrackedConnection is a forwarded TCP connection that stop() and the idle sweep can reach
/// without a map insert or a closure per connection: the forwarder links it into a list.
class TrackedConnection
{
public:
    /// share returns an owning pointer, or null when the connection is already being destroyed;
    /// it runs under the list's lock, so it must not block.
    virtual std::shared_ptr<TrackedConnection> share() = 0;
    /// closeSoon posts a close to the connection's own strand; it runs outside the list's lock.
    virtual void closeSoon() = 0;

    /// lastActive is the sweep tick of the connection's last traffic (relaxed: a hint only).
    std::atomic<std::uint32_t> lastActive{ 0 };

protected:
    ~TrackedConnection() = default;

private:
    friend struct ForwarderShared;
    TrackedConnection *m_prev = nullptr, *m_next = nullptr; // guarded by the list's mutex
};

/// ForwarderShared is what every listener and connection of one forwarder shares; connections
/// keep it alive, so a forwarder may be destroyed while its last connections finish.
struct ForwarderShared : std::enable_shared_from_this<ForwarderShared>
{
    ForwarderShared(boost::asio::io_context &context, FlowSink *flowSink, std::uint64_t rngSeed,
                    AffinityClock affinityClock)
        : ioc(context), sink(flowSink), seed(rngSeed), clock(affinityClock), m_sweep(context)
    {
    }

    /// track links a TCP connection in (and starts the idle sweep); untrack must be the first
    /// thing its destructor does. The sweep closes connections idle for tcpIdleTimeout.
    void track(TrackedConnection &connection);
    void untrack(TrackedConnection &connection);
    /// tick is the idle sweep's clock: a connection stores it as its lastActive on traffic.
    std::uint32_t tick() const { return m_tick.load(std::memory_order_relaxed); }

    ForwarderOptions options() const;
    void setOptions(const ForwarderOptions &o);

    /// registerSession records a closer for stop() (UDP sessions); it returns the id to
    /// unregister with.
    std::uint64_t registerSession(std::function<void()> closer);
    void unregisterSession(std::uint64_t id);
    /// closeAllSessions closes every TCP connection and calls every UDP closer outside the
    /// lock (closers may end sessions), and stops the idle sweep.
    void closeAllSessions();
    /// sessionCount counts TCP connections and UDP sessions.
    std::size_t sessionCount() const;

    /// takeBuffer returns `size` bytes (not zeroed), reusing a pooled buffer when one is free;
    /// giveBuffer pools up to 256 for the next connections, so a steady connection rate does
    /// not churn the heap (64 KiB blocks otherwise trim and refault the heap top).
    std::unique_ptr<char[]> takeBuffer(std::size_t size);
    void giveBuffer(std::unique_ptr<char[]> buffer, std::size_t size);

    boost::asio::io_context &ioc;
    /// sink is cleared when the forwarder is destroyed: connections that end later (a Pod's
    /// session handed over, handlers destroyed with the io_context) report to nobody.
    std::atomic<FlowSink *> sink;
    const std::uint64_t seed;
    const AffinityClock clock;
    std::atomic<BalanceMode> mode{ BalanceMode::Random };
    std::atomic<LocalServers *> local{ nullptr }; ///< Pods served in this process, if any
    std::atomic<std::uint64_t> nextFlowId{ 1 };
    std::atomic<bool> stopping{ false };

private:
    void sweepLocked();
    /// closeAll closes each of `connections` and lets go of them; call it without the lock.
    static void closeAll(std::vector<std::shared_ptr<TrackedConnection>> connections);

    mutable std::mutex m_optionsMutex; // guards m_options
    ForwarderOptions m_options;
    mutable std::mutex m_sessionsMutex; // guards m_sessions and m_nextSession
    std::map<std::uint64_t, std::function<void()>> m_sessions; // UDP sessions
    std::uint64_t m_nextSession = 1;
    TrackedConnection *m_connections = nullptr; // guarded by m_sessionsMutex: TCP connections
    std::size_t m_connectionCount = 0; // guarded by m_sessionsMutex
    boost::asio::steady_timer m_sweep; // guarded by m_sessionsMutex
    bool m_sweeping = false; // guarded by m_sessionsMutex
    std::atomic<std::uint32_t> m_tick{ 0 };
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
    /// listenIP:listenPort is where this frontend listens (ServicePortEntry::listenAddress()).
    const std::string &listenIP() const { return m_listenIP; }
    int listenPort() const { return m_listenPort; }
    const std::string &protocol() const { return m_protocol; }

    /// FrontendRules are how this frontend treats a client before picking an endpoint.
    struct FrontendRules
    {
        std::uint32_t sourceIP = 0; ///< network order; 0 keeps the client's address
        std::vector<std::pair<std::uint32_t, std::uint32_t>> allowed; ///< (net, mask), host order
        bool internalLocal = false;
        /// admits says whether a client (host order) may connect (loadBalancerSourceRanges).
        bool admits(std::uint32_t client) const;
    };
    /// rules are the frontend rules in force; apply() swaps them for new connections.
    std::shared_ptr<const FrontendRules> rules() const { return m_rules.load(); }

    /// newFlowEvent fills the Service labels and a fresh id.
    FlowEvent newFlowEvent() const;
    EndpointPicker &picker() { return m_picker; }
    const std::shared_ptr<ForwarderShared> &shared() const { return m_shared; }

protected:
    /// setLabelsLocked takes the entry's labels and frontend rules.
    void setLabelsLocked(const ServicePortEntry &entry);
    void recordBindLocked(const dataplane::BindResult &result);

    const std::shared_ptr<ForwarderShared> m_shared;
    const std::string m_listenIP;
    const int m_listenPort;
    const std::string m_protocol;
    EndpointPicker m_picker;
    std::atomic<std::shared_ptr<const FrontendRules>> m_rules;
    mutable std::mutex m_mutex; // guards the listener socket and all members below
    std::string m_namespace, m_name, m_portName;
    std::string m_clusterIP, m_via, m_node;
    int m_port = 0;
    std::optional<int> m_boundPort;
    std::string m_problem, m_notice;
};

std::shared_ptr<PortProxy> makeTcpPortProxy(std::shared_ptr<ForwarderShared> shared,
                                            const ServicePortEntry &entry);
std::shared_ptr<PortProxy> makeUdpPortProxy(std::shared_ptr<ForwarderShared> shared,
                                            const ServicePortEntry &entry);

} // namespace clusterlab::net::detail
