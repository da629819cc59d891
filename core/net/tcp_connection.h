#pragma once

#include "net/endpoint_picker.h"
#include "net/port_proxy.h"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <array>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clusterlab::net::detail {

/// TcpConnection is one forwarded TCP connection: the accepted client, the upstream socket to
/// the chosen endpoint, and one pump per direction. Its handlers are plain callbacks on the
/// client socket's strand (no coroutine frame, no per-connection timer on the fast path).
/// The last handler to let go destroys it, which reports the end of the flow.
class TcpConnection final : public TrackedConnection,
                            public std::enable_shared_from_this<TcpConnection>
{
public:
    TcpConnection(std::shared_ptr<PortProxy> port, boost::asio::ip::tcp::socket client,
                  const boost::asio::ip::tcp::endpoint &peer);
    ~TcpConnection();
    TcpConnection(const TcpConnection &) = delete;
    TcpConnection &operator=(const TcpConnection &) = delete;

    /// start picks an endpoint and connects; the pumps start once it is connected.
    void start();
    std::shared_ptr<TrackedConnection> share() override { return weak_from_this().lock(); }
    void closeSoon() override;

private:
    /// Direction is one way through the connection. Reads go to a small buffer until one fills
    /// it; then a pooled large buffer; when that fills too, splice(2) (bulk traffic).
    struct Direction
    {
        static constexpr std::size_t kSmall = 4096;
        char *small = nullptr; ///< into m_smallBuffers
        std::unique_ptr<char[]> large;
        std::size_t size = kSmall;
        std::uint64_t bytes = 0;
        bool ended = false;
        char *data() { return large ? large.get() : small; }
    };

    void connectNext();
    bool connectNow(const Endpoint &endpoint, boost::system::error_code &ec);
    void connectSlowly(std::chrono::milliseconds timeout);
    void onConnectFailed();
    bool handOver();
    void reportStart();
    void onConnected();
    void giveUp();
    void read(int direction);
    void onRead(int direction, const boost::system::error_code &ec, std::size_t n);
    void onWritten(int direction, const boost::system::error_code &ec, std::size_t n);
    void endDirection(int direction, const boost::system::error_code &ec);
    void closeBoth();
    /// spliceDirection (tcp_splice.cpp) moves one direction in the kernel until it ends; `self`
    /// keeps the connection alive meanwhile.
    boost::asio::awaitable<void> spliceDirection(std::shared_ptr<TcpConnection> self,
                                                 int direction);
    void finishFlow();
    boost::asio::ip::tcp::socket &from(int d) { return d == 0 ? m_client : m_backend; }
    boost::asio::ip::tcp::socket &to(int d) { return d == 0 ? m_backend : m_client; }

    const std::shared_ptr<PortProxy> m_port;
    const ForwarderOptions m_options;
    const std::shared_ptr<const PortProxy::FrontendRules> m_rules;
    std::uint32_t m_clientAddress = 0; ///< host byte order
    boost::asio::ip::tcp::socket m_client, m_backend;
    FlowEvent m_event;
    std::optional<Endpoint> m_endpoint; ///< the one connecting or connected
    std::vector<std::string> m_tried; ///< endpoint keys that failed
    std::optional<boost::asio::steady_timer> m_connectTimer; ///< slow connects only
    std::array<Direction, 2> m_directions; ///< [0] client to endpoint, [1] endpoint to client
    /// Both directions' small buffers, made only when bytes are copied (not when handed over),
    /// so a connection handed to a Pod costs no buffer while it lives.
    std::unique_ptr<char[]> m_smallBuffers;
    std::chrono::steady_clock::time_point m_started = std::chrono::steady_clock::now();
    bool m_tracked = false;
    bool m_connected = false; ///< connected upstream, or handed to an in-process server
    bool m_closed = false;
};

/// startTcpSession forwards one accepted client connection of `port`: it connects to a ready
/// endpoint (retrying others like the userspace proxy's tryConnect, resetting the client when
/// all fail), then copies both ways until both directions end, and reports the flow.
/// `peer` is the client's address as accept returned it. The client socket's executor must be
/// a strand (or an io_context run by one thread): every step of the session runs on it.
void startTcpSession(std::shared_ptr<PortProxy> port, boost::asio::ip::tcp::socket client,
                     const boost::asio::ip::tcp::endpoint &peer);

} // namespace clusterlab::net::detail
