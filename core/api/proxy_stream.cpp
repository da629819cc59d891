#include "api/proxy_stream.h"

#include "api/status.h"
#include "io/awaitable.h"

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/serialize.hpp>

#include <array>

namespace clusterlab::api {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;

namespace {

/// kMaxAnswerBytes bounds a Pod's answer read into memory.
constexpr std::size_t kMaxAnswerBytes = 16 * 1024 * 1024;
constexpr auto kConnectTimeout = 5s;
constexpr auto kAnswerTimeout = 30s;

/// kHopByHop are the headers a proxy does not pass on (RFC 9110 7.6.1), plus the client's
/// credentials, which kube-apiserver takes off once it has authenticated the request.
constexpr std::array<http::field, 9> kHopByHop{
    http::field::connection,          http::field::keep_alive, http::field::proxy_authenticate,
    http::field::proxy_authorization, http::field::te,         http::field::trailer,
    http::field::transfer_encoding,   http::field::upgrade,    http::field::authorization
};

template <class Message>
void dropHopByHop(Message &message)
{
    for (const auto field : kHopByHop)
        message.erase(field);
}

Response unavailable(const Request &request, const std::string &message)
{
    Response out{ http::status::service_unavailable, request.version() };
    out.set(http::field::content_type, "application/json");
    out.set(http::field::cache_control, "no-cache, private");
    out.body() = boost::json::serialize(statusBody(
            { 503, "ServiceUnavailable", "error trying to reach service: " + message, {} }));
    out.keep_alive(false);
    out.prepare_payload();
    return out;
}

} // namespace

net::awaitable<void> serveProxy(beast::tcp_stream &stream, const Request &request, ProxySpec spec,
                                const PortForwardResolver &resolve)
{
    const std::string dialed = spec.podIP + ":" + std::to_string(spec.port);
    ForwardTarget target;
    if (resolve)
        target = resolve(PortForwardSpec{ spec.namespace_, spec.pod, spec.podUid, false, {} },
                         spec.port);
    else
        target.failure = "no data plane";
    Response answer;
    boost::system::error_code ec;
    beast::tcp_stream pod(co_await net::this_coro::executor);
    if (!target.failure.empty()) { // a port the Pod does not open is refused, as on a node
        const bool refused = target.failure.ends_with("connection refused");
        answer = unavailable(request,
                             "dial tcp " + dialed + ": connect: "
                                     + (refused ? "connection refused" : "no route to host"));
    } else {
        const auto address = net::ip::make_address(target.address, ec);
        pod.expires_after(kConnectTimeout);
        if (!ec)
            std::tie(ec) = co_await pod.async_connect(
                    tcp::endpoint(address, static_cast<unsigned short>(target.port)), io::kTuple);
        if (ec == beast::error::timeout)
            answer = unavailable(request, "dial tcp " + dialed + ": i/o timeout");
        else if (ec)
            answer = unavailable(request, "dial tcp " + dialed + ": connect: connection refused");
    }
    if (!ec && target.failure.empty()) {
        boost::system::error_code ignored;
        const auto local = pod.socket().local_endpoint(ignored);
        if (target.observer)
            target.observer->opened(local.address().to_string(), local.port());
        Request onward = request;
        onward.target(spec.target);
        onward.version(11);
        dropHopByHop(onward);
        onward.set(http::field::host, dialed);
        const auto client = stream.socket().remote_endpoint(ignored).address().to_string();
        const auto forwarded = request["X-Forwarded-For"];
        onward.set("X-Forwarded-For",
                   forwarded.empty() ? client : std::string(forwarded) + ", " + client);
        onward.keep_alive(false);
        onward.prepare_payload();
        pod.expires_after(kAnswerTimeout);
        auto [writeError, sent] = co_await http::async_write(pod, onward, io::kTuple);
        beast::flat_buffer buffer;
        http::response_parser<http::string_body> parser;
        parser.body_limit(kMaxAnswerBytes);
        if (request.method() == http::verb::head)
            parser.skip(true);
        std::size_t received = 0;
        if (!writeError)
            std::tie(ec, received) = co_await http::async_read(pod, buffer, parser, io::kTuple);
        if (target.observer)
            target.observer->closed(sent, received);
        if (writeError || ec) {
            answer = unavailable(request,
                                 "read tcp " + local.address().to_string() + ":"
                                         + std::to_string(local.port()) + "->" + dialed
                                         + ": read: connection reset by peer");
        } else {
            answer = parser.release();
            dropHopByHop(answer);
            answer.version(request.version());
            answer.keep_alive(false);
            if (request.method() != http::verb::head)
                answer.prepare_payload();
        }
        pod.socket().shutdown(tcp::socket::shutdown_both, ignored);
    }
    co_await http::async_write(stream, answer, io::kTuple);
}

} // namespace clusterlab::api
