#pragma once

#include <boost/asio/ip/tcp.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <shared_mutex>

namespace clusterlab::net {

/// AdoptedEnd is told, once, how many bytes an adopted connection carried: from the client
/// (bytesIn) and to it (bytesOut), read from the kernel's TCP_INFO before the socket closed.
using AdoptedEnd = std::function<void(std::uint64_t bytesIn, std::uint64_t bytesOut)>;

/// LocalServers knows which Pod IPs are served inside this process, so the Service forwarder
/// can hand an accepted connection straight to the Pod's server, as kube-proxy's iptables DNAT
/// does on a node: no second TCP connection, and the Pod sees the real client address.
/// Thread: any. adopt runs the server's adopter under a shared lock, so once remove returns
/// no adopter of that IP is running or will run.
class LocalServers
{
public:
    /// Adopter takes `socket` (and onEnd) when it serves `port` and returns true; else it
    /// leaves both untouched and returns false.
    using Adopter =
            std::function<bool(int port, boost::asio::ip::tcp::socket &socket, AdoptedEnd &onEnd)>;

    /// add serves IPv4 address `ip` (network byte order) with `adopter`, replacing any other.
    void add(std::uint32_t ip, Adopter adopter)
    {
        std::unique_lock lock(m_mutex);
        m_adopters[ip] = std::move(adopter);
    }

    void remove(std::uint32_t ip)
    {
        std::unique_lock lock(m_mutex);
        m_adopters.erase(ip);
    }

    /// adopt hands `socket` to the server of ip:port; false when none takes it.
    bool adopt(std::uint32_t ip, int port, boost::asio::ip::tcp::socket &socket,
               AdoptedEnd &onEnd) const
    {
        std::shared_lock lock(m_mutex);
        const auto it = m_adopters.find(ip);
        return it != m_adopters.end() && it->second(port, socket, onEnd);
    }

private:
    mutable std::shared_mutex m_mutex; // guards m_adopters
    std::map<std::uint32_t, Adopter> m_adopters;
};

} // namespace clusterlab::net
