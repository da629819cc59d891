#pragma once

#include <cstdint>
#include <string>

namespace bench {

/// Options are bench_forwarder's command line, for both modes.
struct Options
{
    bool pinned = false; ///< --pinned: a running ClusterLab against direct and HAProxy
    double seconds = 2; ///< per load run (wrk -d in --pinned; default 5 there)
    int connections = 32; ///< in-process load clients (--pinned uses 16, as wrk -c16)
    std::uint64_t bulkMiB = 1024; ///< bytes of the stream load, in MiB
    int threads = 2; ///< in-process: server threads and HAProxy's nbthread
    int runs = 1; ///< --pinned: repeats of every load (default 3 there); the median is shown
    std::string loads = "keepalive,conn,bulk"; ///< in-process: loads to run
    std::string paths = "direct,copy,splice,haproxy"; ///< in-process: paths to measure
    std::string clusterlab; ///< --pinned: the clusterlab binary; empty = the build tree's
};

/// parseOptions reads argv; values are clamped to sane bounds, unknown keys are ignored.
/// --pinned changes the defaults of --seconds (5) and --runs (3) unless they are given.
Options parseOptions(int argc, char **argv);

/// selected says whether key is in the comma-separated list.
bool selected(const std::string &list, const std::string &key);

} // namespace bench
