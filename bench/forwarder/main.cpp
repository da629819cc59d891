// bench_forwarder: ClusterLab's ClusterIP forwarding against going straight to the backend and
// against HAProxy in TCP mode, in one run. Everything is on 127.0.0.0/8, bounded in time and
// bytes, stops by itself (a watchdog ends a run that hangs) and leaves no process behind.
//
// In-process (the default): one process holds a backend, ServiceForwarders (copy pumps, and
// splice pumps) in front of it and the load clients; HAProxy runs when it is installed.
//
//   bench_forwarder [--seconds 2] [--connections 32] [--bulk-mib 1024] [--threads 2]
//                   [--loads keepalive,conn,bulk] [--paths direct,copy,splice,haproxy]
//
// Pinned (issue 15): a running `clusterlab --headless` (Deployments and Services `web`, nginx
// on port 80, and `stream`, an echo on port 9000, 3 Pods each) and HAProxy (nbthread 1,
// splice-auto, balance random over the same Pods) on CPU 0; wrk and the bench's own clients
// on CPU 1. Loads: keep-alive requests and one connection per request (wrk -t1 -c16, or a
// built-in client when wrk is missing), an echoed stream (also through a minimal splice(2)
// forwarder), the memory of idle connections (VmRSS), and connect-to-first-byte latency.
// Each is measured direct to the Pods, through the ClusterIP and through HAProxy, --runs
// times in alternating order; one table shows the medians, then issue 15's goals, as
// information only (the exit code is 0 whenever the bench ran).
//
//   bench_forwarder --pinned [--runs 3] [--seconds 5] [--bulk-mib 1024]
//                   [--clusterlab BUILD/app/clusterlab]

#include "inprocess_bench.h"
#include "options.h"
#include "pinned_bench.h"

#include <csignal>
#include <cstdio>
#include <exception>

int main(int argc, char **argv)
{
    const bench::Options options = bench::parseOptions(argc, argv);
    std::signal(SIGPIPE, SIG_IGN); // a peer gone mid-write is an error return, not an exit
    try {
        return options.pinned ? bench::runPinned(options) : bench::runInProcess(options);
    } catch (const std::exception &e) {
        std::fprintf(stderr, "bench_forwarder: %s\n", e.what());
        return 1;
    }
}
