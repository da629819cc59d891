#pragma once

#include <cstdint>

namespace clusterlab::net {

/// TcpBytes is what the kernel counted on one TCP socket.
struct TcpBytes
{
    std::uint64_t received = 0; ///< from the peer
    std::uint64_t written = 0; ///< written for the peer: sent once each, or still queued
};

/// tcpBytesOf reads Linux's TCP_INFO of fd; zeros when it cannot.
TcpBytes tcpBytesOf(int fd);

} // namespace clusterlab::net
