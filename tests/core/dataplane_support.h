#pragma once

// Small real servers and blocking clients for tst_dataplane_* and tst_dns: backends that answer their own
// name (TCP HTTP-ish and UDP), POSIX clients with receive timeouts, and a dig runner.

#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <future>
#include <memory>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <unistd.h>

namespace dataplane_test {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using udp = asio::ip::udp;
using namespace std::chrono_literals;
using namespace asio::experimental::awaitable_operators;
constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);

/// Backend answers each TCP connection, after the request's blank line (or EOF), with a small
/// HTTP response whose body is its name, then closes. Bounded: 5 s per request.
class Backend : public std::enable_shared_from_this<Backend>
{
public:
    Backend(asio::io_context &ioc, std::string ip, int port, std::string name)
        : m_strand(asio::make_strand(ioc)),
          m_acceptor(m_strand),
          m_ip(std::move(ip)),
          m_port(port),
          m_name(std::move(name))
    {
    }

    bool start()
    {
        boost::system::error_code ec;
        const tcp::endpoint endpoint(asio::ip::make_address(m_ip),
                                     static_cast<unsigned short>(m_port));
        m_acceptor.open(tcp::v4(), ec);
        if (!ec)
            m_acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
        if (!ec)
            m_acceptor.bind(endpoint, ec);
        if (!ec)
            m_acceptor.listen(asio::socket_base::max_listen_connections, ec);
        if (ec)
            return false;
        asio::co_spawn(m_strand, acceptLoop(shared_from_this()), asio::detached);
        return true;
    }

    void stop()
    {
        std::promise<void> done;
        asio::post(m_strand, [this, &done] {
            boost::system::error_code ignored;
            m_acceptor.close(ignored);
            done.set_value();
        });
        done.get_future().wait_for(2s);
    }

    const std::string &name() const { return m_name; }
    int connections() const { return m_connections.load(); }

private:
    static asio::awaitable<void> acceptLoop(std::shared_ptr<Backend> self)
    {
        for (;;) {
            auto [ec, socket] = co_await self->m_acceptor.async_accept(kUseTuple);
            if (ec)
                co_return;
            ++self->m_connections;
            auto executor = socket.get_executor();
            asio::co_spawn(executor, serve(self, std::move(socket)), asio::detached);
        }
    }

    static asio::awaitable<void> serve(std::shared_ptr<Backend> self, tcp::socket socket)
    {
        std::string request;
        asio::steady_timer deadline(socket.get_executor(), 5s);
        co_await (
                asio::async_read_until(socket, asio::dynamic_buffer(request), "\r\n\r\n", kUseTuple)
                || deadline.async_wait(kUseTuple));
        const std::string response =
                "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(self->m_name.size())
                + "\r\nConnection: close\r\n\r\n" + self->m_name;
        co_await asio::async_write(socket, asio::buffer(response), kUseTuple);
        boost::system::error_code ignored;
        socket.shutdown(tcp::socket::shutdown_both, ignored);
        socket.close(ignored);
    }

    asio::strand<asio::io_context::executor_type> m_strand;
    tcp::acceptor m_acceptor;
    const std::string m_ip;
    const int m_port;
    const std::string m_name;
    std::atomic<int> m_connections{ 0 };
};

/// UdpBackend replies to every datagram with "<name>:<payload>".
class UdpBackend : public std::enable_shared_from_this<UdpBackend>
{
public:
    UdpBackend(asio::io_context &ioc, std::string ip, int port, std::string name)
        : m_strand(asio::make_strand(ioc)),
          m_socket(m_strand),
          m_ip(std::move(ip)),
          m_port(port),
          m_name(std::move(name))
    {
    }

    bool start()
    {
        boost::system::error_code ec;
        m_socket.open(udp::v4(), ec);
        if (!ec)
            m_socket.bind({ asio::ip::make_address(m_ip), static_cast<unsigned short>(m_port) },
                          ec);
        if (ec)
            return false;
        asio::co_spawn(m_strand, loop(shared_from_this()), asio::detached);
        return true;
    }

