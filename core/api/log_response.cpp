#include "api/log_response.h"

#include "io/awaitable.h"
#include "logs/log_query.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http.hpp>

#include <chrono>
#include <string>

namespace clusterlab::api {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;

namespace {

/// kWriteTimeout bounds each write, so a client that stops reading does not hold the stream.
constexpr auto kWriteTimeout = 30s;

net::awaitable<bool> writeChunk(beast::tcp_stream &stream, const std::string &text)
{
    stream.expires_after(kWriteTimeout);
    auto [ec, n] =
            co_await net::async_write(stream, http::make_chunk(net::buffer(text)), io::kTuple);
    stream.expires_never();
    co_return !ec;
}

net::awaitable<bool> writeHeader(beast::tcp_stream &stream,
                                 const http::response<http::string_body> &head)
{
    http::response<http::empty_body> header(head.result(), head.version());
    for (const auto &field : head)
        if (field.name() != http::field::content_length)
            header.set(field.name_string(), field.value());
    header.chunked(true);
    header.keep_alive(false); // the connection ends with the stream
    http::response_serializer<http::empty_body> serializer(header);
    stream.expires_after(kWriteTimeout);
    auto [ec, bytes] = co_await http::async_write_header(stream, serializer, io::kTuple);
    stream.expires_never();
    co_return !ec;
}

} // namespace

net::awaitable<void> streamLog(beast::tcp_stream &stream, http::response<http::string_body> head,
                               LogStream spec, std::shared_ptr<net::steady_timer> wake,
                               const std::atomic_bool &stopping)
{
    if (!co_await writeHeader(stream, head))
        co_return;
    if (!head.body().empty() && !co_await writeChunk(stream, head.body()))
        co_return;

    // New lines and the client hanging up (the socket turns readable) wake the stream; the
    // wakers post to this strand, so none is lost between a check and the wait below.
    const auto executor = stream.get_executor();
    const std::uint64_t id = spec.log->subscribe([executor, wake] {
        net::post(executor, [wake] {
            wake->cancel();
        });
    });
    auto closed = std::make_shared<bool>(false);
    stream.socket().async_wait(tcp::socket::wait_read, [closed, wake](boost::system::error_code) {
        *closed = true;
        wake->cancel();
    });
    bool ok = true;
    while (ok && !stopping && !*closed) {
        const bool ended = spec.log->closed();
        const auto lines = spec.log->linesAfter(spec.afterSeq);
        if (!lines.empty()) {
            spec.afterSeq = lines.back().seq;
            ok = co_await writeChunk(stream,
                                     logs::renderLines(lines, spec.timestamps, spec.limitBytes));
            if (spec.limitBytes && *spec.limitBytes <= 0)
                break;
            continue;
        }
        if (ended)
            break;
        wake->expires_at(std::chrono::steady_clock::time_point::max());
        co_await wake->async_wait(io::kTuple);
    }
    spec.log->unsubscribe(id);
    if (ok && !*closed && !stopping) {
        stream.expires_after(kWriteTimeout);
        co_await net::async_write(stream, http::make_chunk_last(), io::kTuple);
        stream.expires_never();
    }
}

} // namespace clusterlab::api
