#include "net/sniff_session.h"

#include "net/pod_context.h"

#include <boost/asio/buffer.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <array>
#include <cctype>

namespace clusterlab::net {

namespace {

using namespace std::chrono_literals;

constexpr auto kEchoIdle = 60s;
constexpr std::size_t kEnough = 16;

constexpr std::array<std::string_view, 9> kMethods{ "GET ",   "HEAD ",    "POST ",
                                                    "PUT ",   "DELETE ",  "OPTIONS ",
                                                    "PATCH ", "CONNECT ", "TRACE " };

bool startsWith(std::string_view text, std::string_view prefix)
{
    return text.substr(0, prefix.size()) == prefix;
}

std::string upper(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
        return char(std::toupper(c));
    });
    return out;
}

} // namespace

std::optional<Workload> classifyFirstBytes(std::string_view bytes)
{
    if (bytes.empty())
        return std::nullopt;
    bool undecided = false;
    for (const auto method : kMethods) {
        if (startsWith(bytes, method))
            return Workload::Http;
        undecided |= startsWith(method, bytes);
    }
    if (bytes[0] == '*') {
        if (bytes.size() == 1)
            return std::nullopt;
        if (std::isdigit(static_cast<unsigned char>(bytes[1])))
            return Workload::Redis;
    }
    const std::string head = upper(bytes.substr(0, 5));
    if (head.size() == 5 && startsWith(head, "PING")
        && (head[4] == '\r' || head[4] == '\n' || head[4] == ' '))
        return Workload::Redis;
    undecided |= head.size() < 5 && startsWith("PING", head);
    return undecided ? std::nullopt : std::optional(Workload::Echo);
}

asio::awaitable<Sniffed> sniffWorkload(tcp::socket &socket, std::chrono::milliseconds wait)
{
    using namespace asio::experimental::awaitable_operators;
    Sniffed sniffed;
    asio::steady_timer timer(socket.get_executor(), wait);
    char chunk[64];
    while (sniffed.bytes.size() < kEnough) {
        // Wait for readability rather than read, so a read the timer cancels loses nothing.
        const auto ready = co_await (socket.async_wait(tcp::socket::wait_read, kTuple)
                                     || timer.async_wait(kTuple));
        if (ready.index() == 1 || std::get<0>(std::get<0>(ready)))
            break;
        boost::system::error_code ec;
        const std::size_t n = socket.read_some(asio::buffer(chunk), ec);
        if (ec)
            break;
        sniffed.bytes.append(chunk, n);
        if (const auto workload = classifyFirstBytes(sniffed.bytes)) {
            sniffed.workload = *workload;
            co_return sniffed;
        }
    }
    sniffed.workload = classifyFirstBytes(sniffed.bytes).value_or(Workload::Echo);
    co_return sniffed;
}

asio::awaitable<void> serveEcho(beast::tcp_stream &stream, std::string initial,
                                SessionControl &control)
{
    std::array<char, 16 * 1024> chunk;
    std::string pending = std::move(initial);
    while (!control.stopping) {
        if (!pending.empty()) {
            stream.expires_after(kSessionWriteTimeout);
            auto [ec, n] = co_await asio::async_write(stream, asio::buffer(pending), kTuple);
            if (ec)
                co_return;
        }
        stream.expires_after(kEchoIdle);
        auto [ec, n] = co_await stream.async_read_some(asio::buffer(chunk), kTuple);
        if (ec) {
            if (ec == asio::error::eof) {
                boost::system::error_code ignored;
                stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
            }
            co_return;
        }
        pending.assign(chunk.data(), n);
    }
}

} // namespace clusterlab::net
