#pragma once

#include "options.h"

namespace bench {

/// runPinned is `bench_forwarder --pinned`: it starts ClusterLab (`clusterlab --headless`)
/// and HAProxy on CPU 0, pins its own load clients (and wrk) to CPU 1, and measures each load
/// direct to the Pods, through the ClusterIP and through HAProxy; the median of
/// options.runs runs goes into one table with issue 15's goals. Returns 0 whenever it ran
/// (speed never fails it), 1 when ClusterLab could not be started.
int runPinned(const Options &options);

} // namespace bench
