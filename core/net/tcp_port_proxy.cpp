#include "io/io_errors.h"
#include "net/port_proxy.h"
#include "net/tcp_connection.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>

#include <chrono>
#include <iostream>

namespace clusterlab::net::detail {

namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;

/// TcpPortProxy listens on ClusterIP:port exactly while the port has a ready endpoint. Without
/// one, the socket stays bound but not listening: the port is kept, and the kernel answers
/// SYNs with RST, so clients get ECONNREFUSED at once (like iptables REJECT).
class TcpPortProxy final : public PortProxy, public std::enable_shared_from_this<TcpPortProxy>
{
public:
    TcpPortProxy(std::shared_ptr<ForwarderShared> shared, const ServicePortEntry &entry,
                 net::ip::address_v4 address)
        : PortProxy(std::move(shared), entry), m_address(address), m_acceptor(m_shared->ioc)
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
        if (wanted && !m_listening)
            listenLocked();
        else if (!wanted && m_listening)
            stopListeningLocked();
        else if (!m_acceptor.is_open())
            bindLocked(); // keeps the port reserved; retries after "address in use"
    }

    void close() override
    {
        std::lock_guard lock(m_mutex);
        m_closed = true;
        m_listening = false;
        ++m_generation;
        boost::system::error_code ignored;
        m_acceptor.close(ignored);
    }

private:
    void bindLocked()
    {
        recordBindLocked(
                dataplane::bindWithFallback(m_acceptor, m_address, m_listenPort, tcp::v4()));
    }

    void listenLocked()
    {
        if (!m_acceptor.is_open())
            bindLocked();
        if (!m_acceptor.is_open())
            return;
        boost::system::error_code ec;
        m_acceptor.listen(net::socket_base::max_listen_connections, ec);
        if (ec) {
            m_problem = "cannot listen on " + m_listenIP + ":" + std::to_string(*m_boundPort) + ": "
                    + dataplane::describe(ec);
            m_acceptor.close(ec);
            return;
        }
        m_listening = true;
        startAcceptLocked(++m_generation);
    }

    void stopListeningLocked()
    {
        boost::system::error_code ignored;
        m_acceptor.close(ignored); // pending accept completes with operation_aborted
        m_listening = false;
        ++m_generation;
        bindLocked();
    }

    /// startAcceptLocked accepts the next client onto a strand of its own, taking its address
    /// from accept itself (no getpeername). Each accept has its own peer endpoint: a handler of
    /// an earlier listening generation may still run while a new accept fills the next one.
    void startAcceptLocked(std::uint64_t generation)
    {
        auto peer = std::make_shared<tcp::endpoint>();
        auto &into = *peer;
        m_acceptor.async_accept(net::make_strand(m_shared->ioc), into,
                                [self = shared_from_this(), generation, peer = std::move(peer)](
                                        boost::system::error_code ec, tcp::socket socket) {
                                    self->onAccept(generation, ec, std::move(socket), *peer);
                                });
    }

    void onAccept(std::uint64_t generation, boost::system::error_code ec, tcp::socket socket,
                  const tcp::endpoint &peer)
    {
        if (ec == net::error::operation_aborted)
            return;
        if (!ec)
            startTcpSession(shared_from_this(), std::move(socket), peer);
        std::lock_guard lock(m_mutex);
        if (generation != m_generation || !m_listening)
            return;
        if (!ec) {
            startAcceptLocked(generation);
            return;
        }
        // EMFILE and friends: log, then retry after a short backoff instead of spinning.
        io::reportFailure(ec, "accept on " + m_listenIP + ":" + std::to_string(m_listenPort));
        retryAcceptLater(generation);
    }

    /// retryAcceptLater accepts again after 100 ms, unless the listener has been closed or
    /// restarted (a new generation) by then.
    void retryAcceptLater(std::uint64_t generation)
    {
        auto timer = std::make_shared<net::steady_timer>(m_shared->ioc);
        timer->expires_after(std::chrono::milliseconds(100));
        timer->async_wait([self = shared_from_this(), timer, generation](auto) {
            std::lock_guard relock(self->m_mutex);
            if (generation == self->m_generation && self->m_listening)
                self->startAcceptLocked(generation);
        });
    }

    const net::ip::address_v4 m_address;
    tcp::acceptor m_acceptor; // guarded by m_mutex
    bool m_listening = false; // guarded by m_mutex
    bool m_closed = false; // guarded by m_mutex
    std::uint64_t m_generation = 0; // guarded by m_mutex; stale accepts are dropped
};

} // namespace

std::shared_ptr<PortProxy> makeTcpPortProxy(std::shared_ptr<ForwarderShared> shared,
                                            const ServicePortEntry &entry)
{
    std::string error;
    const auto address = dataplane::parseLoopbackAddress(entry.listenAddress(), error);
    if (!address)
        return nullptr;
    return std::make_shared<TcpPortProxy>(std::move(shared), entry, *address);
}

} // namespace clusterlab::net::detail
