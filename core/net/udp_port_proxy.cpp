#include "io/awaitable.h"
#include "io/io_errors.h"
#include "net/port_proxy.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <iostream>
#include <map>

namespace clusterlab::net::detail {

namespace {

namespace net = boost::asio;
using udp = net::ip::udp;
using namespace std::chrono_literals;
constexpr std::size_t kMaxDatagram = 65536;
constexpr std::size_t kMaxSessions = 4096;

/// UdpSession is one client address's "connection" to its endpoint (activeClients in the
/// userspace proxy). Thread: the port's strand only.
struct UdpSession
{
    UdpSession(net::strand<net::io_context::executor_type> strand, std::shared_ptr<PortProxy> p)
        : port(std::move(p)), backend(strand), timer(strand), buffer(kMaxDatagram)
    {
    }

    ~UdpSession()
    {
        endpoint.stats->active.fetch_sub(1, std::memory_order_relaxed);
        event.endedAt = std::chrono::system_clock::now();
        event.duration = std::chrono::duration_cast<std::chrono::microseconds>(
                std::chrono::steady_clock::now() - started);
        if (auto *sink = port->shared()->sink.load())
            sink->onFlowEnd(event);
        port->shared()->unregisterSession(sessionId);
    }

    void close()
    {
        boost::system::error_code ignored;
        backend.close(ignored);
        timer.cancel();
    }

    std::shared_ptr<PortProxy> port;
    udp::socket backend;
    net::steady_timer timer;
    udp::endpoint client;
    Endpoint endpoint;
    FlowEvent event;
    std::vector<char> buffer;
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point lastActivity = started;
    std::uint64_t sessionId = 0;
};

/// UdpPortProxy forwards datagrams with one session per client address; replies go back from
/// ClusterIP:port. Without ready endpoints the socket is closed, so the kernel answers with
/// ICMP port unreachable (ECONNREFUSED on a connected client socket).
class UdpPortProxy final : public PortProxy, public std::enable_shared_from_this<UdpPortProxy>
{
public:
    UdpPortProxy(std::shared_ptr<ForwarderShared> shared, const ServicePortEntry &entry,
                 net::ip::address_v4 address)
        : PortProxy(std::move(shared), entry),
          m_address(address),
          m_strand(net::make_strand(m_shared->ioc)),
          m_socket(m_strand),
          m_buffer(kMaxDatagram)
    {
    }

    void apply(const ServicePortEntry &entry) override
    {
        std::lock_guard lock(m_mutex);
        if (m_closed)
            return;
        setLabelsLocked(entry);
        m_picker.setAffinity(entry.clientIPAffinity, entry.affinityTimeoutSeconds);
        m_picker.setEndpoints(entry.endpoints);
        const bool wanted = m_picker.hasReady();
        if (wanted && !m_socket.is_open()) {
            recordBindLocked(
                    dataplane::bindWithFallback(m_socket, m_address, m_listenPort, udp::v4()));
            if (m_socket.is_open()) {
                boost::system::error_code ignored;
                m_socket.non_blocking(true, ignored); // replies never block a thread
                startReceiveLocked(++m_generation);
            }
        } else if (!wanted && m_socket.is_open()) {
            closeSocketLocked();
        }
    }

    void close() override
    {
        std::lock_guard lock(m_mutex);
        m_closed = true;
        closeSocketLocked();
    }

private:
    void closeSocketLocked()
    {
        boost::system::error_code ignored;
        m_socket.close(ignored);
        ++m_generation;
    }

    void startReceiveLocked(std::uint64_t generation)
    {
        m_socket.async_receive_from(
                net::buffer(m_buffer), m_sender,
                net::bind_executor(m_strand,
                                   [self = shared_from_this(),
                                    generation](boost::system::error_code ec, std::size_t n) {
                                       self->onReceive(generation, ec, n);
                                   }));
    }

    void onReceive(std::uint64_t generation, boost::system::error_code ec, std::size_t n)
    {
        if (ec == net::error::operation_aborted)
            return;
        if (!ec)
            handleDatagram(n);
        else if (ec != net::error::connection_refused)
            io::reportFailure(ec, "UDP receive on " + m_listenIP);
        std::lock_guard lock(m_mutex);
        if (generation == m_generation && m_socket.is_open())
            startReceiveLocked(generation);
    }

    void handleDatagram(std::size_t n)
    {
        auto it = m_sessions.find(m_sender);
        if (it == m_sessions.end()) {
            auto session = openSession();
            if (!session)
                return; // no endpoint or too many sessions: drop, as UDP may
            it = m_sessions.emplace(m_sender, std::move(session)).first;
        }
        auto &session = *it->second;
        boost::system::error_code ec;
        const auto sent = session.backend.send(net::buffer(m_buffer.data(), n), 0, ec);
        session.event.bytesToEndpoint += sent;
        session.lastActivity = std::chrono::steady_clock::now();
    }

