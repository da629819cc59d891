#include "shell/http_fetch.h"

#include "net/io_util.h"
#include "shell/dns_client.h"

#include <boost/asio/this_coro.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

namespace clusterlab::shell {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

struct Url
{
    std::string scheme = "http";
    std::string host;
    int port = 80;
    std::string target = "/";
};

bool parseUrl(const std::string &text, Url &url, std::string &error)
{
    std::string rest = text;
    if (const auto sep = rest.find("://"); sep != std::string::npos) {
        url.scheme = rest.substr(0, sep);
        rest = rest.substr(sep + 3);
    }
    if (url.scheme != "http") {
        error = "Protocol \"" + url.scheme
                + "\" not supported (ClusterLab's Pods speak plain http)";
        return false;
    }
    const auto slash = rest.find_first_of("/?");
    std::string authority = rest.substr(0, slash);
    if (slash != std::string::npos)
        url.target = (rest[slash] == '?' ? "/" : "") + rest.substr(slash);
    if (const auto at = authority.rfind('@'); at != std::string::npos)
        authority = authority.substr(at + 1);
    if (const auto colon = authority.rfind(':'); colon != std::string::npos) {
        try {
            url.port = std::stoi(authority.substr(colon + 1));
        } catch (const std::exception &) {
            url.port = -1;
        }
        authority = authority.substr(0, colon);
        if (url.port < 1 || url.port > 65535) {
            error = "URL rejected: Port number was not a decimal number between 0 and 65535";
            return false;
        }
    }
    url.host = authority;
    if (url.host.empty()) {
        error = "URL rejected: No host part in the URL";
        return false;
    }
    return true;
}

} // namespace

asio::awaitable<FetchResult> fetch(const PodInfo &pod, FetchRequest request, const Output &err)
{
    FetchResult result;
    Url url;
    if (!parseUrl(request.url, url, result.error)) {
        result.curlCode = result.error.starts_with("Protocol") ? 1 : 3;
        co_return result;
    }
    const auto started = std::chrono::steady_clock::now();
    auto elapsed = [&] {
        return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                      std::chrono::steady_clock::now() - started)
                                      .count());
    };
    auto address = co_await resolveAddress(pod, url.host);
    if (!address) {
        result.curlCode = 6;
        result.error = "Could not resolve host: " + url.host;
        co_return result;
    }
    if (*address == "127.0.0.1")
        address = pod.ip; // the Pod's own localhost
    const int real = pod.realPort ? pod.realPort(*address, url.port) : url.port;
    const tcp::endpoint endpoint(asio::ip::make_address_v4(*address),
                                 static_cast<unsigned short>(real));
    const std::string where = *address + ":" + std::to_string(url.port);
    if (request.verbose)
        err("*   Trying " + where + "...\n");
    beast::tcp_stream stream(co_await asio::this_coro::executor);
    stream.expires_after(request.timeout);
    if (auto ec = co_await net::connectFrom(stream, pod.ip, endpoint)) {
        const bool timedOut = ec == beast::error::timeout;
        result.curlCode = timedOut ? 28 : 7;
        result.error = timedOut
                ? "Connection timed out after " + elapsed() + " milliseconds"
                : "Failed to connect to " + url.host + " port " + std::to_string(url.port)
                        + " after " + elapsed() + " ms: Couldn't connect to server";
        co_return result;
    }
    if (request.verbose)
        err("* Connected to " + url.host + " (" + *address + ") port " + std::to_string(url.port)
            + "\n");

    http::request<http::string_body> req(http::string_to_verb(request.method), url.target, 11);
    if (req.method() == http::verb::unknown)
        req.method_string(request.method);
    req.set(http::field::host,
            url.port == 80 ? url.host : url.host + ":" + std::to_string(url.port));
    req.set(http::field::user_agent, request.userAgent);
    req.set(http::field::accept, "*/*");
    for (const auto &[name, value] : request.headers)
        req.set(name, value);
    if (!request.body.empty()) {
        if (req[http::field::content_type].empty())
            req.set(http::field::content_type, "application/x-www-form-urlencoded");
        req.body() = request.body;
        req.prepare_payload();
    }
    if (request.verbose) {
        err("> " + std::string(req.method_string()) + " " + url.target + " HTTP/1.1\n");
        for (const auto &field : req)
            err("> " + std::string(field.name_string()) + ": " + std::string(field.value()) + "\n");
        err(">\n");
    }
    auto [wec, written] = co_await http::async_write(stream, req, io::kTuple);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(8 * 1024 * 1024);
    boost::system::error_code rec = wec;
    if (!rec) {
        auto [ec, read] = co_await http::async_read(stream, buffer, parser, io::kTuple);
        rec = ec;
    }
    if (rec) {
        const bool timedOut = rec == beast::error::timeout;
        result.curlCode = timedOut ? 28 : 56;
        result.error = timedOut
                ? "Operation timed out after " + elapsed() + " milliseconds with 0 bytes received"
                : "Recv failure: " + rec.message();
        co_return result;
    }
    auto response = parser.release();
    result.status = response.result_int();
    result.statusLine =
            "HTTP/1.1 " + std::to_string(result.status) + " " + std::string(response.reason());
    for (const auto &field : response)
        result.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    result.body = std::move(response.body());
    if (request.verbose) {
        err("< " + result.statusLine + "\n");
        for (const auto &[name, value] : result.headers)
            err("< " + name + ": " + value + "\n");
        err("<\n");
    }
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    co_return result;
}

} // namespace clusterlab::shell
