#pragma once

#include "net/port_proxy.h"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <memory>

namespace clusterlab::net::detail {

/// runTcpSession forwards one accepted client connection of `port`: it connects to a ready
/// endpoint (retrying others like the userspace proxy's tryConnect, resetting the client when
/// all fail), then copies both ways until both directions end, and reports the flow.
/// Thread: runs on the client socket's strand; catches everything itself.
boost::asio::awaitable<void> runTcpSession(std::shared_ptr<PortProxy> port,
                                           boost::asio::ip::tcp::socket client);

} // namespace clusterlab::net::detail
