#pragma once

#include <boost/asio/ip/tcp.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <shared_mutex>
#include <utility>

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

    /// add serves IPv4 address `ip` (network byte order) with `adopter` for `owner`, replacing
    /// any other (a new Pod may get the IP of one still closing).
    void add(std::uint32_t ip, const void *owner, Adopter adopter)
    {
        std::unique_lock lock(m_mutex);
        m_adopters[ip] = { owner, std::move(adopter) };
    }

    /// remove stops serving `ip`, unless another owner has taken it over since.
    void remove(std::uint32_t ip, const void *owner)
    {
        std::unique_lock lock(m_mutex);
        if (const auto it = m_adopters.find(ip);
            it != m_adopters.end() && it->second.first == owner)
            m_adopters.erase(it);
    }

    /// adopt hands `socket` to the server of ip:port; false when none takes it.
    bool adopt(std::uint32_t ip, int port, boost::asio::ip::tcp::socket &socket,
               AdoptedEnd &onEnd) const
    {
        std::shared_lock lock(m_mutex);
        const auto it = m_adopters.find(ip);
        return it != m_adopters.end() && it->second.second(port, socket, onEnd);
    }

private:
    mutable std::shared_mutex m_mutex; // guards m_adopters
    std::map<std::uint32_t, std::pair<const void *, Adopter>> m_adopters; // by IP: owner, adopter
};

} // namespace clusterlab::net
