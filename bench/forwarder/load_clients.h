#pragma once

#include "sockets.h"

#include <chrono>
#include <cstdint>
#include <vector>

namespace bench {

/// LoadResult is one measured run of a load.
struct LoadResult
{
    double value = 0; ///< requests/s, or MiB/s for a stream
    std::uint64_t errors = 0; ///< failed connects, reads or writes
    bool complete = true; ///< false when a stream ran out of time before all bytes came back
};

/// httpLoad is the built-in stand-in for wrk: `connections` concurrent clients send
/// "GET / HTTP/1.1" for `seconds` on one thread; client i starts on targets[i % size] and, with
/// closeEach ("Connection: close", one connection per request), moves on round-robin.
LoadResult httpLoad(const std::vector<Endpoint> &targets, int connections, double seconds,
                    bool closeEach);

/// streamLoad connects to an echo server, writes `bytes` while reading the echo concurrently
/// and reports MiB/s from connect to the last byte back; bounded by `limit`.
LoadResult streamLoad(const Endpoint &target, std::uint64_t bytes, std::chrono::seconds limit);

} // namespace bench
