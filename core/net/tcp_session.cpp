#include "net/tcp_session.h"

#include "io/awaitable.h"
#include "io/io_errors.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <array>
#include <chrono>
#include <fcntl.h>
#include <iostream>
#include <unistd.h>

namespace clusterlab::net::detail {

namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;
using namespace net::experimental::awaitable_operators;

// tryConnect's dial timeouts in the userspace proxy.
constexpr std::array<std::chrono::milliseconds, 4> kConnectTimeouts{ 250ms, 500ms, 1s, 2s };

/// Connection is shared by the two pumps and the idle watchdog of one forwarded connection; the
/// last one to finish destroys it, which reports the end of the flow. Thread: its strand only.
struct Connection
{
    Connection(std::shared_ptr<PortProxy> p, tcp::socket c, tcp::socket b, FlowEvent ev,
               Endpoint ep, std::size_t bufferSize_)
        : port(std::move(p)),
          client(std::move(c)),
          backend(std::move(b)),
          watchdog(client.get_executor()),
          event(std::move(ev)),
          endpoint(std::move(ep)),
          bufferSize(bufferSize_),
          buffers{ port->shared()->takeBuffer(bufferSize_),
                   port->shared()->takeBuffer(bufferSize_) }
    {
    }

    ~Connection()
    {
        endpoint.stats->active.fetch_sub(1, std::memory_order_relaxed);
        event.bytesToEndpoint = bytes[0];
        event.bytesFromEndpoint = bytes[1];
        event.endedAt = std::chrono::system_clock::now();
        event.duration = std::chrono::duration_cast<std::chrono::microseconds>(
                std::chrono::steady_clock::now() - started);
        if (auto *sink = port->shared()->sink)
            sink->onFlowEnd(event);
        port->shared()->unregisterSession(sessionId);
        for (auto &buffer : buffers)
            port->shared()->giveBuffer(std::move(buffer), bufferSize);
    }

    void closeBoth()
    {
        boost::system::error_code ignored;
        client.close(ignored);
        backend.close(ignored);
        watchdog.cancel();
    }

    void pumpDone()
    {
        if (--pumpsLeft == 0)
            watchdog.cancel();
    }

    /// endDirection handles the end of reading `from`: EOF is passed on as a half-close, any
    /// other ending closes both sides.
    void endDirection(const boost::system::error_code &ec, tcp::socket &to)
    {
        boost::system::error_code ignored;
        if (ec == net::error::eof) {
            to.shutdown(tcp::socket::shutdown_send, ignored);
            return;
        }
        if (!io::isNormalEnding(ec))
            io::reportFailure(ec,
                              "forwarding " + event.clusterIP + ":" + std::to_string(event.port));
        closeBoth();
    }

