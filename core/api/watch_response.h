#pragma once

#include "api/engine_view.h"
#include "api/watch.h"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <atomic>
#include <memory>

namespace clusterlab::api {

/// streamWatch answers a watch request on stream: a chunked response with the events spec
/// asks for, and bookmarks, until the watch times out, the client hangs up, a write fails or
/// stopping is set. Cancelling wake wakes the watch. Thread: the session's strand.
boost::asio::awaitable<void> streamWatch(boost::beast::tcp_stream &stream, WatchSpec spec,
                                         EngineView &view,
                                         std::shared_ptr<boost::asio::steady_timer> wake,
                                         const std::atomic_bool &stopping);

} // namespace clusterlab::api
