#pragma once

#include <cstdint>

namespace clusterlab::net {

/// TcpBytes is what the kernel counted on one TCP socket.
struct TcpBytes
{
    std::uint64_t received = 0; ///< from the peer
    std::uint64_t acked = 0; ///< sent to the peer and acknowledged
};

/// tcpBytesOf reads Linux's TCP_INFO of fd; zeros when it cannot.
TcpBytes tcpBytesOf(int fd);

} // namespace clusterlab::net
