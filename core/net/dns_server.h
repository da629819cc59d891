#pragma once

#include "model/addresses.h"
#include "net/dns_zone.h"

#include <boost/asio/io_context.hpp>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace clusterlab::net {

/// answerDnsQuery is the DNS server's pure request handler: a query packet in, the response
/// out (empty: send nothing). Authoritative for the zone; REFUSED for names that are not the
/// cluster's (never an open resolver, never forwards); FORMERR for malformed queries.
/// maxSize is the UDP limit (responses over it are truncated with TC); use 65535 for TCP.
std::vector<std::uint8_t> answerDnsQuery(const DnsZone &zone, std::span<const std::uint8_t> query,
                                         std::size_t maxSize);

/// DnsServer is ClusterLab's kube-dns on ip:port, over UDP and TCP.
/// Thread: start/stop/setZone/resolve from any thread; I/O on the io_context's threads.
class DnsServer
{
public:
    DnsServer(boost::asio::io_context &ioc, std::string ip = model::kDnsServiceIP, int port = 53);
    ~DnsServer();
    DnsServer(const DnsServer &) = delete;
    DnsServer &operator=(const DnsServer &) = delete;

    /// start binds UDP and TCP on the same port (port+10000 when the port needs privilege,
    /// e.g. 10053) and starts serving; false with a message a person can act on otherwise.
    bool start(std::string &error);
    /// boundPort is the port really used (0 before a successful start).
    int boundPort() const;
    /// notice says when the privileged-port fallback was taken; empty otherwise.
    std::string notice() const;
    /// setZone swaps the snapshot answered from; queries in flight finish on the old one.
    void setZone(std::shared_ptr<const DnsZone> zone);
    std::shared_ptr<const DnsZone> zone() const;
    /// resolve looks a name up for in-process callers with a Pod's search path.
    std::vector<std::string> resolve(const std::string &name,
                                     const std::string &fromNamespace) const;
    /// stop closes the sockets and open TCP connections.
    void stop();

    struct State;

private:
    std::shared_ptr<State> m_state;
};

} // namespace clusterlab::net
