#pragma once

#include <boost/asio/ip/tcp.hpp>

#include <optional>

namespace clusterlab::api {

/// loopbackPeerUid is the user id that owns the other end of a TCP connection on loopback:
/// the kernel lists every IPv4 socket with its owner in /proc/net/tcp, and the peer's socket
/// is the one whose local address is our remote one and whose remote address is our local
/// one. nullopt when the table cannot be read or has no such socket (not Linux, not loopback).
std::optional<unsigned> loopbackPeerUid(const boost::asio::ip::tcp::endpoint &local,
                                        const boost::asio::ip::tcp::endpoint &remote);

/// peerIsSameUser says whether the other end of socket runs as this process's user.
bool peerIsSameUser(const boost::asio::ip::tcp::socket &socket);

} // namespace clusterlab::api