    void stop()
    {
        asio::post(m_strand, [self = shared_from_this()] {
            boost::system::error_code ignored;
            self->m_socket.close(ignored);
        });
    }

private:
    static asio::awaitable<void> loop(std::shared_ptr<UdpBackend> self)
    {
        char buffer[2048];
        udp::endpoint sender;
        for (;;) {
            auto [ec, n] = co_await self->m_socket.async_receive_from(asio::buffer(buffer), sender,
                                                                      kUseTuple);
            if (ec == asio::error::operation_aborted || ec == asio::error::bad_descriptor)
                co_return;
            if (ec)
                continue;
            const std::string reply = self->m_name + ":" + std::string(buffer, n);
            co_await self->m_socket.async_send_to(asio::buffer(reply), sender, kUseTuple);
        }
    }

    asio::strand<asio::io_context::executor_type> m_strand;
    udp::socket m_socket;
    const std::string m_ip;
    const int m_port;
    const std::string m_name;
};

/// FetchResult is what a blocking client saw: errno of connect (0 when connected) and the body.
struct FetchResult
{
    int connectErrno = 0;
    bool completed = false; // a full response arrived
    std::string body;
};

inline sockaddr_in socketAddress(const std::string &ip, int port)
{
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    ::inet_pton(AF_INET, ip.c_str(), &address.sin_addr);
    return address;
}

inline void setReceiveTimeout(int fd, std::chrono::milliseconds timeout)
{
    timeval tv{};
    tv.tv_sec = static_cast<long>(timeout.count() / 1000);
    tv.tv_usec = static_cast<long>(timeout.count() % 1000 * 1000);
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
}

/// openConnection connects a blocking TCP socket; returns the fd or -errno.
inline int openConnection(const std::string &ip, int port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const auto address = socketAddress(ip, port);
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0) {
        const int error = errno;
        ::close(fd);
        return -error;
    }
    setReceiveTimeout(fd, 5s);
    return fd;
}

/// finishRequest sends the request on fd, reads to EOF, closes fd.
inline FetchResult finishRequest(int fd, const std::string &request)
{
    FetchResult result;
    ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
    std::string response;
    char buffer[4096];
    for (;;) {
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) {
            result.completed = n == 0;
            break;
        }
        response.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    const auto split = response.find("\r\n\r\n");
    if (split != std::string::npos)
        result.body = response.substr(split + 4);
    else
        result.completed = false;
    return result;
}

inline FetchResult fetch(const std::string &ip, int port,
                         const std::string &request = "GET / HTTP/1.0\r\n\r\n")
{
    const int fd = openConnection(ip, port);
    if (fd < 0)
        return { -fd, false, {} };
    return finishRequest(fd, request);
}

/// udpExchange sends one datagram from a connected UDP socket and waits up to 2 s for a reply;
/// returns the reply, or "errno:<n>" when the receive failed.
inline std::string udpExchange(const std::string &ip, int port, const std::string &payload)
{
    const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    const auto address = socketAddress(ip, port);
    ::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address);
    setReceiveTimeout(fd, 2s);
    ::send(fd, payload.data(), payload.size(), 0);
    char buffer[2048];
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    const int error = errno;
    ::close(fd);
    return n >= 0 ? std::string(buffer, static_cast<std::size_t>(n))
                  : "errno:" + std::to_string(error);
}

/// sendRawUdp sends bytes and returns the reply (empty when none came within 1 s).
inline std::string sendRawUdp(const std::string &ip, int port, const std::string &bytes)
{
    const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    const auto address = socketAddress(ip, port);
    ::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address);
    setReceiveTimeout(fd, 1s);
    ::send(fd, bytes.data(), bytes.size(), 0);
    char buffer[4096];
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    ::close(fd);
    return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string();
}

/// runTool runs a real client with a 10 s bound and returns its stdout.
inline QString runTool(const QString &program, const QStringList &arguments)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForFinished(10000)) {
        process.kill();
        process.waitForFinished(1000);
    }
    return QString::fromUtf8(process.readAllStandardOutput());
}

} // namespace dataplane_test
