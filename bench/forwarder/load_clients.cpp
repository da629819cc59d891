#include "load_clients.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

namespace bench {

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);

const std::string kKeepAliveRequest = "GET / HTTP/1.1\r\nHost: web\r\n\r\n";
const std::string kCloseRequest = "GET / HTTP/1.1\r\nHost: web\r\nConnection: close\r\n\r\n";

/// Tally counts what the clients of one load did.
struct Tally
{
    std::uint64_t done = 0, errors = 0;
};

/// toAsio is the Asio form of an Endpoint.
tcp::endpoint toAsio(const Endpoint &e)
{
    return { asio::ip::make_address(e.ip), static_cast<unsigned short>(e.port) };
}

/// contentLength reads the Content-Length header of a response head; nullopt if absent.
std::optional<std::size_t> contentLength(const std::string &head)
{
    std::string lower(head);
    for (auto &c : lower)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    const auto at = lower.find("\r\ncontent-length:");
    if (at == std::string::npos)
        return std::nullopt;
    return std::stoull(lower.substr(at + 17));
}

/// readResponse reads one response from socket into (and out of) `pending`: to its
/// Content-Length, or to EOF when toEof (the server closes after "Connection: close").
asio::awaitable<bool> readResponse(tcp::socket &socket, std::string &pending, bool toEof)
{
    char buffer[16 * 1024];
    for (;;) {
        const auto end = pending.find("\r\n\r\n");
        if (end != std::string::npos && !toEof) {
            const auto length = contentLength(pending.substr(0, end + 2));
            if (!length)
                co_return false;
            if (pending.size() >= end + 4 + *length) {
                pending.erase(0, end + 4 + *length);
                co_return true;
            }
        }
        auto [ec, n] = co_await socket.async_read_some(asio::buffer(buffer), kUseTuple);
        if (ec) {
            const bool whole = toEof && ec == asio::error::eof && end != std::string::npos;
            pending.clear();
            co_return whole;
        }
        pending.append(buffer, n);
    }
}

/// httpClient is one of httpLoad's connections: requests until `until`, reconnecting (to
/// the next target) after every answer when closeEach, and after an error.
asio::awaitable<void> httpClient(std::vector<tcp::endpoint> targets, std::size_t next,
                                 bool closeEach, Clock::time_point until, Tally &tally)
{
    const auto executor = co_await asio::this_coro::executor;
    std::optional<tcp::socket> socket;
    std::string pending;
    const std::string &request = closeEach ? kCloseRequest : kKeepAliveRequest;
    while (Clock::now() < until) {
        if (!socket) {
            socket.emplace(executor);
            auto [ce] = co_await socket->async_connect(targets[next++ % targets.size()], kUseTuple);
            if (ce) {
                ++tally.errors, socket.reset();
                co_await asio::steady_timer(executor, 1ms).async_wait(kUseTuple);
                continue;
            }
            socket->set_option(tcp::no_delay(true));
        }
        auto [we, w] = co_await asio::async_write(*socket, asio::buffer(request), kUseTuple);
        if (we || !co_await readResponse(*socket, pending, closeEach)) {
            ++tally.errors, socket.reset(), pending.clear();
            continue;
        }
        ++tally.done;
        if (closeEach)
            socket.reset();
    }
}

/// writeStream writes `bytes`, then shuts the sending side so the echo ends too.
asio::awaitable<void> writeStream(tcp::socket &socket, std::uint64_t bytes)
{
    const std::string chunk(1 << 20, 'x'); // 'x' makes the sniffing Pod choose echo
    while (bytes > 0) {
        const auto size = static_cast<std::size_t>(std::min<std::uint64_t>(bytes, chunk.size()));
        auto [ec, n] =
                co_await asio::async_write(socket, asio::buffer(chunk.data(), size), kUseTuple);
        if (ec)
            co_return;
        bytes -= n;
    }
    boost::system::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_send, ignored);
}

/// readStream reads the echo to its end, noting when the last byte came; then it cancels
/// the deadline.
asio::awaitable<void> readStream(tcp::socket &socket, std::uint64_t &received,
                                 Clock::time_point &last, asio::steady_timer &deadline)
{
    std::vector<char> buffer(1 << 20);
    for (;;) {
        auto [ec, n] = co_await socket.async_read_some(asio::buffer(buffer), kUseTuple);
        received += n;
        last = Clock::now();
        if (ec)
            break;
    }
    deadline.cancel();
}

} // namespace

LoadResult httpLoad(const std::vector<Endpoint> &targets, int connections, double seconds,
                    bool closeEach)
{
    asio::io_context clients(1);
    std::vector<tcp::endpoint> endpoints;
    for (const auto &t : targets)
        endpoints.push_back(toAsio(t));
    Tally tally;
    const auto start = Clock::now();
    const auto until = start
            + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
    for (int i = 0; i < connections; ++i)
        asio::co_spawn(clients, httpClient(endpoints, std::size_t(i), closeEach, until, tally),
                       asio::detached);
    clients.run_for(std::chrono::duration_cast<Clock::duration>(
            std::chrono::duration<double>(seconds + 10))); // a hard bound past the load's end
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    return { double(tally.done) / elapsed, tally.errors, true };
}

LoadResult streamLoad(const Endpoint &target, std::uint64_t bytes, std::chrono::seconds limit)
{
    asio::io_context client(1);
    tcp::socket socket(client);
    asio::steady_timer deadline(client, limit);
    const auto start = Clock::now();
    auto last = start;
    std::uint64_t received = 0;
    boost::system::error_code ec;
    socket.connect(toAsio(target), ec);
    if (ec)
        return { 0, 1, false };
    socket.set_option(tcp::no_delay(true));
    deadline.async_wait([&](const boost::system::error_code &e) {
        if (!e)
            socket.close();
    });
    asio::co_spawn(client, writeStream(socket, bytes), asio::detached);
    asio::co_spawn(client, readStream(socket, received, last, deadline), asio::detached);
    client.run();
    const double elapsed = std::chrono::duration<double>(last - start).count();
    const bool complete = received == bytes;
    return { elapsed > 0 ? double(received) / double(1 << 20) / elapsed : 0, complete ? 0u : 1u,
             complete };
}

} // namespace bench
