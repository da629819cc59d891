#pragma once

#include "options.h"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <cstdint>

namespace bench {

/// kInProcessBackendIP:kInProcessBackendPort is the in-process mode's backend.
inline constexpr const char *kInProcessBackendIP = "127.244.200.1";
inline constexpr int kInProcessBackendPort = 8080;

/// acceptBackend serves every connection of acceptor as the backend: a short keep-alive
/// answer per request, or `bytes` of bulk for "GET /bulk/<bytes>". Ends when it is closed.
boost::asio::awaitable<void> acceptBackend(boost::asio::ip::tcp::acceptor &acceptor);

/// InProcessLoad is one of the in-process loads.
enum class InProcessLoad { KeepAlive, ConnectionPerRequest, Bulk };

/// InProcessMeasurement is requests/s, or MB/s for Bulk, and the errors seen.
struct InProcessMeasurement
{
    double value = 0;
    std::uint64_t errors = 0;
};

/// runInProcessLoad runs one load against target on its own io_context (one thread), at
/// most 60 s: options.connections clients for options.seconds, or one bulk download of
/// options.bulkMiB.
InProcessMeasurement runInProcessLoad(InProcessLoad load,
                                      const boost::asio::ip::tcp::endpoint &target,
                                      const Options &options);

} // namespace bench
