#pragma once

#include "sockets.h"

#include <cstdint>
#include <functional>
#include <vector>

namespace bench {

/// Percentiles of connect-to-first-byte latency, in microseconds.
struct Latency
{
    double p50 = 0, p99 = 0;
    std::uint64_t errors = 0;
};

/// measureLatency takes `samples` sequential samples of connect + "GET / HTTP/1.1" with
/// "Connection: close" + the first response byte, round-robin over targets.
Latency measureLatency(const std::vector<Endpoint> &targets, int samples);

/// openIdle opens up to n idle connections round-robin over targets (sending nothing) and
/// returns their fds; it stops early at the first failure. After every 250 it calls
/// `afterBatch(opened so far)`, which may wait for the server to catch up.
std::vector<int> openIdle(const std::vector<Endpoint> &targets, int n,
                          const std::function<void(int)> &afterBatch);

/// closeIdle closes them with a reset (no TIME-WAIT left behind).
void closeIdle(std::vector<int> &fds);

} // namespace bench
