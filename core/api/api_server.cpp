#include "api/api_server.h"

#include "api/exec_stream.h"
#include "api/kubeconfig.h"
#include "api/peer_user.h"
#include "api/port_forward_stream.h"
#include "api/proxy_stream.h"
#include "api/routes.h"
#include "api/watch_response.h"
#include "io/awaitable.h"
#include "io/io_errors.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <condition_variable>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

namespace clusterlab::api {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;

struct ApiServer::Impl
{
    Impl(EngineView::Runner runner, ApiServerOptions opts)
        : options(std::move(opts)),
          view(std::move(runner), options.token.empty() ? generateToken() : options.token,
               options.state),
          acceptor(io)
    {
    }

    net::awaitable<void> listen();
    net::awaitable<void> session(tcp::socket socket);

    /// Session registry, so stop() can close every connection.
    std::uint64_t addSession(std::function<void()> close)
    {
        std::lock_guard lock(sessionsMutex);
        sessions.emplace(++nextSession, std::move(close));
        return nextSession;
    }

    void removeSession(std::uint64_t id)
    {
        std::lock_guard lock(sessionsMutex);
        sessions.erase(id);
        sessionsDone.notify_all();
    }

    ApiServerOptions options;
    EngineView view;
    net::io_context io;
    tcp::acceptor acceptor;
    std::vector<std::thread> threads;
    std::optional<net::executor_work_guard<net::io_context::executor_type>> work;
    int boundPort = 0;
    std::filesystem::path kubeconfig;
    KubeconfigMerge merge;
    std::vector<std::string> notices;
    std::atomic_bool stopping{ false };
    bool started = false;
    std::mutex sessionsMutex; ///< guards sessions and nextSession
    std::condition_variable sessionsDone;
    std::map<std::uint64_t, std::function<void()>> sessions;
    std::uint64_t nextSession = 0;
};

net::awaitable<void> ApiServer::Impl::listen()
{
    net::steady_timer backoff(co_await net::this_coro::executor);
    while (!stopping) {
        auto [ec, socket] = co_await acceptor.async_accept(net::make_strand(io), io::kTuple);
        if (ec == net::error::operation_aborted || stopping)
            co_return;
        if (ec) {
            io::reportFailure(ec, "API server accept");
            backoff.expires_after(100ms);
            co_await backoff.async_wait(io::kTuple);
            continue;
        }
        net::co_spawn(socket.get_executor(), session(std::move(socket)), net::detached);
    }
}

net::awaitable<void> ApiServer::Impl::session(tcp::socket socket)
{
    beast::tcp_stream stream(std::move(socket));
    auto wake = std::make_shared<net::steady_timer>(stream.get_executor());
    const auto executor = stream.get_executor();
    const std::uint64_t id = addSession([executor, &stream, wake] {
        net::post(executor, [&stream, wake] {
            boost::system::error_code ignored;
            stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
            stream.socket().close(ignored);
            wake->cancel();
        });
    });
    beast::flat_buffer buffer;
    // Whose process the client is (/proc/net/tcp) is read once, and only if a request comes
    // without a token: kubectl's own carry one.
    std::optional<bool> peerIsOwner;
    const std::function<bool()> sameUser = [&peerIsOwner, &stream] {
        if (!peerIsOwner)
            peerIsOwner = peerIsSameUser(stream.socket());
        return *peerIsOwner;
    };
    try {
        while (!stopping) {
            http::request_parser<http::string_body> parser;
            parser.body_limit(kMaxBodyBytes);
            stream.expires_after(300s);
            auto [ec, bytes] = co_await http::async_read(stream, buffer, parser, io::kTuple);
            if (ec == http::error::body_limit) {
                Response tooLarge(http::status::payload_too_large, 11);
                tooLarge.set(http::field::content_type, "application/json");
                tooLarge.body() =
                        R"({"kind":"Status","apiVersion":"v1","metadata":{},)"
                        R"("status":"Failure","message":"Request entity too large: )"
                        R"(limit is 3145728","reason":"RequestEntityTooLarge","code":413})";
                tooLarge.keep_alive(false);
                tooLarge.prepare_payload();
                co_await http::async_write(stream, tooLarge, io::kTuple);
                break;
            }
            if (ec) {
                io::reportFailure(ec, "API server read");
                break;
            }
            stream.expires_never();
            Request request = parser.release();
            ApiResponse response = handleRequest(request, view, sameUser);
            if (response.watch) {
                co_await streamWatch(stream, *response.watch, view, wake, stopping);
                break;
            }
            if (response.exec) {
                co_await serveExec(stream, request, std::move(*response.exec), options.exec);
                break;
            }
            if (response.portForward) {
                co_await servePortForward(stream, request, std::move(*response.portForward),
                                          options.portForward);
                break;
            }
            if (response.proxy) {
                co_await serveProxy(stream, request, std::move(*response.proxy),
                                    options.portForward);
                break;
            }
            if (response.logStream) {
                co_await streamLog(stream, std::move(response.message),
                                   std::move(*response.logStream), wake, stopping);
                break;
            }
            auto [wec, written] = co_await http::async_write(stream, response.message, io::kTuple);
            if (wec) {
                io::reportFailure(wec, "API server write");
                break;
            }
            if (!response.message.keep_alive())
                break;
        }
    } catch (const std::exception &e) {
        std::cerr << "clusterlab api: session: " << e.what() << "\n";
    }
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    removeSession(id);
}

