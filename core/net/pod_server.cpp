#include "net/pod_server.h"

#include "io/io_errors.h"
#include "model/addresses.h"
#include "net/http_session.h"
#include "net/mysql_session.h"
#include "net/redis_session.h"
#include "net/sniff_session.h"
#include "net/tcp_bytes.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <arpa/inet.h>
#include <future>

namespace clusterlab::net {

namespace {

using namespace std::chrono_literals;

constexpr auto kSniffWait = 300ms;
constexpr auto kCloseGrace = 2s;
constexpr auto kAcceptBackoff = 100ms;
constexpr auto kCloseWait = 2s;

asio::awaitable<void> serveConnection(std::shared_ptr<PodContext> pod, tcp::socket socket,
                                      Listener listener, std::shared_ptr<SessionControl> control,
                                      std::shared_ptr<TcpBytes> counts)
{
    beast::tcp_stream stream(std::move(socket));
    SocketBinding binding(*control, stream.socket());
    if (control->stopping)
        co_return;
    Workload workload = listener.workload;
    const ContainerOutput output = pod->outputFor(listener.container);
    std::string initial;
    if (workload == Workload::Sniff) {
        auto sniffed = co_await sniffWorkload(stream.socket(), kSniffWait);
        workload = sniffed.workload;
        initial = std::move(sniffed.bytes);
    }
    switch (workload) {
    case Workload::Http:
        co_await serveHttp(stream, std::move(initial), *pod, *control, output);
        break;
    case Workload::Redis:
        co_await serveRedis(stream, std::move(initial), *pod, *control, listener.port, output);
        break;
    case Workload::MySql:
        co_await serveMySql(stream, *pod, *control, listener.port, output);
        break;
    case Workload::Echo:
    case Workload::Sniff:
        ++pod->requests;
        if (output.log) {
            boost::system::error_code ec;
            const auto peer = stream.socket().remote_endpoint(ec);
            output.write(logs::connectionLine(ec ? "?" : endpointText(peer), listener.port));
        }
        co_await serveEcho(stream, std::move(initial), *control);
        break;
    }
    boost::system::error_code ignored;
    if (counts && stream.socket().is_open())
        *counts = tcpBytesOf(stream.socket().native_handle());
    stream.socket().close(ignored);
}

/// serveSocket serves one connection on its socket's executor: one the Pod accepted, or one
/// the Service forwarder handed over (then onEnd is told how many bytes it carried).
void serveSocket(std::shared_ptr<PodContext> pod, tcp::socket socket, const Listener &listener,
                 AdoptedEnd onEnd = {})
{
    auto executor = socket.get_executor();
    auto control = pod->sessions.add(executor);
    auto counts = onEnd ? std::make_shared<TcpBytes>() : nullptr;
    asio::co_spawn(executor, serveConnection(pod, std::move(socket), listener, control, counts),
                   [pod, control, counts, onEnd = std::move(onEnd)](std::exception_ptr error) {
                       pod->sessions.remove(control);
                       if (onEnd)
                           onEnd(counts->received, counts->written);
                       reportException(error, "connection of " + pod->identity.name);
                   });
}

asio::awaitable<void> acceptLoop(std::shared_ptr<PodContext> pod,
                                 std::shared_ptr<tcp::acceptor> acceptor, Listener listener)
{
    for (;;) {
        tcp::socket socket(asio::make_strand(pod->ioc));
        auto [ec] = co_await acceptor->async_accept(socket, kTuple);
        if (!acceptor->is_open() || ec == asio::error::operation_aborted)
            co_return;
        if (ec) {
            io::reportFailure(
                    ec, "accept on " + pod->identity.ip + ":" + std::to_string(listener.port));
            asio::steady_timer backoff(co_await asio::this_coro::executor, kAcceptBackoff);
            co_await backoff.async_wait(kTuple);
            continue;
        }
        serveSocket(pod, std::move(socket), listener);
    }
}

std::string listenError(const std::string &ip, int port, const std::string &why)
{
    return "cannot listen on " + ip + ":" + std::to_string(port) + ": " + why;
}

} // namespace

struct PodServer::Acceptors
{
    std::vector<std::shared_ptr<tcp::acceptor>> open;
};

PodServer::PodServer(asio::io_context &ioc, PodIdentity identity, std::vector<Listener> listeners,
                     std::vector<Call> calls, Resolver resolver, LocalServers *local,
                     ContainerOutputs outputs)
    : m_ioc(ioc),
      m_local(local),
      m_listeners(std::move(listeners)),
      m_pod(std::make_shared<PodContext>(ioc, std::move(identity), std::move(calls),
                                         std::move(resolver), std::move(outputs))),
      m_strand(asio::make_strand(ioc)),
      m_acceptors(std::make_shared<Acceptors>())
{
}

PodServer::~PodServer()
{
    close();
}

int PodServer::boundPort(int port) const
{
    std::lock_guard lock(m_mutex);
    auto it = m_boundPorts.find(port);
    return it == m_boundPorts.end() ? port : it->second;
}

std::map<int, int> PodServer::boundPorts() const
{
    std::lock_guard lock(m_mutex);
    return m_boundPorts;
}

std::vector<std::string> PodServer::open()
{
    std::lock_guard lock(m_mutex);
    if (m_open)
        return {};
    const std::string &ip = m_pod->identity.ip;
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(ip, ec);
    std::vector<std::string> errors;
    if (ec || !address.is_v4() || !address.is_loopback()) {
        for (const auto &listener : m_listeners)
            errors.push_back(listenError(ip, listener.port,
                                         "not a loopback address (Pods live in 127.0.0.0/8)"));
        return errors;
    }
    // Binding happens here, in the caller's thread, so open() can say what failed; the
    // new acceptors are not shared with anything yet.
    std::vector<std::pair<std::shared_ptr<tcp::acceptor>, Listener>> bound;
    for (const auto &listener : m_listeners) {
        auto acceptor = std::make_shared<tcp::acceptor>(m_strand);
        const tcp::endpoint endpoint(address, static_cast<unsigned short>(listener.port));
        auto bindTo = [&](const tcp::endpoint &where) {
            boost::system::error_code error;
            if (acceptor->is_open())
                acceptor->close(error);
            acceptor->open(where.protocol(), error);
            if (!error)
                acceptor->set_option(asio::socket_base::reuse_address(true), error);
            if (!error)
                acceptor->bind(where, error);
            if (!error)
                acceptor->listen(asio::socket_base::max_listen_connections, error);
            return error;
        };
        int port = listener.port;
        ec = bindTo(endpoint);
        if (ec == asio::error::access_denied && listener.port < 1024) {
            // Without privilege, a low port moves up by 10000 (docs/architecture.md); the data plane
            // asks boundPort() where to send the Service's traffic.
            port = listener.port + model::kPrivilegedPortOffset;
            ec = bindTo(tcp::endpoint(address, static_cast<unsigned short>(port)));
        }
        if (ec) {
            std::string why = ec.message();
            if (ec == asio::error::access_denied && listener.port < 1024)
                why += " (ports below 1024 need root or CAP_NET_BIND_SERVICE)";
            errors.push_back(listenError(ip, port, why));
            continue;
        }
        m_boundPorts[listener.port] = port;
        bound.emplace_back(std::move(acceptor), listener);
    }
    m_open = true;
    m_localAddress = htonl(address.to_v4().to_uint());
    if (m_local)
        m_local->add(m_localAddress, this, adopterLocked());
    asio::post(m_strand, [pod = m_pod, acceptors = m_acceptors, bound = std::move(bound)] {
        for (const auto &[acceptor, listener] : bound) {
            acceptors->open.push_back(acceptor);
            asio::co_spawn(acceptor->get_executor(), acceptLoop(pod, acceptor, listener),
                           [pod](std::exception_ptr error) {
                               reportException(error, "listener of " + pod->identity.name);
                           });
        }
    });
    return errors;
}

/// adopter takes connections for the ports this Pod listens on (by the port really bound). It
/// holds its own copy of the ports, so it takes no lock of the server's.
LocalServers::Adopter PodServer::adopterLocked()
{
    std::map<int, Listener> byBoundPort;
    for (const auto &listener : m_listeners)
        if (const auto bound = m_boundPorts.find(listener.port); bound != m_boundPorts.end())
            byBoundPort.emplace(bound->second, listener);
    return [pod = m_pod, byBoundPort](int port, tcp::socket &socket, AdoptedEnd &onEnd) {
        const auto it = byBoundPort.find(port);
        if (it == byBoundPort.end())
            return false;
        serveSocket(pod, std::move(socket), it->second, std::move(onEnd));
        return true;
    };
}

void PodServer::close()
{
    {
        std::lock_guard lock(m_mutex);
        if (!m_open)
            return;
        m_open = false;
    }
    if (m_local)
        m_local->remove(m_localAddress, this);
    auto closed = std::make_shared<std::promise<void>>();
    auto done = closed->get_future();
    asio::post(m_strand, [pod = m_pod, acceptors = m_acceptors, closed] {
        for (const auto &acceptor : acceptors->open) {
            boost::system::error_code ignored;
            acceptor->close(ignored);
        }
        acceptors->open.clear();
        pod->sessions.stopAll(pod->ioc.get_executor(), kCloseGrace);
        closed->set_value();
    });
    // Waiting inside the io_context could wait for ourselves; a stopped io_context would
    // never run the handler. Either way close() has started and the caller moves on.
    if (!m_ioc.get_executor().running_in_this_thread() && !m_ioc.stopped())
        done.wait_for(kCloseWait);
}

void PodServer::setCalls(std::vector<Call> calls)
{
    m_pod->setCalls(std::move(calls));
}

std::uint64_t PodServer::requestCount() const
{
    return m_pod->requests.load();
}

std::size_t PodServer::connectionCount() const
{
    return m_pod->sessions.size();
}

const PodIdentity &PodServer::identity() const
{
    return m_pod->identity;
}

const std::vector<Listener> &PodServer::listeners() const
{
    return m_listeners;
}

} // namespace clusterlab::net
