#pragma once

// Internal to the port-forward session: one forwarded connection's state.

#include "api/port_forward_session.h"

#include <boost/asio/ip/tcp.hpp>

namespace clusterlab::api {

/// Connection is one connection kubectl forwards: its two streams, the socket to the Pod,
/// what kubectl sent that the Pod has not read yet, and the counts its observer gets.
/// Thread: the session's strand.
struct PortForwardSession::Connection
{
    explicit Connection(const boost::asio::any_io_executor &executor)
        : socket(executor), wake(executor)
    {
    }
    std::string requestId;
    std::uint32_t errorStream = 0, dataStream = 0;
    int port = 0;
    boost::asio::ip::tcp::socket socket;
    boost::asio::steady_timer wake; ///< the Pod's writer waits on it
    std::deque<std::string> toPod;
    std::size_t queued = 0;
    bool clientFin = false;
    bool done = false;
    std::uint64_t toPodBytes = 0, fromPodBytes = 0;
    std::shared_ptr<ForwardObserver> observer;
};

} // namespace clusterlab::api
