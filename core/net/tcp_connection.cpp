#include "net/tcp_connection.h"

#include "io/io_errors.h"
#include "net/local_servers.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include <cerrno>
#include <iostream>
#include <netinet/in.h>
#include <sys/socket.h>

namespace clusterlab::net::detail {

namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;

// tryConnect's dial timeouts in the userspace proxy; on loopback only a dropped SYN (a full
// accept queue) ever waits for them.
constexpr std::array<std::chrono::milliseconds, 4> kConnectTimeouts{ 250ms, 500ms, 1s, 2s };

boost::system::error_code lastError()
{
    return { errno, boost::system::system_category() };
}

/// connectAgain asks a connecting socket how its connect went: 0 or EISCONN when it is
/// connected, EALREADY while the handshake is still on its way, else the failure.
int connectAgain(int fd, const sockaddr_in &address)
{
    const int rc = ::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address);
    return rc == 0 || errno == EISCONN ? 0 : errno;
}

sockaddr_in socketAddressOf(const Endpoint &endpoint)
{
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(endpoint.port));
    address.sin_addr.s_addr = endpoint.address;
    return address;
}

/// isPodNetwork says whether a host-order address is in 127.244.0.0/16 (Pods and nodes).
bool isPodNetwork(std::uint32_t address)
{
    return (address & 0xffff0000u) == 0x7ff40000u;
}

/// bindSource binds a socket about to connect to `source` (network order), its port left to
/// connect (IP_BIND_ADDRESS_NO_PORT), as SNAT to a node's address does.
bool bindSource(int fd, std::uint32_t source)
{
    const int on = 1;
    ::setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &on, sizeof on);
    sockaddr_in local{};
    local.sin_family = AF_INET;
    local.sin_addr.s_addr = source;
    return ::bind(fd, reinterpret_cast<const sockaddr *>(&local), sizeof local) == 0;
}

void resetClient(tcp::socket &client)
{
    boost::system::error_code ignored;
    client.set_option(tcp::socket::linger(true, 0), ignored);
    client.close(ignored);
}

} // namespace

TcpConnection::TcpConnection(std::shared_ptr<PortProxy> port, tcp::socket client,
                             const tcp::endpoint &peer)
    : m_port(std::move(port)),
      m_options(m_port->shared()->options()),
      m_rules(m_port->rules()),
      m_client(std::move(client)),
      m_backend(m_client.get_executor()),
      m_event(m_port->newFlowEvent())
{
    m_event.startedAt = std::chrono::system_clock::now();
    m_event.clientIP = peer.address().to_string();
    m_event.clientPort = peer.port();
    if (peer.address().is_v4())
        m_clientAddress = peer.address().to_v4().to_uint();
}

TcpConnection::~TcpConnection()
{
    if (m_tracked)
        m_port->shared()->untrack(*this); // first: the sweep may not reach a half-destroyed one
    finishFlow();
    for (auto &direction : m_directions)
        if (direction.large)
            m_port->shared()->giveBuffer(std::move(direction.large), direction.size);
}

void TcpConnection::start()
{
    if (!m_rules->admits(m_clientAddress)) {
        giveUp(); // not in loadBalancerSourceRanges: refused, as a cloud firewall would
        return;
    }
    connectNext();
}

void TcpConnection::closeSoon()
{
    net::post(m_client.get_executor(), [self = shared_from_this()] {
        self->closeBoth();
    });
}

/// connectNext tries the next endpoint, up to maxConnectAttempts different ones (tryConnect);
/// after a failure affinity is bypassed so the client is re-pinned to one that works.
void TcpConnection::connectNext()
{
    const int maxAttempts = std::clamp(m_options.maxConnectAttempts, 1, 4);
    // internalTrafficPolicy Local: a Pod (or its node) reaches only its own node's endpoints.
    const std::uint32_t onlyNode = m_rules->internalLocal && isPodNetwork(m_clientAddress)
            ? m_clientAddress & 0xffffff00u
            : 0;
    while (!m_closed && !m_port->shared()->stopping.load() && m_event.attempts < maxAttempts) {
        m_endpoint = m_port->picker().pick(m_port->shared()->mode.load(), m_event.clientIP, m_tried,
                                           m_event.attempts > 0, onlyNode);
        if (!m_endpoint)
            break;
        m_endpoint->stats->active.fetch_add(1, std::memory_order_relaxed);
        m_tried.push_back(m_endpoint->key);
        ++m_event.attempts;
        if (handOver())
            return;
        boost::system::error_code ec;
        if (!connectNow(*m_endpoint, ec)) {
            connectSlowly(kConnectTimeouts[m_event.attempts - 1]);
            return;
        }
        if (!ec) {
            onConnected();
            return;
        }
        m_endpoint->stats->active.fetch_sub(1, std::memory_order_relaxed);
        m_endpoint.reset();
    }
    giveUp();
}