    std::shared_ptr<PortProxy> port;
    tcp::socket client, backend;
    net::steady_timer watchdog;
    FlowEvent event;
    Endpoint endpoint;
    const std::size_t bufferSize;
    // [0] client to endpoint, [1] endpoint to client; not zero-filled: only read bytes are used.
    std::array<std::unique_ptr<char[]>, 2> buffers;
    std::array<std::uint64_t, 2> bytes{};
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point lastActivity = started;
    int pumpsLeft = 2;
    std::uint64_t sessionId = 0;
};

net::awaitable<bool> spliceLoop(Connection &c, int direction);

/// copyPump copies through a user-space buffer, which is cheapest for small messages. With
/// `splice`, a read that fills the whole buffer marks bulk traffic, and the rest of that
/// direction moves in the kernel with splice(2).
net::awaitable<void> copyPump(std::shared_ptr<Connection> c, int direction, bool splice)
{
    tcp::socket &from = direction == 0 ? c->client : c->backend;
    tcp::socket &to = direction == 0 ? c->backend : c->client;
    char *buffer = c->buffers[direction].get();
    for (;;) {
        auto [readError, n] =
                co_await from.async_read_some(net::buffer(buffer, c->bufferSize), io::kTuple);
        if (readError) {
            c->endDirection(readError, to);
            break;
        }
        c->lastActivity = std::chrono::steady_clock::now();
        auto [writeError, written] =
                co_await net::async_write(to, net::buffer(buffer, n), io::kTuple);
        c->bytes[direction] += written;
        if (writeError) {
            c->closeBoth();
            break;
        }
        if (splice && n == c->bufferSize && co_await spliceLoop(*c, direction))
            break;
    }
    c->pumpDone();
}

/// waitWritable waits for room to write. Asio's wait ops are not speculative, so an edge that
/// comes between EAGAIN and the wait can be missed; the short timer bounds that rare case.
net::awaitable<void> waitWritable(tcp::socket &socket)
{
    net::steady_timer timer(socket.get_executor(), 10ms);
    co_await (socket.async_wait(tcp::socket::wait_write, io::kTuple)
              || timer.async_wait(io::kTuple));
}

/// spliceLoop moves bytes socket -> pipe -> socket in the kernel (Linux splice(2)), never
/// copying them to user space, until the direction ends (true). False means no pipe could be
/// made and the caller should go on copying. Waiting for input uses a 1-byte MSG_PEEK
/// receive, which Asio performs speculatively and so cannot miss readiness.
net::awaitable<bool> spliceLoop(Connection &c, int direction)
{
    tcp::socket &from = direction == 0 ? c.client : c.backend;
    tcp::socket &to = direction == 0 ? c.backend : c.client;
    int pipeFds[2];
    if (::pipe2(pipeFds, O_NONBLOCK | O_CLOEXEC) != 0)
        co_return false;
    struct PipeGuard
    {
        int fds[2];
        ~PipeGuard() { ::close(fds[0]), ::close(fds[1]); }
    } guard{ { pipeFds[0], pipeFds[1] } };
    ::fcntl(pipeFds[1], F_SETPIPE_SZ, 1 << 20);
    boost::system::error_code ignored;
    from.native_non_blocking(true, ignored);
    to.native_non_blocking(true, ignored);
    constexpr std::size_t kChunk = 1 << 20;
    char peek = 0;
    for (;;) {
        // The fds are read right at each call: closeBoth runs on this strand, never in between.
        const ssize_t n = ::splice(from.native_handle(), nullptr, pipeFds[1], nullptr, kChunk,
                                   SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
        if (n == 0) {
            c.endDirection(net::error::eof, to);
            break;
        }
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno != EAGAIN) {
                c.closeBoth();
                break;
            }
            auto [ec, peeked] = co_await from.async_receive(net::buffer(&peek, 1),
                                                            tcp::socket::message_peek, io::kTuple);
            if (ec) {
                c.endDirection(ec, to);
                break;
            }
            continue;
        }
        c.lastActivity = std::chrono::steady_clock::now();
        std::size_t inPipe = static_cast<std::size_t>(n);
        while (inPipe > 0) {
            const ssize_t m = ::splice(pipeFds[0], nullptr, to.native_handle(), nullptr, inPipe,
                                       SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
            if (m > 0) {
                inPipe -= static_cast<std::size_t>(m);
                c.bytes[direction] += static_cast<std::uint64_t>(m);
            } else if (m < 0 && errno == EAGAIN && to.is_open()) {
                co_await waitWritable(to);
            } else if (!(m < 0 && errno == EINTR)) {
                break;
            }
        }
        if (inPipe > 0) {
            c.closeBoth();
            break;
        }
    }
    co_return true;
}

/// watchIdle closes the connection after `idle` without traffic. It is a plain handler that
/// re-arms itself rather than a coroutine, so a connection costs no extra frame for it.
void watchIdle(std::shared_ptr<Connection> c, std::chrono::milliseconds idle)
{
    const auto period = std::clamp<std::chrono::milliseconds>(idle / 4, 50ms, 30s);
    c->watchdog.expires_after(period);
    c->watchdog.async_wait([c, idle](const boost::system::error_code &ec) mutable {
        if (ec || c->pumpsLeft == 0)
            return;
        if (std::chrono::steady_clock::now() - c->lastActivity >= idle) {
            c->closeBoth();
            return;
        }
        watchIdle(std::move(c), idle);
    });
}

void resetClient(tcp::socket &client)
{
    boost::system::error_code ignored;
    client.set_option(tcp::socket::linger(true, 0), ignored);
    client.close(ignored);
}

/// ConnectWatch lets the deadline handler cancel a connect only while it is still pending; it
/// is shared because that handler may run after the attempt's frame is gone.
struct ConnectWatch
{
    tcp::socket *socket = nullptr;
    bool done = false;
    bool timedOut = false;
};

/// connectWithin connects with a deadline. A plain timer handler cancels the socket, which costs
/// far less than racing two awaitables with operator|| (a parallel group per attempt).
/// Thread: the socket's strand, which also runs the timer handler.
net::awaitable<boost::system::error_code>
connectWithin(tcp::socket &socket, const tcp::endpoint &endpoint, std::chrono::milliseconds timeout)
{
    auto watch = std::make_shared<ConnectWatch>(ConnectWatch{ &socket });
    net::steady_timer timer(socket.get_executor(), timeout);
    timer.async_wait([watch](const boost::system::error_code &ec) {
        if (ec || watch->done)
            return;
        watch->timedOut = true;
        boost::system::error_code ignored;
        watch->socket->cancel(ignored);
    });
    auto [ec] = co_await socket.async_connect(endpoint, io::kTuple);
    watch->done = true;
    timer.cancel();
    co_return watch->timedOut ? net::error::timed_out : ec;
}

/// connectEndpoint connects `backend` to a ready endpoint, trying up to maxAttempts different
/// ones (tryConnect); after a failure affinity is bypassed so the client is re-pinned.
net::awaitable<std::optional<Endpoint>> connectEndpoint(PortProxy &port, tcp::socket &backend,
                                                        FlowEvent &event, int maxAttempts)
{
    std::vector<std::string> tried;
    while (event.attempts < maxAttempts) {
        auto candidate = port.picker().pick(port.shared()->mode.load(), event.clientIP, tried,
                                            event.attempts > 0);
        if (!candidate)
            break;
        candidate->stats->active.fetch_add(1, std::memory_order_relaxed);
        tried.push_back(candidate->key);
        boost::system::error_code parseError;
        const auto address = net::ip::make_address_v4(candidate->ip, parseError);
        const tcp::endpoint target(address, static_cast<unsigned short>(candidate->port));
        const auto connectError = parseError
                ? parseError
                : co_await connectWithin(backend, target, kConnectTimeouts[event.attempts]);
        ++event.attempts;
        if (!connectError)
            co_return candidate;
        candidate->stats->active.fetch_sub(1, std::memory_order_relaxed);
        backend = tcp::socket(backend.get_executor());
    }
    co_return std::nullopt;
}

net::awaitable<void> forward(std::shared_ptr<PortProxy> port, tcp::socket client)
{
    const auto shared = port->shared();
    const auto options = shared->options();
    FlowEvent event = port->newFlowEvent();
    event.startedAt = std::chrono::system_clock::now();
    const auto started = std::chrono::steady_clock::now();
    boost::system::error_code ec;
    const auto peer = client.remote_endpoint(ec);
    if (ec)
        co_return; // the client is already gone
    event.clientIP = peer.address().to_string();
    event.clientPort = peer.port();

    tcp::socket backend(client.get_executor());
    auto chosen = co_await connectEndpoint(*port, backend, event,
                                           std::clamp(options.maxConnectAttempts, 1, 4));
    if (!chosen) {
        resetClient(client);
        event.result = event.attempts == 0 ? FlowEvent::Result::Refused : FlowEvent::Result::Reset;
        event.endedAt = std::chrono::system_clock::now();
        event.duration = std::chrono::duration_cast<std::chrono::microseconds>(
                std::chrono::steady_clock::now() - started);
        if (shared->sink)
            shared->sink->onFlowEnd(event);
        co_return;
    }
    event.result = event.attempts > 1 ? FlowEvent::Result::Retried : FlowEvent::Result::Ok;
    event.endpointIP = chosen->ip;
    event.endpointPort = chosen->port;
    event.endpointPod = chosen->podName;
    client.set_option(tcp::no_delay(true), ec);
    backend.set_option(tcp::no_delay(true), ec);

    const std::size_t bufferSize = std::max<std::size_t>(options.bufferSize, 4096);
    auto connection = std::make_shared<Connection>(port, std::move(client), std::move(backend),
                                                   event, std::move(*chosen), bufferSize);
    connection->started = started;
    std::weak_ptr<Connection> weak = connection;
    connection->sessionId = shared->registerSession([weak] {
        if (auto c = weak.lock())
            net::post(c->client.get_executor(), [c] {
                c->closeBoth();
            });
    });
    if (shared->sink)
        shared->sink->onFlowStart(event);
    if (shared->stopping.load())
        connection->closeBoth();
    watchIdle(connection, options.tcpIdleTimeout);
    net::co_spawn(connection->client.get_executor(), copyPump(connection, 1, options.useSplice),
                  net::detached);
    // The client-to-endpoint pump runs in this coroutine: one spawn (and frame) fewer.
    co_await copyPump(std::move(connection), 0, options.useSplice);
}

} // namespace

net::awaitable<void> runTcpSession(std::shared_ptr<PortProxy> port, tcp::socket client)
{
    try {
        co_await forward(std::move(port), std::move(client));
    } catch (const std::exception &e) {
        std::cerr << "clusterlab net: forwarding session failed: " << e.what() << '\n';
    }
}

} // namespace clusterlab::net::detail
