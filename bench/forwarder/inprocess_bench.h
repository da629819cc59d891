#pragma once

#include "options.h"

namespace bench {

/// runInProcess is bench_forwarder's default mode: one process holds a backend, ClusterLab's
/// ServiceForwarder (copy pumps, and splice pumps) in front of it, and the load clients, and
/// compares them with direct-to-backend and HAProxy in TCP mode (when installed).
int runInProcess(const Options &options);

} // namespace bench