ApiServer::ApiServer(EngineView::Runner runner, ApiServerOptions options)
    : m_impl(std::make_unique<Impl>(std::move(runner), std::move(options)))
{
}

ApiServer::~ApiServer()
{
    stop();
}

std::optional<std::string> ApiServer::start()
{
    Impl &d = *m_impl;
    boost::system::error_code ec;
    const auto address = net::ip::make_address(d.options.address, ec);
    if (ec)
        return "API server: bad address " + d.options.address;
    const tcp::endpoint endpoint(address, static_cast<unsigned short>(d.options.port));
    d.acceptor.open(endpoint.protocol(), ec);
    if (!ec)
        d.acceptor.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec)
        d.acceptor.bind(endpoint, ec);
    if (!ec)
        d.acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
        d.acceptor.close(ec);
        return "API server: cannot listen on " + d.options.address + ":"
                + std::to_string(d.options.port) + ": " + ec.message()
                + " (choose another port with --api-port, or 0 to turn the API off)";
    }
    d.boundPort = d.acceptor.local_endpoint().port();
    d.view.serverAddress = d.options.address + ":" + std::to_string(d.boundPort);
    if (d.options.writeKubeconfig) {
        d.kubeconfig = d.options.kubeconfigPath.empty() ? defaultKubeconfigPath(d.boundPort)
                                                        : d.options.kubeconfigPath;
        const std::string server = url() + std::string(kTokenPathPrefix) + d.view.token();
        if (auto error = writeKubeconfig(d.kubeconfig, server, d.view.token())) {
            d.notices.push_back("kubeconfig: " + *error);
            d.kubeconfig.clear();
        }
    }
    if (d.options.mergeKubeconfig) {
        const char *home = std::getenv("HOME");
        const std::filesystem::path file =
                std::filesystem::path(home && *home ? home : "/tmp") / ".kube" / "config";
        const std::string server = url() + std::string(kTokenPathPrefix) + d.view.token();
        if (auto error = d.merge.merge(file, server, d.view.token()))
            d.notices.push_back("--merge-kubeconfig: " + *error);
        else
            d.notices.push_back("added context \"clusterlab\" to " + file.string()
                                + " and made it current (taken out again at exit)");
    }
    d.started = true;
    d.work.emplace(d.io.get_executor());
    net::co_spawn(d.acceptor.get_executor(), d.listen(), [](std::exception_ptr e) {
        if (!e)
            return;
        try {
            std::rethrow_exception(e);
        } catch (const std::exception &ex) {
            std::cerr << "clusterlab api: listener stopped: " << ex.what() << "\n";
        }
    });
    for (int i = 0; i < std::max(1, d.options.threads); ++i)
        d.threads.emplace_back([&d] {
            d.io.run();
        });
    return std::nullopt;
}

void ApiServer::stop()
{
    Impl &d = *m_impl;
    if (!d.started || d.stopping.exchange(true))
        return;
    net::post(d.acceptor.get_executor(), [&d] {
        boost::system::error_code ignored;
        d.acceptor.close(ignored);
    });
    {
        std::unique_lock lock(d.sessionsMutex);
        for (auto &[id, close] : d.sessions)
            close();
        d.sessionsDone.wait_for(lock, 2s, [&d] {
            return d.sessions.empty();
        });
    }
    d.work.reset();
    d.io.stop();
    for (auto &thread : d.threads)
        thread.join();
    d.threads.clear();
    d.view.detach();
    std::error_code ec;
    if (!d.kubeconfig.empty())
        std::filesystem::remove(d.kubeconfig, ec);
    d.merge.undo();
}

int ApiServer::port() const
{
    return m_impl->boundPort;
}

std::string ApiServer::url() const
{
    return "http://" + m_impl->options.address + ":" + std::to_string(m_impl->boundPort);
}

const std::string &ApiServer::token() const
{
    return m_impl->view.token();
}

std::filesystem::path ApiServer::kubeconfigPath() const
{
    return m_impl->kubeconfig;
}

std::vector<std::string> ApiServer::notices() const
{
    return m_impl->notices;
}

} // namespace clusterlab::api
