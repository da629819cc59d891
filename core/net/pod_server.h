#pragma once

#include "net/call.h"
#include "net/local_servers.h"
#include "net/pod_context.h"
#include "net/workload.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace clusterlab::net {

/// PodServer is one Pod's simulated containers: a listener on PodIP:containerPort per port,
/// serving its Workload, and the downstream calls each HTTP request makes. Many PodServers
/// share one io_context run by several threads; every connection gets its own strand.
/// Thread: any; open(), close() and setCalls() may be called from any thread.
class PodServer
{
public:
    using Resolver = net::Resolver;

    /// With `local`, the Pod registers there while open, so the Service forwarder hands it
    /// connections directly (LocalServers); `local` must outlive the server. Each session
    /// writes its log lines to the output of its listener's container in `outputs`.
    PodServer(asio::io_context &ioc, PodIdentity identity, std::vector<Listener> listeners,
              std::vector<Call> calls, Resolver resolver, LocalServers *local = nullptr,
              ContainerOutputs outputs = {});
    /// ~PodServer closes; connections still finishing keep what they need alive.
    ~PodServer();
    PodServer(const PodServer &) = delete;
    PodServer &operator=(const PodServer &) = delete;

    /// open binds every listener on PodIP:port (SO_REUSEADDR) and starts accepting. Returns
    /// one message per port that failed ("cannot listen on 127.244.1.5:80: Address already
    /// in use"); the other ports serve all the same. Pod IPs must be in 127.0.0.0/8.
    /// Opening an open server is a no-op.
    std::vector<std::string> open();

    /// close stops accepting and ends connections: idle ones now, requests in hand once
    /// answered, everything after 2 s. When called outside the io_context's threads it
    /// returns once the listeners are closed (so new connects are refused).
    void close();

    /// boundPort is where containerPort really listens: port+10000 when a port below 1024
    /// needed a privilege this process lacks. Thread: any.
    int boundPort(int port) const;
    /// boundPorts maps every port listening now to where it really listens. Thread: any.
    std::map<int, int> boundPorts() const;

    /// setCalls replaces the calls later requests make (Services come and go).
    void setCalls(std::vector<Call> calls);

    /// requestCount counts HTTP requests, Redis commands, MySQL queries and echo
    /// connections served so far.
    std::uint64_t requestCount() const;

    /// connectionCount is the number of connections open now.
    std::size_t connectionCount() const;

    const PodIdentity &identity() const;
    const std::vector<Listener> &listeners() const;

private:
    struct Acceptors;
    LocalServers::Adopter adopterLocked();

    asio::io_context &m_ioc;
    LocalServers *const m_local;
    std::uint32_t m_localAddress = 0; ///< the Pod IP in network byte order, set by open()
    const std::vector<Listener> m_listeners;
    std::shared_ptr<PodContext> m_pod;
    asio::strand<asio::io_context::executor_type> m_strand; ///< owns the acceptors
    std::shared_ptr<Acceptors> m_acceptors; ///< touched only on m_strand
    mutable std::mutex m_mutex; ///< guards m_open and m_boundPorts.
    bool m_open = false;
    std::map<int, int> m_boundPorts; ///< containerPort -> port really listened on
};

} // namespace clusterlab::net
