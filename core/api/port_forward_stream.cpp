#include "api/port_forward_stream.h"

#include "api/port_forward_session.h"
#include "io/awaitable.h"
#include "io/io_errors.h"

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket.hpp>

namespace clusterlab::api {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using namespace net::experimental::awaitable_operators;

namespace {

/// kSweep is how often pairs of streams left incomplete are looked for.
constexpr std::chrono::seconds kSweep{ 5 };

/// WebSocketTransport carries SPDY's bytes in binary messages (client-go's
/// TunnelingConnection): message boundaries mean nothing.
struct WebSocketTransport
{
    websocket::stream<beast::tcp_stream &> ws;
    beast::flat_buffer buffer;

    net::awaitable<bool> read(std::string &out)
    {
        buffer.clear();
        auto [ec, n] = co_await ws.async_read(buffer, io::kTuple);
        if (ec)
            co_return false;
        out = beast::buffers_to_string(buffer.data());
        co_return true;
    }

    net::awaitable<bool> write(const std::string &bytes)
    {
        ws.binary(true);
        auto [ec, n] = co_await ws.async_write(net::buffer(bytes), io::kTuple);
        co_return !ec;
    }
};

/// RawTransport is SPDY straight on the connection, after 101 Switching Protocols.
struct RawTransport
{
    beast::tcp_stream &stream;
    std::string buffer = std::string(64 * 1024, '\0');

    net::awaitable<bool> read(std::string &out)
    {
        auto [ec, n] = co_await stream.async_read_some(net::buffer(buffer), io::kTuple);
        if (ec)
            co_return false;
        out.assign(buffer.data(), n);
        co_return true;
    }

    net::awaitable<bool> write(const std::string &bytes)
    {
        auto [ec, n] = co_await net::async_write(stream, net::buffer(bytes), io::kTuple);
        co_return !ec;
    }
};

template <typename Transport>
net::awaitable<void> readFrames(Transport &transport, PortForwardSession &session)
{
    std::string bytes;
    while (co_await transport.read(bytes))
        if (!session.receive(bytes)) {
            io::reportFailure(boost::asio::error::invalid_argument,
                              "port-forward: " + session.lastError());
            co_return;
        }
}

template <typename Transport>
net::awaitable<void> writeFrames(Transport &transport, PortForwardSession &session)
{
    for (;;) {
        const std::string bytes = session.takeOutgoing();
        if (bytes.empty()) {
            session.outgoingReady().expires_at(net::steady_timer::time_point::max());
            co_await session.outgoingReady().async_wait(io::kTuple);
            continue;
        }
        if (!co_await transport.write(bytes))
            co_return;
    }
}

net::awaitable<void> sweep(PortForwardSession &session)
{
    net::steady_timer timer(co_await net::this_coro::executor);
    for (;;) {
        timer.expires_after(kSweep);
        auto [ec] = co_await timer.async_wait(io::kTuple);
        if (ec)
            co_return;
        session.sweep();
    }
}

template <typename Transport>
net::awaitable<void> run(Transport &transport, PortForwardSession &session)
{
    // Reading ends when kubectl goes away; then the writer and the sweep are cancelled.
    co_await (readFrames(transport, session) || writeFrames(transport, session) || sweep(session));
    session.close();
}

} // namespace

net::awaitable<void> servePortForward(beast::tcp_stream &stream, const Request &request,
                                      PortForwardSpec spec, const PortForwardResolver &resolve)
{
    const auto executor = co_await net::this_coro::executor;
    const bool overWebSocket = spec.websocket;
    const std::string protocol = spec.protocol;
    auto session = std::make_shared<PortForwardSession>(executor, std::move(spec), resolve);
    if (overWebSocket) {
        WebSocketTransport transport{ websocket::stream<beast::tcp_stream &>(stream), {} };
        // A forward may sit idle for hours (a browser tab left open): no idle timeout.
        websocket::stream_base::timeout timeout{};
        timeout.handshake_timeout = std::chrono::seconds(30);
        timeout.idle_timeout = websocket::stream_base::none();
        timeout.keep_alive_pings = false;
        transport.ws.set_option(timeout);
        transport.ws.set_option(
                websocket::stream_base::decorator([protocol](websocket::response_type &response) {
                    response.set(http::field::sec_websocket_protocol, protocol);
                }));
        auto [ec] = co_await transport.ws.async_accept(request, io::kTuple);
        if (ec) {
            io::reportFailure(ec, "port-forward upgrade");
            co_return;
        }
        co_await run(transport, *session);
        co_return;
    }
    // apimachinery's spdy upgrade: 101 with Connection/Upgrade and the protocol chosen.
    http::response<http::empty_body> upgrade(http::status::switching_protocols, request.version());
    upgrade.set(http::field::connection, "Upgrade");
    upgrade.set(http::field::upgrade, "SPDY/3.1");
    upgrade.set("X-Stream-Protocol-Version", protocol);
    auto [ec, n] = co_await http::async_write(stream, upgrade, io::kTuple);
    if (ec)
        co_return;
    RawTransport transport{ stream };
    co_await run(transport, *session);
}

} // namespace clusterlab::api
