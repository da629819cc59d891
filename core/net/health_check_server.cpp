#include "net/health_check_server.h"

#include "net/dataplane_util.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>

namespace clusterlab::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

/// Shared outlives the server while connections still answer.
struct HealthCheckServer::Shared : std::enable_shared_from_this<Shared>
{
    Shared(asio::io_context &context, std::string n, std::string s)
        : strand(asio::make_strand(context)), ns(std::move(n)), name(std::move(s)), acceptor(strand)
    {
    }

    std::string response() const
    {
        const int count = local.load();
        const std::string body = "{\"service\":{\"namespace\":\"" + ns + "\",\"name\":\"" + name
                + "\"},\"localEndpoints\":" + std::to_string(count)
                + ",\"serviceProxyHealthy\":true}\n";
        return std::string(count > 0 ? "HTTP/1.1 200 OK\r\n"
                                     : "HTTP/1.1 503 Service Unavailable\r\n")
                + "Content-Type: application/json\r\nX-Content-Type-Options: nosniff\r\n"
                + "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n"
                + body;
    }

    void accept()
    {
        acceptor.async_accept(
                [self = shared_from_this()](boost::system::error_code ec, tcp::socket socket) {
                    if (ec == asio::error::operation_aborted || !self->acceptor.is_open())
                        return;
                    if (!ec)
                        self->answer(std::move(socket));
                    self->accept();
                });
    }

    /// Probe is one health check connection: read the request head, answer, close.
    struct Probe
    {
        explicit Probe(tcp::socket s) : socket(std::move(s)) { }
        tcp::socket socket;
        asio::streambuf request{ 8192 };
        std::string response;
    };

    void answer(tcp::socket socket)
    {
        auto probe = std::make_shared<Probe>(std::move(socket));
        asio::async_read_until(
                probe->socket, probe->request, "\r\n\r\n",
                [self = shared_from_this(), probe](boost::system::error_code ec, std::size_t) {
                    if (ec)
                        return;
                    probe->response = self->response();
                    asio::async_write(probe->socket, asio::buffer(probe->response),
                                      [probe](boost::system::error_code, std::size_t) {
                                          boost::system::error_code ignored;
                                          probe->socket.shutdown(tcp::socket::shutdown_both,
                                                                 ignored);
                                      });
                });
    }

    asio::strand<asio::io_context::executor_type> strand;
    const std::string ns, name;
    tcp::acceptor acceptor; // bound and listening before any handler runs; then on the strand
    std::atomic<int> local{ 0 };
};

HealthCheckServer::HealthCheckServer(asio::io_context &ioc, std::string ns, std::string name)
    : m_shared(std::make_shared<Shared>(ioc, std::move(ns), std::move(name))),
      m_local(m_shared->local)
{
}

HealthCheckServer::~HealthCheckServer()
{
    close();
}

std::string HealthCheckServer::open(const std::string &address, int port)
{
    std::string error;
    const auto ip = dataplane::parseLoopbackAddress(address, error);
    if (!ip)
        return error;
    const auto bound = dataplane::bindWithFallback(m_shared->acceptor, *ip, port, tcp::v4());
    if (bound.port == 0)
        return bound.problem;
    boost::system::error_code ec;
    m_shared->acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
        return "cannot listen on " + address + ":" + std::to_string(port) + ": "
                + dataplane::describe(ec);
    asio::dispatch(m_shared->strand, [shared = m_shared] {
        shared->accept();
    });
    return {};
}

void HealthCheckServer::setLocalEndpoints(int count)
{
    m_local.store(count);
}

void HealthCheckServer::close()
{
    asio::post(m_shared->strand, [shared = m_shared] {
        boost::system::error_code ignored;
        shared->acceptor.close(ignored);
    });
}

std::string HealthCheckServer::body() const
{
    const std::string response = m_shared->response();
    return response.substr(response.find("\r\n\r\n") + 4);
}

} // namespace clusterlab::net