/// connectNow starts a non-blocking connect and returns true when its outcome is known at once
/// (in `ec`). On loopback the handshake completes inside the first connect call, so a second
/// one tells how it went: no wait for writability, no poll and no getsockopt.
bool TcpConnection::connectNow(const Endpoint &endpoint, boost::system::error_code &ec)
{
    m_backend = tcp::socket(m_client.get_executor());
    m_backend.open(tcp::v4(), ec);
    if (!ec)
        m_backend.native_non_blocking(true, ec);
    if (ec)
        return true;
    const sockaddr_in address = socketAddressOf(endpoint);
    const int fd = m_backend.native_handle();
    if (m_rules->sourceIP != 0 && !bindSource(fd, m_rules->sourceIP)) {
        ec = lastError();
        return true;
    }
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) == 0) {
        ec = {};
        return true;
    }
    if (errno != EINPROGRESS) {
        ec = lastError();
        return true;
    }
    const int result = connectAgain(fd, address);
    if (result == EALREADY || result == EINPROGRESS)
        return false;
    ec = { result, boost::system::system_category() };
    return true;
}

/// connectSlowly waits for a connect still in progress, at most `timeout`.
void TcpConnection::connectSlowly(std::chrono::milliseconds timeout)
{
    if (!m_connectTimer)
        m_connectTimer.emplace(m_client.get_executor());
    const int attempt = m_event.attempts;
    m_connectTimer->expires_after(timeout);
    m_connectTimer->async_wait(
            [self = shared_from_this(), attempt](const boost::system::error_code &ec) {
                boost::system::error_code ignored;
                if (!ec && self->m_event.attempts == attempt && !self->m_tracked)
                    self->m_backend.cancel(ignored);
            });
    m_backend.async_wait(tcp::socket::wait_write,
                         [self = shared_from_this()](const boost::system::error_code &ec) {
                             self->m_connectTimer->cancel();
                             if (self->m_closed)
                                 return;
                             if (self->m_port->shared()->stopping.load()) {
                                 self->onConnectFailed(); // gives up: connectNext sees stopping
                                 return;
                             }
                             const sockaddr_in address = socketAddressOf(*self->m_endpoint);
                             if (!ec && connectAgain(self->m_backend.native_handle(), address) == 0)
                                 self->onConnected();
                             else
                                 self->onConnectFailed();
                         });
}

void TcpConnection::onConnectFailed()
{
    m_endpoint->stats->active.fetch_sub(1, std::memory_order_relaxed);
    m_endpoint.reset();
    connectNext();
}

void TcpConnection::giveUp()
{
    resetClient(m_client);
    m_closed = true;
    // Refused: the port had no ready endpoint when it accepted; Reset: every endpoint failed.
    m_event.result = m_event.attempts == 0 ? FlowEvent::Result::Refused : FlowEvent::Result::Reset;
}

void TcpConnection::onConnected()
{
    const auto &shared = m_port->shared();
    boost::system::error_code ignored;
    m_client.set_option(tcp::no_delay(true), ignored);
    m_backend.set_option(tcp::no_delay(true), ignored);
    shared->track(*this);
    m_tracked = true;
    reportStart();
    if (shared->stopping.load()) {
        closeBoth();
        return;
    }
    m_smallBuffers = std::make_unique_for_overwrite<char[]>(2 * Direction::kSmall);
    m_directions[0].small = m_smallBuffers.get();
    m_directions[1].small = m_smallBuffers.get() + Direction::kSmall;
    read(0);
    read(1);
}

/// handOver gives the client to the endpoint's server when it runs in this process (DNAT):
/// the flow ends when that server's session does, with the bytes the kernel counted.
bool TcpConnection::handOver()
{
    auto *local = m_port->shared()->local.load();
    if (!local || m_rules->sourceIP != 0) // SNAT needs a connection from the node's address
        return false;
    AdoptedEnd onEnd = [self = shared_from_this()](std::uint64_t in, std::uint64_t out) {
        self->m_directions[0].bytes = in;
        self->m_directions[1].bytes = out;
    };
    if (!local->adopt(m_endpoint->address, m_endpoint->port, m_client, onEnd))
        return false;
    reportStart();
    return true;
}

