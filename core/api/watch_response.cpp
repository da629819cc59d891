#include "api/watch_response.h"

#include "io/awaitable.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <chrono>
#include <string>

namespace clusterlab::api {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;

namespace {

/// writeChunk sends text as one chunk of a chunked response.
auto writeChunk(beast::tcp_stream &stream, const std::string &text)
{
    return net::async_write(stream, http::make_chunk(net::buffer(text)), io::kTuple);
}

/// writeWatchHeader starts the chunked response a watch streams its events in.
net::awaitable<boost::system::error_code> writeWatchHeader(beast::tcp_stream &stream)
{
    http::response<http::empty_body> header(http::status::ok, 11);
    header.set(http::field::content_type, "application/json");
    header.set(http::field::cache_control, "no-cache, private");
    header.chunked(true);
    header.keep_alive(false); // the connection ends with the watch
    http::response_serializer<http::empty_body> serializer(header);
    auto [ec, bytes] = co_await http::async_write_header(stream, serializer, io::kTuple);
    co_return ec;
}

/// wakingMailbox is a mailbox for a watch's events whose waker wakes the watch (on the
/// stream's executor).
std::shared_ptr<WatchStream> wakingMailbox(beast::tcp_stream &stream,
                                           const std::shared_ptr<net::steady_timer> &wake)
{
    auto mailbox = std::make_shared<WatchStream>();
    const auto executor = stream.get_executor();
    mailbox->setWaker([executor, wake] {
        net::post(executor, [wake] {
            wake->cancel();
        });
    });
    return mailbox;
}

/// flagHangUp returns a flag that is set, and wakes the watch, when the client hangs up: that
/// makes the socket readable, so the watch ends then, not at the next event.
std::shared_ptr<bool> flagHangUp(beast::tcp_stream &stream,
                                 const std::shared_ptr<net::steady_timer> &wake)
{
    auto closed = std::make_shared<bool>(false);
    stream.socket().async_wait(tcp::socket::wait_read, [closed, wake](boost::system::error_code) {
        *closed = true;
        wake->cancel();
    });
    return closed;
}

/// pumpWatch writes the mailbox's events, and bookmarks when asked for, until the watch times
/// out, the client hangs up (closed), a write fails or stopping is set; it answers whether the
/// watch failed (a write failed, or the mailbox overflowed).
net::awaitable<bool> pumpWatch(beast::tcp_stream &stream, const WatchSpec &spec,
                               WatchStream &mailbox, net::steady_timer &wake, const bool &closed,
                               const std::atomic_bool &stopping)
{
    const auto deadline = spec.timeout ? std::chrono::steady_clock::now() + *spec.timeout
                                       : std::chrono::steady_clock::time_point::max();
    auto nextBookmark = std::chrono::steady_clock::now() + 30s;
    std::uint64_t lastSent = spec.resourceVersion.value_or(0);
    bool failed = false;
    while (!stopping && !closed && !failed) {
        std::string batch;
        for (const auto &item : mailbox.take()) {
            batch += encodeWatchEvent(item, spec);
            lastSent = std::max(lastSent, item.resourceVersion);
        }
        if (mailbox.overflowed()) {
            batch += encodeWatchError(expired(lastSent, lastSent));
            failed = true;
        }
        if (!batch.empty()) {
            auto [ec, n] = co_await writeChunk(stream, batch);
            failed = failed || ec;
            continue;
        }
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline)
            break;
        if (spec.bookmarks && now >= nextBookmark && lastSent) {
            auto [ec, n] = co_await writeChunk(
                    stream,
                    encodeWatchEvent({ WatchItem::Type::Bookmark, nullptr, lastSent }, spec));
            failed = ec.failed();
            nextBookmark = now + 30s;
            continue;
        }
        wake.expires_at(spec.bookmarks ? std::min(deadline, nextBookmark) : deadline);
        co_await wake.async_wait(io::kTuple);
    }
    co_return failed;
}

/// unsubscribe ends a watch's subscription, unless the engine has stopped first.
void unsubscribe(EngineView &view, std::uint64_t id)
{
    try {
        view.call([&](cluster::Cluster &, ApiState &state) {
            state.hub.unsubscribe(id);
            return 0;
        });
    } catch (const std::exception &) {
        // The engine stopped first; the hub goes with it.
    }
}

} // namespace

net::awaitable<void> streamWatch(beast::tcp_stream &stream, WatchSpec spec, EngineView &view,
                                 std::shared_ptr<net::steady_timer> wake,
                                 const std::atomic_bool &stopping)
{
    if (co_await writeWatchHeader(stream))
        co_return;

    auto mailbox = wakingMailbox(stream, wake);
    const auto closed = flagHangUp(stream, wake);
    auto subscribed = view.call([&](cluster::Cluster &c, ApiState &state) {
        return state.hub.subscribe(c.store(), spec, mailbox);
    });
    if (auto *error = std::get_if<StatusError>(&subscribed)) {
        co_await writeChunk(stream, encodeWatchError(*error));
        co_await net::async_write(stream, http::make_chunk_last(), io::kTuple);
        co_return;
    }
    const std::uint64_t id = std::get<std::uint64_t>(subscribed);
    const bool failed = co_await pumpWatch(stream, spec, *mailbox, *wake, *closed, stopping);
    unsubscribe(view, id);
    if (!failed && !*closed && !stopping)
        co_await net::async_write(stream, http::make_chunk_last(), io::kTuple);
}

} // namespace clusterlab::api
