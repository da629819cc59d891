#pragma once

#include "model/addresses.h"

#include <boost/asio/ip/address.hpp>
#include <boost/system/error_code.hpp>

#include <optional>
#include <string>
#include <string_view>

/// Helpers shared by the forwarder and DNS sources; not part of the public API.
namespace clusterlab::net::dataplane {

using model::kPrivilegedPortOffset;

/// parseLoopbackAddress returns the address when `ip` is IPv4 in 127.0.0.0/8, otherwise
/// nothing with a message in `error`: nothing in ClusterLab binds or connects elsewhere.
std::optional<boost::asio::ip::address_v4> parseLoopbackAddress(const std::string &ip,
                                                                std::string &error);

/// describe gives a short lower-case reason, e.g. "address in use".
std::string describe(const boost::system::error_code &ec);

/// BindResult is the outcome of bindWithFallback.
struct BindResult
{
    int port = 0; // 0 when nothing was bound
    std::string problem; // "cannot listen on 127.96.0.20:80: address in use"
    std::string notice; // "127.96.0.10:53 needs privilege; listening on 127.96.0.10:10053"
};

/// bindWithFallback opens and binds `socket` (an acceptor or a UDP socket) on ip:port; when the
/// port needs privilege it binds port+10000 instead. Thread: caller owns the socket.
template <typename Socket>
BindResult bindWithFallback(Socket &socket, const boost::asio::ip::address_v4 &ip, int port,
                            const typename Socket::protocol_type &protocol)
{
    BindResult result;
    for (int candidate : { port, port + kPrivilegedPortOffset }) {
        boost::system::error_code ec;
        socket.open(protocol, ec);
        if (!ec)
            socket.set_option(typename Socket::reuse_address(true), ec);
        if (!ec)
            socket.bind({ ip, static_cast<unsigned short>(candidate) }, ec);
        if (!ec) {
            result.port = candidate;
            if (candidate != port)
                result.notice = ip.to_string() + ":" + std::to_string(port)
                        + " needs privilege (CAP_NET_BIND_SERVICE); listening on " + ip.to_string()
                        + ":" + std::to_string(candidate) + " instead";
            return result;
        }
        boost::system::error_code ignored;
        socket.close(ignored);
        const bool retry =
                ec == boost::asio::error::access_denied && candidate == port && port < 1024;
        result.problem = "cannot listen on " + ip.to_string() + ":" + std::to_string(candidate)
                + ": " + describe(ec);
        if (!retry)
            break;
    }
    return result;
}

} // namespace clusterlab::net::dataplane