/// reportStart marks the connection as reaching m_endpoint (by connect or hand-over) and
/// reports the start of the flow.
void TcpConnection::reportStart()
{
    m_connected = true;
    m_event.result = m_event.attempts > 1 ? FlowEvent::Result::Retried : FlowEvent::Result::Ok;
    m_event.endpointIP = m_endpoint->ip;
    m_event.endpointPort = m_endpoint->port;
    m_event.endpointPod = m_endpoint->podName;
    if (auto *sink = m_port->shared()->sink.load())
        sink->onFlowStart(m_event);
}

void TcpConnection::read(int d)
{
    auto &direction = m_directions[d];
    from(d).async_read_some(
            net::buffer(direction.data(), direction.size),
            [self = shared_from_this(), d](const boost::system::error_code &ec, std::size_t n) {
                self->onRead(d, ec, n);
            });
}

void TcpConnection::onRead(int d, const boost::system::error_code &ec, std::size_t n)
{
    if (ec) {
        endDirection(d, ec);
        return;
    }
    lastActive.store(m_port->shared()->tick(), std::memory_order_relaxed);
    auto &direction = m_directions[d];
    net::async_write(to(d), net::buffer(direction.data(), n),
                     [self = shared_from_this(), d, full = n == direction.size](
                             const boost::system::error_code &writeError, std::size_t written) {
                         self->m_directions[d].bytes += written;
                         self->onWritten(d, writeError, full ? written : 0);
                     });
}

/// onWritten reads again, after growing the buffer (or switching to splice) when the last read
/// filled it: `filled` is the size of a read that filled the buffer, else 0.
void TcpConnection::onWritten(int d, const boost::system::error_code &ec, std::size_t filled)
{
    if (ec) {
        closeBoth();
        return;
    }
    auto &direction = m_directions[d];
    if (filled > 0 && !m_closed) {
        const std::size_t largeSize = std::max(m_options.bufferSize, Direction::kSmall);
        if (!direction.large && largeSize > Direction::kSmall) {
            direction.large = m_port->shared()->takeBuffer(largeSize);
            direction.size = largeSize;
        } else if (m_options.useSplice) {
            net::co_spawn(m_client.get_executor(), spliceDirection(shared_from_this(), d),
                          net::detached);
            return;
        }
    }
    read(d);
}

/// endDirection handles the end of reading one side: EOF is passed on as a half-close, unless
/// the other way has ended too, when closing both sockets sends the FIN (one syscall fewer);
/// any other ending closes both.
void TcpConnection::endDirection(int d, const boost::system::error_code &ec)
{
    m_directions[d].ended = true;
    if (m_closed)
        return;
    if (ec == net::error::eof) {
        if (m_directions[1 - d].ended) {
            closeBoth();
            return;
        }
        boost::system::error_code ignored;
        to(d).shutdown(tcp::socket::shutdown_send, ignored);
        return;
    }
    if (!io::isNormalEnding(ec))
        io::reportFailure(ec,
                          "forwarding " + m_event.clusterIP + ":" + std::to_string(m_event.port));
    closeBoth();
}

void TcpConnection::closeBoth()
{
    m_closed = true;
    boost::system::error_code ignored;
    m_client.close(ignored);
    m_backend.close(ignored);
    if (m_connectTimer)
        m_connectTimer->cancel();
}

void TcpConnection::finishFlow()
{
    auto *sink = m_port->shared()->sink.load();
    if (m_endpoint) {
        m_endpoint->stats->active.fetch_sub(1, std::memory_order_relaxed);
        if (!m_connected)
            m_event.result = FlowEvent::Result::Reset; // closed while connecting (stop())
    }
    m_event.bytesToEndpoint = m_directions[0].bytes;
    m_event.bytesFromEndpoint = m_directions[1].bytes;
    m_event.endedAt = std::chrono::system_clock::now();
    m_event.duration = std::chrono::duration_cast<std::chrono::microseconds>(
            std::chrono::steady_clock::now() - m_started);
    if (sink)
        sink->onFlowEnd(m_event);
}

void startTcpSession(std::shared_ptr<PortProxy> port, tcp::socket client, const tcp::endpoint &peer)
{
    try {
        // The accept handler runs on the acceptor's executor: step onto the connection's strand
        // before touching its sockets, or its first completions could race this thread.
        const auto executor = client.get_executor();
        auto connection = std::make_shared<TcpConnection>(std::move(port), std::move(client), peer);
        net::dispatch(executor, [connection = std::move(connection)] {
            connection->start();
        });
    } catch (const std::exception &e) {
        std::cerr << "clusterlab net: forwarding session failed: " << e.what() << '\n';
    }
}

} // namespace clusterlab::net::detail
