#include "net/io_util.h"

#include <boost/asio/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>

#include <cctype>
#include <iostream>
#include <netinet/in.h>

namespace clusterlab::net {

namespace {

/// bindAddressNoPort is Linux's IP_BIND_ADDRESS_NO_PORT: bind(ip, 0) defers choosing the port.
using bindAddressNoPort = asio::detail::socket_option::boolean<IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT>;

} // namespace

void reportException(std::exception_ptr error, std::string_view what)
{
    if (!error)
        return;
    try {
        std::rethrow_exception(error);
    } catch (const std::exception &e) {
        std::cerr << "clusterlab: " << what << ": " << e.what() << '\n';
    } catch (...) {
        std::cerr << "clusterlab: " << what << ": unknown exception\n";
    }
}

std::string describeError(const boost::system::error_code &ec, std::chrono::milliseconds timeout)
{
    if (ec == beast::error::timeout || ec == asio::error::timed_out)
        return "timed out after " + std::to_string(timeout.count()) + " ms";
    if (ec == asio::error::connection_refused)
        return "connection refused";
    if (ec == asio::error::connection_reset)
        return "connection reset";
    if (ec == asio::error::eof || ec == beast::http::error::end_of_stream)
        return "connection closed by the server";
    std::string text = ec.message();
    if (!text.empty())
        text[0] = char(std::tolower(static_cast<unsigned char>(text[0])));
    return text;
}

std::string endpointText(const tcp::endpoint &endpoint)
{
    return endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
}

asio::awaitable<boost::system::error_code>
connectFrom(beast::tcp_stream &stream, const std::string &localIp, const tcp::endpoint &remote)
{
    boost::system::error_code ec;
    if (!localIp.empty()) {
        const auto local = asio::ip::make_address(localIp, ec);
        if (ec)
            co_return ec;
        stream.socket().open(remote.protocol(), ec);
        // Without this, bind(ip, 0) reserves an ephemeral port for the source address whatever
        // the destination, and TIME-WAIT sockets keep those ports: a Pod that calls Services
        // often runs out of its ~28,000 ports within a minute. With it, the port is chosen at
        // connect time for the whole 4-tuple, as for an unbound socket.
        if (!ec)
            stream.socket().set_option(bindAddressNoPort(true), ec);
        if (!ec)
            stream.socket().bind(tcp::endpoint(local, 0), ec);
        if (ec)
            co_return ec;
    }
    std::tie(ec) = co_await stream.async_connect(remote, kTuple);
    co_return ec;
}

} // namespace clusterlab::net