    std::shared_ptr<UdpSession> openSession()
    {
        if (m_sessions.size() >= kMaxSessions)
            return nullptr;
        const auto clientIP = m_sender.address().to_string();
        auto chosen = m_picker.pick(m_shared->mode.load(), clientIP, {}, false);
        if (!chosen)
            return nullptr;
        auto session = std::make_shared<UdpSession>(m_strand, shared_from_this());
        connectBackend(session->backend, *chosen);
        chosen->stats->active.fetch_add(1, std::memory_order_relaxed);
        session->endpoint = *chosen;
        session->client = m_sender;
        session->event = sessionEvent(*chosen, clientIP);
        session->sessionId = registerForStop(session);
        if (auto *sink = m_shared->sink.load())
            sink->onFlowStart(session->event);
        auto self = shared_from_this();
        net::co_spawn(m_strand, replies(self, session), net::detached);
        net::co_spawn(m_strand, watchIdle(self, session), net::detached);
        return session;
    }

    /// connectBackend opens a session's socket, connects it to endpoint and makes it
    /// non-blocking; it stops at the first error, which it does not report.
    static void connectBackend(udp::socket &backend, const Endpoint &endpoint)
    {
        boost::system::error_code ec;
        const auto address = net::ip::make_address_v4(endpoint.ip, ec);
        if (!ec)
            backend.open(udp::v4(), ec);
        if (!ec)
            backend.connect({ address, static_cast<unsigned short>(endpoint.port) }, ec);
        if (!ec)
            backend.non_blocking(true, ec);
    }

    /// sessionEvent is the flow event of a session from the pending receive's sender to
    /// endpoint, starting now.
    FlowEvent sessionEvent(const Endpoint &endpoint, const std::string &clientIP) const
    {
        FlowEvent event = newFlowEvent();
        event.startedAt = std::chrono::system_clock::now();
        event.clientIP = clientIP;
        event.clientPort = m_sender.port();
        event.endpointIP = endpoint.ip;
        event.endpointPort = endpoint.port;
        event.endpointPod = endpoint.podName;
        event.attempts = 1;
        return event;
    }

    /// registerForStop lets the forwarder's stop() close the session (on the strand, if it is
    /// still there); it returns the session's id.
    std::uint64_t registerForStop(const std::shared_ptr<UdpSession> &session)
    {
        std::weak_ptr<UdpSession> weak = session;
        return m_shared->registerSession([weak, strand = m_strand] {
            net::post(strand, [weak] {
                if (auto s = weak.lock())
                    s->close();
            });
        });
    }

    static net::awaitable<void> replies(std::shared_ptr<UdpPortProxy> self,
                                        std::shared_ptr<UdpSession> s)
    {
        for (;;) {
            auto [ec, n] = co_await s->backend.async_receive(net::buffer(s->buffer), io::kTuple);
            if (ec == net::error::connection_refused)
                continue; // the endpoint is not listening (yet); the client may retry
            if (ec)
                break;
            s->lastActivity = std::chrono::steady_clock::now();
            s->event.bytesFromEndpoint += n;
            std::lock_guard lock(self->m_mutex);
            boost::system::error_code ignored;
            if (self->m_socket.is_open())
                self->m_socket.send_to(net::buffer(s->buffer.data(), n), s->client, 0, ignored);
        }
        self->endSession(s);
    }

    static net::awaitable<void> watchIdle(std::shared_ptr<UdpPortProxy> self,
                                          std::shared_ptr<UdpSession> s)
    {
        const auto idle = self->m_shared->options().udpIdleTimeout;
        const auto period = std::clamp<std::chrono::milliseconds>(idle / 4, 50ms, 10s);
        for (;;) {
            s->timer.expires_after(period);
            auto [ec] = co_await s->timer.async_wait(io::kTuple);
            if (ec || !s->backend.is_open())
                break;
            if (std::chrono::steady_clock::now() - s->lastActivity >= idle)
                break;
        }
        s->close();
        self->endSession(s);
    }

    void endSession(const std::shared_ptr<UdpSession> &s)
    {
        auto it = m_sessions.find(s->client);
        if (it != m_sessions.end() && it->second == s)
            m_sessions.erase(it);
    }

    const net::ip::address_v4 m_address;
    net::strand<net::io_context::executor_type> m_strand;
    udp::socket m_socket; // guarded by m_mutex
    bool m_closed = false; // guarded by m_mutex
    std::uint64_t m_generation = 0; // guarded by m_mutex
    std::vector<char> m_buffer; // the pending receive's; read on the strand
    udp::endpoint m_sender; // the pending receive's; read on the strand
    std::map<udp::endpoint, std::shared_ptr<UdpSession>> m_sessions; // strand only
};

} // namespace

std::shared_ptr<PortProxy> makeUdpPortProxy(std::shared_ptr<ForwarderShared> shared,
                                            const ServicePortEntry &entry)
{
    std::string error;
    const auto address = dataplane::parseLoopbackAddress(entry.listenAddress(), error);
    if (!address)
        return nullptr;
    return std::make_shared<UdpPortProxy>(std::move(shared), entry, *address);
}

} // namespace clusterlab::net::detail
