#include "io/awaitable.h"
#include "net/tcp_connection.h"

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

// The bulk path of a forwarded connection: once reads keep filling the buffer, the rest of that
// direction moves socket -> pipe -> socket in the kernel (Linux splice(2)).
namespace clusterlab::net::detail {

namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;
using namespace net::experimental::awaitable_operators;

/// waitWritable waits for room to write. Asio's wait ops re-arm epoll each time, so readiness
/// is not missed; the short timer only bounds a wait on a socket closed meanwhile.
net::awaitable<void> waitWritable(tcp::socket &socket)
{
    net::steady_timer timer(socket.get_executor(), 10ms);
    co_await (socket.async_wait(tcp::socket::wait_write, io::kTuple)
              || timer.async_wait(io::kTuple));
}

/// Pipe is a non-blocking pipe with a 1 MiB buffer, closed when it goes out of scope.
struct Pipe
{
    int fds[2] = { -1, -1 };
    bool open() { return ::pipe2(fds, O_NONBLOCK | O_CLOEXEC) == 0; }
    ~Pipe()
    {
        for (int fd : fds)
            if (fd >= 0)
                ::close(fd);
    }
};

} // namespace

/// spliceDirection moves bytes of one direction in the kernel until it ends. When no pipe can
/// be made it goes back to copying. Waiting for input uses a 1-byte MSG_PEEK receive, which
/// Asio performs speculatively, so readiness is never missed.
net::awaitable<void>
TcpConnection::spliceDirection([[maybe_unused]] std::shared_ptr<TcpConnection> self, int d)
{
    Pipe pipe;
    if (!pipe.open()) {
        read(d);
        co_return;
    }
    ::fcntl(pipe.fds[1], F_SETPIPE_SZ, 1 << 20);
    boost::system::error_code ignored;
    from(d).native_non_blocking(true, ignored);
    to(d).native_non_blocking(true, ignored);
    constexpr std::size_t kChunk = 1 << 20;
    auto &direction = m_directions[d];
    char peek = 0;
    for (;;) {
        // The fds are read right at each call: closeBoth runs on this strand, never in between.
        const ssize_t n = ::splice(from(d).native_handle(), nullptr, pipe.fds[1], nullptr, kChunk,
                                   SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
        if (n == 0) {
            endDirection(d, net::error::eof);
            break;
        }
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno != EAGAIN) {
                closeBoth();
                break;
            }
            auto [ec, peeked] = co_await from(d).async_receive(
                    net::buffer(&peek, 1), tcp::socket::message_peek, io::kTuple);
            if (ec) {
                endDirection(d, ec);
                break;
            }
            continue;
        }
        lastActive.store(m_port->shared()->tick(), std::memory_order_relaxed);
        std::size_t inPipe = static_cast<std::size_t>(n);
        while (inPipe > 0) {
            const ssize_t m = ::splice(pipe.fds[0], nullptr, to(d).native_handle(), nullptr, inPipe,
                                       SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
            if (m > 0) {
                inPipe -= static_cast<std::size_t>(m);
                direction.bytes += static_cast<std::uint64_t>(m);
            } else if (m < 0 && errno == EAGAIN && to(d).is_open()) {
                co_await waitWritable(to(d));
            } else if (!(m < 0 && errno == EINTR)) {
                break;
            }
        }
        if (inPipe > 0) {
            closeBoth();
            break;
        }
    }
}

} // namespace clusterlab::net::detail
