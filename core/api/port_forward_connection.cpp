// One forwarded connection of a port-forward session: find the Pod's port, connect, and copy
// both ways until either side ends.

#include "api/port_forward_connection.h"

#include "io/awaitable.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/write.hpp>

#include <cctype>

namespace clusterlab::api {

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

/// kHighWater: a Pod's reader waits while more than this waits to go to kubectl.
constexpr std::size_t kHighWater = 1024 * 1024;
constexpr std::size_t kChunk = 32 * 1024;
/// kHalfCloseGrace is how long the Pod may go on answering after kubectl's side ended
/// (containerd's port-forward waits as long).
constexpr std::chrono::seconds kHalfCloseGrace{ 1 };

} // namespace

net::awaitable<void> PortForwardSession::forward(std::shared_ptr<PortForwardSession> keep,
                                                 std::shared_ptr<Connection> connection)
{
    if (connection->done || m_closed) // kubectl left before this forward began
        co_return;
    const std::string port = std::to_string(connection->port);
    ForwardTarget target = m_resolver ? m_resolver(m_spec, connection->port) : ForwardTarget{};
    if (!m_resolver)
        target.failure = "ClusterLab runs no data plane here, so no Pod port can be reached";
    if (connection->done || m_closed)
        co_return;
    const std::string prefix = "error forwarding port " + port + " to pod " + m_spec.pod + ", uid "
            + m_spec.podUid + ": ";
    if (!target.failure.empty()) {
        finish(connection, prefix + target.failure);
        co_return;
    }
    boost::system::error_code ec;
    const auto address = net::ip::make_address(target.address, ec);
    if (!ec)
        std::tie(ec) = co_await connection->socket.async_connect(
                tcp::endpoint(address, target.port), io::kTuple);
    if (connection->done || m_closed)
        co_return;
    if (ec) {
        std::string reason = ec.message(); // strerror's "Connection refused", as Go words it
        if (!reason.empty())
            reason[0] = char(std::tolower(static_cast<unsigned char>(reason[0])));
        finish(connection,
               prefix + "failed to connect to localhost:" + port
                       + " inside the Pod's network namespace, IPv4: dial tcp4 " + target.address
                       + ":" + port + ": connect: " + reason);
        co_return;
    }
    connection->observer = target.observer;
    if (connection->observer) {
        boost::system::error_code ignored;
        const auto local = connection->socket.local_endpoint(ignored);
        connection->observer->opened(local.address().to_string(), local.port());
    }
    net::co_spawn(m_executor, clientToPod(keep, connection), net::detached);
    co_await podToClient(connection);
}

net::awaitable<void> PortForwardSession::podToClient(std::shared_ptr<Connection> connection)
{
    std::string buffer(kChunk, '\0');
    while (!connection->done) {
        auto [ec, n] = co_await connection->socket.async_read_some(net::buffer(buffer), io::kTuple);
        if (connection->done)
            co_return;
        if (ec) { // EOF or reset: either way the forward is over, as in containerd
            finish(connection, {});
            co_return;
        }
        connection->fromPodBytes += n;
        send(m_writer.data(connection->dataStream, std::string_view(buffer.data(), n)));
        co_await waitForRoom(*connection);
    }
}

net::awaitable<void> PortForwardSession::clientToPod(std::shared_ptr<PortForwardSession> keep,
                                                     std::shared_ptr<Connection> connection)
{
    (void)keep; // held for the coroutine's life: the session must outlive its connections
    while (!connection->done) {
        if (connection->toPod.empty()) {
            if (connection->clientFin) {
                // kubectl's side ended: the Pod reads its end of input and may still answer.
                boost::system::error_code ignored;
                connection->socket.shutdown(tcp::socket::shutdown_send, ignored);
                connection->wake.expires_after(kHalfCloseGrace);
                co_await connection->wake.async_wait(io::kTuple);
                finish(connection, {});
                co_return;
            }
            connection->wake.expires_at(net::steady_timer::time_point::max());
            co_await connection->wake.async_wait(io::kTuple);
            continue;
        }
        std::string bytes = std::move(connection->toPod.front());
        connection->toPod.pop_front();
        connection->queued -= bytes.size();
        auto [ec, n] =
                co_await net::async_write(connection->socket, net::buffer(bytes), io::kTuple);
        if (connection->done)
            co_return;
        if (ec) {
            finish(connection, {});
            co_return;
        }
        connection->toPodBytes += n;
    }
}

net::awaitable<void> PortForwardSession::waitForRoom(const Connection &connection)
{
    // m_room never expires: takeOutgoing() and finish() cancel it, waking every reader.
    while (!m_closed && !connection.done && m_outgoing.size() > kHighWater)
        co_await m_room.async_wait(io::kTuple);
}

} // namespace clusterlab::api
