#pragma once

#include "io/awaitable.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <chrono>
#include <exception>
#include <string>
#include <string_view>

// Small helpers shared by the workload servers and the protocol clients.
namespace clusterlab::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = boost::asio::ip::tcp;
using Deadline = std::chrono::steady_clock::time_point;

using io::kTuple;

/// reportException logs an exception that escaped a coroutine; nullptr logs nothing.
void reportException(std::exception_ptr error, std::string_view what);

/// describeError says what went wrong with a downstream call, in lower case, the way the
/// HTTP answer shows it: "connection refused", "timed out after 2000 ms".
std::string describeError(const boost::system::error_code &ec, std::chrono::milliseconds timeout);

/// endpointText writes an endpoint as "127.96.0.20:80".
std::string endpointText(const tcp::endpoint &endpoint);

/// connectFrom connects a stream to remote from a socket bound to localIp, so the peer sees
/// which Pod is calling; an empty localIp leaves the choice to the kernel. The source port is
/// picked at connect time for the whole 4-tuple (IP_BIND_ADDRESS_NO_PORT), so TIME-WAIT
/// sockets of one destination never exhaust the Pod IP's ports for the others.
/// The stream's deadline is the caller's to set.
asio::awaitable<boost::system::error_code>
connectFrom(beast::tcp_stream &stream, const std::string &localIp, const tcp::endpoint &remote);

} // namespace clusterlab::net

namespace clusterlab::net {

/// ClientOptions are what every downstream protocol client takes.
struct ClientOptions
{
    std::string localIp; ///< bind the outgoing socket here (the calling Pod's IP); "" = any
    std::chrono::milliseconds timeout{ 2000 }; ///< for the whole exchange
};

} // namespace clusterlab::net
