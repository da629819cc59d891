#pragma once

#include "net/flow_events.h"

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace clusterlab::net {

/// ServiceEndpoint is one address behind a Service port (from Endpoints/EndpointSlices).
struct ServiceEndpoint
{
    std::string ip;
    int port = 0;
    bool ready = true;
    std::string podName;
    std::string nodeName; ///< the node the Pod runs on (traffic policies)
    bool operator==(const ServiceEndpoint &) const = default;
};

/// ServicePortEntry is what kube-proxy needs for one frontend of a Service port: its
/// ClusterIP:port, or a node port on one node's address, a LoadBalancer or an external IP.
struct ServicePortEntry
{
    std::string namespace_, name, portName;
    std::string clusterIP; ///< the Service's ClusterIP (flows are counted under it and port)
    int port = 0;
    std::string protocol = "TCP"; // TCP or UDP
    std::vector<ServiceEndpoint> endpoints;
    bool clientIPAffinity = false;
    int affinityTimeoutSeconds = 10800;
    /// listenIP:listenPort is where this frontend listens when it is not clusterIP:port.
    std::string listenIP;
    int listenPort = 0;
    std::string via; ///< "NodePort", "LoadBalancer" or "ExternalIP"; empty for the ClusterIP
    std::string node; ///< the node whose kube-proxy this frontend stands for
    /// sourceIP is the address endpoints see connections come from (SNAT to the node's IP,
    /// externalTrafficPolicy Cluster); empty keeps the client's own address.
    std::string sourceIP;
    /// sourceRanges are the client CIDRs allowed in (loadBalancerSourceRanges); empty: all.
    std::vector<std::string> sourceRanges;
    /// internalLocal (internalTrafficPolicy Local): a Pod reaches only endpoints on its node.
    bool internalLocal = false;

    const std::string &listenAddress() const { return listenIP.empty() ? clusterIP : listenIP; }
    int listenPortNumber() const { return listenPort ? listenPort : port; }
};

/// BalanceMode picks the endpoint of each new connection. Random is what kube-proxy's iptables
/// mode does (statistic match), RoundRobin is the userspace proxy, LeastConnections is IPVS lc.
enum class BalanceMode { Random, RoundRobin, LeastConnections };

/// ForwarderOptions are the timeouts and copy strategy; defaults follow kube-proxy.
struct ForwarderOptions
{
    std::chrono::milliseconds tcpIdleTimeout{ std::chrono::minutes(15) };
    std::chrono::milliseconds udpIdleTimeout{ std::chrono::seconds(30) }; // --udp-timeout
    int maxConnectAttempts = 4; // userspace tryConnect
    bool useSplice = true; // after a read fills the buffer (bulk), splice(2) the rest
    std::size_t bufferSize = 64 * 1024; // per direction, allocated once per connection
};

/// AffinityClock is where session affinity reads the time: a plain function, so a test can
/// move time on without sleeping, while a pick pays one indirect call and no virtual dispatch.
using AffinityClock = std::chrono::steady_clock::time_point (*)();

/// steadyNow is the AffinityClock the product uses: std::chrono::steady_clock::now().
inline std::chrono::steady_clock::time_point steadyNow()
{
    return std::chrono::steady_clock::now();
}

class LocalServers;

namespace detail {
struct ForwarderShared;
class PortProxy;
} // namespace detail

/// ServiceForwarder is ClusterLab's kube-proxy: a listener on ClusterIP:port for every Service
/// port, forwarding each connection (TCP) or client address (UDP) to one ready endpoint.
/// A port with no ready endpoint is not listening, so clients get ECONNREFUSED from the kernel.
/// Thread: update/setMode/boundPort/problems/stop from any thread (a control mutex that the
/// data path never takes); the data path runs on the io_context's threads.
class ServiceForwarder
{
public:
    /// The sink may be null; it must outlive the forwarder (connections still ending after it
    /// is destroyed report to nobody) and every io thread running meanwhile. The clock
    /// times ClientIP affinity (sessionAffinityConfig.clientIP.timeoutSeconds).
    ServiceForwarder(boost::asio::io_context &ioc, FlowSink *sink, std::uint64_t seed,
                     AffinityClock clock = &steadyNow);
    ~ServiceForwarder();
    ServiceForwarder(const ServiceForwarder &) = delete;
    ServiceForwarder &operator=(const ServiceForwarder &) = delete;

    /// setLocalServers lets connections to a Pod served in this process go straight to its
    /// server, as iptables DNAT would (no second TCP connection; the Pod sees the client's
    /// address). Endpoints not in `local` are connected to over TCP. `local` must outlive
    /// the forwarder's connections.
    void setLocalServers(LocalServers *local);
    /// setOptions applies to listeners and connections created afterwards.
    void setOptions(const ForwarderOptions &options);
    /// update makes the listeners match `all`, diffing by (namespace, name, port, protocol):
    /// new ports open, gone ports close, endpoint tables are swapped for new connections only.
    void update(std::vector<ServicePortEntry> all);
    void setMode(BalanceMode mode);
    BalanceMode mode() const;
    /// boundPort is the port really used for address:port, a frontend's listenAddress() and
    /// listenPortNumber() (port+10000 without privilege).
    std::optional<int> boundPort(const std::string &address, int port,
                                 const std::string &protocol = "TCP") const;
    /// BoundPorts maps (address, port, protocol) to the port really listening.
    using BoundPorts = std::map<std::tuple<std::string, int, std::string>, int>;
    /// boundPorts is boundPort for every port listening now, taken under one lock.
    BoundPorts boundPorts() const;
    /// problems lists what keeps a Service port from working, e.g.
    /// "cannot listen on 127.96.0.20:80: address in use".
    std::vector<std::string> problems() const;
    /// problemOf is what keeps address:port (a frontend's listen address) from listening, or
    /// empty.
    std::string problemOf(const std::string &address, int port,
                          const std::string &protocol = "TCP") const;
    /// notices lists things worth showing that are not failures (privileged port fallbacks).
    std::vector<std::string> notices() const;
    /// activeConnections counts the TCP connections the forwarder copies now (not those handed
    /// to a Pod of this process: their flow events count them) and UDP sessions.
    std::size_t activeConnections() const;
    /// stop closes every listener and every forwarded connection; update() is ignored after.
    void stop();

private:
    using Key = std::tuple<std::string, std::string, std::string, int, std::string>;
    std::shared_ptr<detail::PortProxy> create(const ServicePortEntry &entry);

    std::shared_ptr<detail::ForwarderShared> m_shared;
    mutable std::mutex m_mutex; // guards m_ports, m_problems, m_stopped
    std::map<Key, std::shared_ptr<detail::PortProxy>> m_ports;
    std::vector<std::string> m_problems; // entries refused by the last update
    bool m_stopped = false;
};

/// raiseFileLimit raises RLIMIT_NOFILE's soft limit to the hard limit and returns the soft
/// limit in force afterwards.
std::uint64_t raiseFileLimit();

} // namespace clusterlab::net
