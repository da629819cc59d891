#include "net/http_client.h"

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

namespace clusterlab::net {

namespace http = boost::beast::http;

asio::awaitable<boost::system::result<HttpReply>>
httpGet(tcp::endpoint target, std::string host, std::string path,
        std::vector<std::pair<std::string, std::string>> headers, ClientOptions options)
{
    beast::tcp_stream stream(co_await asio::this_coro::executor);
    stream.expires_after(options.timeout);
    if (auto ec = co_await connectFrom(stream, options.localIp, target))
        co_return ec;

    http::request<http::empty_body> request{ http::verb::get, path.empty() ? "/" : path, 11 };
    request.set(http::field::host, host);
    request.set(http::field::user_agent, "clusterlab");
    request.set(http::field::connection, "close");
    for (const auto &[name, value] : headers)
        request.set(name, value);
    if (auto [ec, n] = co_await http::async_write(stream, request, kTuple); ec)
        co_return ec;

    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(1024 * 1024);
    if (auto [ec, n] = co_await http::async_read(stream, buffer, parser, kTuple); ec)
        co_return ec;
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);

    const auto &response = parser.get();
    HttpReply reply;
    reply.status = response.result_int();
    reply.reason = std::string(response.reason());
    reply.contentType = std::string(response[http::field::content_type]);
    reply.pod = std::string(response["X-ClusterLab-Pod"]);
    reply.body = response.body();
    co_return reply;
}

} // namespace clusterlab::net
