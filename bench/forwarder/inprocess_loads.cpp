#include "inprocess_loads.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <string>
#include <vector>

namespace bench {

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);

const std::string kRequest = "GET / HTTP/1.1\r\nHost: backend\r\n\r\n";
const std::string kResponse = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

/// serveBackend answers each request on one connection (a bulk request with its bytes).
asio::awaitable<void> serveBackend(tcp::socket socket)
{
    socket.set_option(tcp::no_delay(true));
    std::string pending;
    char buffer[16 * 1024];
    for (;;) {
        auto [ec, n] = co_await socket.async_read_some(asio::buffer(buffer), kUseTuple);
        if (ec)
            co_return;
        pending.append(buffer, n);
        std::size_t end;
        while ((end = pending.find("\r\n\r\n")) != std::string::npos) {
            const std::string head = pending.substr(0, end);
            pending.erase(0, end + 4);
            if (head.rfind("GET /bulk/", 0) == 0) {
                std::uint64_t left = std::stoull(head.substr(10));
                std::vector<char> chunk(1 << 20, 'x');
                while (left > 0) {
                    const auto size =
                            static_cast<std::size_t>(std::min<std::uint64_t>(left, chunk.size()));
                    auto [we, written] = co_await asio::async_write(
                            socket, asio::buffer(chunk.data(), size), kUseTuple);
                    if (we)
                        co_return;
                    left -= written;
                }
                boost::system::error_code ignored;
                socket.shutdown(tcp::socket::shutdown_send, ignored);
                continue;
            }
            auto [we, written] =
                    co_await asio::async_write(socket, asio::buffer(kResponse), kUseTuple);
            if (we)
                co_return;
        }
    }
}

} // namespace

asio::awaitable<void> acceptBackend(tcp::acceptor &acceptor)
{
    for (;;) {
        auto [ec, socket] = co_await acceptor.async_accept(
                asio::make_strand(acceptor.get_executor()), kUseTuple);
        if (ec == asio::error::operation_aborted)
            co_return;
        if (ec)
            continue;
        auto executor = socket.get_executor();
        asio::co_spawn(executor, serveBackend(std::move(socket)), asio::detached);
    }
}

namespace {

/// Tally counts what the clients of one load did.
struct Tally
{
    std::atomic<std::uint64_t> done{ 0 }, errors{ 0 };
};

/// keepAliveClient sends requests on one connection until `until`.
asio::awaitable<void> keepAliveClient(tcp::endpoint target, Clock::time_point until, Tally &tally)
{
    tcp::socket socket(co_await asio::this_coro::executor);
    auto [ce] = co_await socket.async_connect(target, kUseTuple);
    if (ce) {
        ++tally.errors;
        co_return;
    }
    socket.set_option(tcp::no_delay(true));
    std::string response(kResponse.size(), '\0');
    while (Clock::now() < until) {
        auto [we, w] = co_await asio::async_write(socket, asio::buffer(kRequest), kUseTuple);
        auto [re, r] = co_await asio::async_read(socket, asio::buffer(response), kUseTuple);
        if (we || re) {
            ++tally.errors;
            co_return;
        }
        ++tally.done;
    }
}

/// connectionPerRequestClient opens a connection per request until `until`.
asio::awaitable<void> connectionPerRequestClient(tcp::endpoint target, Clock::time_point until,
                                                 Tally &tally)
{
    std::string response(kResponse.size(), '\0');
    while (Clock::now() < until) {
        tcp::socket socket(co_await asio::this_coro::executor);
        auto [ce] = co_await socket.async_connect(target, kUseTuple);
        if (ce) {
            ++tally.errors;
            co_await asio::steady_timer(socket.get_executor(), 1ms).async_wait(kUseTuple);
            continue;
        }
        socket.set_option(tcp::no_delay(true));
        auto [we, w] = co_await asio::async_write(socket, asio::buffer(kRequest), kUseTuple);
        auto [re, r] = co_await asio::async_read(socket, asio::buffer(response), kUseTuple);
        if (we || re)
            ++tally.errors;
        else
            ++tally.done;
    }
}

/// bulkClient asks for `bytes` and reads them to the end.
asio::awaitable<void> bulkClient(tcp::endpoint target, std::uint64_t bytes, Tally &tally)
{
    tcp::socket socket(co_await asio::this_coro::executor);
    auto [ce] = co_await socket.async_connect(target, kUseTuple);
    if (ce) {
        ++tally.errors;
        co_return;
    }
    const std::string request = "GET /bulk/" + std::to_string(bytes) + "\r\n\r\n";
    co_await asio::async_write(socket, asio::buffer(request), kUseTuple);
    std::vector<char> buffer(1 << 20);
    for (;;) {
        auto [re, n] = co_await socket.async_read_some(asio::buffer(buffer), kUseTuple);
        tally.done += n;
        if (re)
            break;
    }
    if (tally.done != bytes)
        ++tally.errors;
}

} // namespace

InProcessMeasurement runInProcessLoad(InProcessLoad load, const tcp::endpoint &target,
                                      const Options &options)
{
    asio::io_context clients(1);
    Tally tally;
    const auto start = Clock::now();
    const auto until = start
            + std::chrono::duration_cast<Clock::duration>(
                               std::chrono::duration<double>(options.seconds));
    if (load == InProcessLoad::Bulk) {
        asio::co_spawn(clients, bulkClient(target, options.bulkMiB << 20, tally), asio::detached);
    } else {
        for (int i = 0; i < options.connections; ++i)
            asio::co_spawn(clients,
                           load == InProcessLoad::KeepAlive
                                   ? keepAliveClient(target, until, tally)
                                   : connectionPerRequestClient(target, until, tally),
                           asio::detached);
    }
    clients.run_for(std::chrono::seconds(60)); // a hard bound; loads end well before
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    const double value = load == InProcessLoad::Bulk ? double(tally.done) / 1e6 / elapsed
                                                     : double(tally.done) / elapsed;
    return { value, tally.errors.load() };
}

} // namespace bench
