#include "net/http_session.h"

#include "logs/image_logs.h"
#include "net/bootcamp_app.h"
#include "net/call_runner.h"
#include "net/http_answer.h"

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>

namespace clusterlab::net {

namespace http = boost::beast::http;
namespace json = boost::json;

namespace {

using namespace std::chrono_literals;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

constexpr auto kIdle = 60s;

std::string pathOnly(std::string_view target)
{
    return std::string(target.substr(0, target.find('?')));
}

bool wantsJson(const Request &request)
{
    return request[http::field::accept].find("application/json") != std::string_view::npos
            || request.target().find("format=json") != std::string_view::npos;
}

int hopsOf(const Request &request)
{
    const auto text = request[kHopsHeader];
    int hops = 0;
    std::from_chars(text.data(), text.data() + text.size(), hops);
    return std::max(hops, 0);
}

// Paths that answer at once, without calls: what probes and browsers ask for.
std::optional<std::pair<http::status, std::string>> fixedAnswer(const std::string &path,
                                                                const PodIdentity &pod)
{
    if (path == "/hostname")
        return std::pair(http::status::ok, pod.name + "\n");
    if (path == "/healthz" || path == "/readyz" || path == "/livez")
        return std::pair(http::status::ok, std::string("ok\n"));
    if (path == "/favicon.ico")
        return std::pair(http::status::not_found, std::string());
    return std::nullopt;
}

Response makeResponse(const Request &request, const PodIdentity &pod, http::status status,
                      std::string body, const char *contentType)
{
    Response response{ status, request.version() };
    response.set(http::field::server, "clusterlab");
    response.set(http::field::content_type, contentType);
    response.set("X-ClusterLab-Pod", pod.name);
    response.keep_alive(request.keep_alive());
    const std::size_t length = body.size();
    if (request.method() != http::verb::head)
        response.body() = std::move(body);
    response.prepare_payload();
    response.content_length(length);
    return response;
}

asio::awaitable<Response> answer(const Request &request, PodContext &pod, std::string client)
{
    const std::string path = pathOnly(request.target());
    if (const auto fixed = fixedAnswer(path, pod.identity))
        co_return makeResponse(request, pod.identity, fixed->first, fixed->second,
                               "text/plain; charset=utf-8");
    RequestFacts facts{ std::string(request.method_string()), std::string(request.target()),
                        std::move(client), hopsOf(request), false };
    json::array calls;
    const auto planned = pod.calls();
    if (facts.hops >= kMaxHops) {
        facts.hopLimitReached = !planned.empty();
    } else {
        CallContext context{ pod.identity, pod.resolver, facts.hops, callTimeout(facts.hops) };
        calls = co_await performCalls(planned, std::move(context));
    }
    const json::object answer = describeRequest(pod.identity, facts, std::move(calls));
    if (wantsJson(request))
        co_return makeResponse(request, pod.identity, http::status::ok,
                               json::serialize(answer) + "\n", "application/json");
    co_return makeResponse(request, pod.identity, http::status::ok, renderText(answer),
                           "text/plain; charset=utf-8");
}

/// logAccess writes the access-log line of one answered request.
void logAccess(const ContainerOutput &output, const std::string &clientIp, const Request &request,
               const Response &response)
{
    if (!output.log)
        return;
    logs::HttpAccess access;
    access.clientIp = clientIp.empty() ? "-" : clientIp;
    access.time = logs::Clock::now();
    access.method = std::string(request.method_string());
    access.target = std::string(request.target());
    access.version = request.version();
    access.status = response.result_int();
    access.bodyBytes = request.method() == http::verb::head ? 0 : response.body().size();
    access.referer = std::string(request[http::field::referer]);
    access.userAgent = std::string(request[http::field::user_agent]);
    access.forwardedFor = std::string(request["X-Forwarded-For"]);
    output.write(logs::accessLine(output.style, access));
}

} // namespace

asio::awaitable<void> serveHttp(beast::tcp_stream &stream, std::string initial, PodContext &pod,
                                SessionControl &control, const ContainerOutput &output)
{
    beast::flat_buffer buffer;
    const auto room = buffer.prepare(initial.size());
    buffer.commit(asio::buffer_copy(room, asio::buffer(initial)));
    boost::system::error_code ec;
    const auto peer = stream.socket().remote_endpoint(ec);
    const std::string client = ec ? std::string() : endpointText(peer);
    const std::string clientIp = ec ? std::string() : peer.address().to_string();

    while (!control.stopping) {
        stream.expires_after(kIdle);
        http::request_parser<http::string_body> parser;
        parser.body_limit(1024 * 1024);
        auto [readError, n] = co_await http::async_read(stream, buffer, parser, kTuple);
        if (readError)
            co_return; // eof, timeout, close(), or a request that is no HTTP: end quietly
        BusyScope busy(control);
        const std::uint64_t served = ++pod.requests; // this request's number, race-free
        const Request request = parser.release();
        Response response;
        if (output.bootcampVersion) {
            response = makeResponse(request, pod.identity, http::status::ok,
                                    bootcampAnswer(pod.identity.name, *output.bootcampVersion),
                                    "text/plain");
            response.erase(http::field::server);
            output.write(bootcampRequestLine(pod.identity.name, served, output.started,
                                             logs::Clock::now()));
        } else {
            response = co_await answer(request, pod, client);
            logAccess(output, clientIp, request, response);
        }
        const bool keepAlive = response.keep_alive() && !control.stopping;
        response.keep_alive(keepAlive);
        stream.expires_after(kSessionWriteTimeout);
        auto [writeError, w] = co_await http::async_write(stream, response, kTuple);
        if (writeError || !keepAlive)
            break;
    }
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

} // namespace clusterlab::net
