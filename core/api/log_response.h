#pragma once

#include "logs/container_log.h"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>

namespace clusterlab::api {

/// LogStream is the rest of a `kubectl logs -f` answer: the container's log and where the
/// lines already answered end, so the stream goes on with the lines written after them.
struct LogStream
{
    std::shared_ptr<logs::ContainerLog> log;
    std::uint64_t afterSeq = 0; ///< the newest line the first answer looked at
    bool timestamps = false;
    std::optional<std::int64_t> limitBytes; ///< what is left of limitBytes
};

/// streamLog answers a follow request on stream: head's status and headers with a chunked
/// body, head's body (the lines already there) as the first chunk, then every new line of
/// the log as it is written, until the log closes (the Pod is gone), limitBytes is used up,
/// the client hangs up, a write fails or stopping is set. Cancelling wake wakes the stream.
/// Thread: the session's strand (its executor must be a strand).
boost::asio::awaitable<void>
streamLog(boost::beast::tcp_stream &stream,
          boost::beast::http::response<boost::beast::http::string_body> head, LogStream spec,
          std::shared_ptr<boost::asio::steady_timer> wake, const std::atomic_bool &stopping);

} // namespace clusterlab::api
