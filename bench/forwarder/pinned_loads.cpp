// The loads of --pinned: each one measured on every path, options.runs times, in alternating
// path order; results go into PinnedSetup::results.

#include "haproxy_runner.h"
#include "idle_memory.h"
#include "load_clients.h"
#include "pinned_setup.h"
#include "probe_clients.h"
#include "wrk_runner.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <thread>

namespace bench {

namespace {

using namespace std::chrono_literals;

/// settle lets the sockets of the previous measurement close before the next one.
void settle()
{
    std::this_thread::sleep_for(300ms);
}

std::vector<PathTo> webPaths(const PinnedSetup &s, bool onePod)
{
    const auto &a = s.cluster.addresses;
    std::vector<PathTo> paths{
        { onePod ? "direct (1 Pod)" : "direct (3 Pods, round-robin)", Role::Direct,
          onePod ? std::vector<Endpoint>{ a.webPods[0] } : a.webPods },
        { "ClusterIP", Role::Other, { a.web } },
    };
    if (s.hasHaproxy())
        paths.push_back({ "HAProxy", Role::Haproxy, { s.haproxyWeb } });
    return paths;
}

/// requestRun is one measurement of a request load: wrk when installed, else the built-in.
std::optional<LoadResult> requestRun(PinnedSetup &s, const PathTo &path, bool closeEach)
{
    if (!s.tools.wrk.empty())
        return runWrk(s.tools.wrk, path.targets.front(), kClients, s.options.seconds, closeEach,
                      kClientCpu);
    return httpLoad(path.targets, kClients, double(wrkSeconds(s.options.seconds)), closeEach);
}

/// holdersFor says which processes hold fds for an idle connection of a path: the Pod side
/// (1) direct; through the ClusterIP the Pod takes the accepted socket over (1); HAProxy (2)
/// and the Pod side.
std::vector<Holder> holdersFor(Role role, pid_t clusterlab, pid_t haproxy)
{
    if (role == Role::Haproxy)
        return { { haproxy, 2 }, { clusterlab, 1 } };
    return { { clusterlab, 1 } };
}

} // namespace

std::vector<PathTo> inRunOrder(std::vector<PathTo> paths, int run)
{
    if (run % 2)
        std::reverse(paths.begin(), paths.end());
    return paths;
}

std::string keepAliveLoad(const PinnedSetup &s)
{
    return s.tools.wrk.empty() ? "keep-alive (built-in, 16c)" : "keep-alive (wrk -c16)";
}

std::string connectionLoad(const PinnedSetup &s)
{
    return s.tools.wrk.empty() ? "conn/request (built-in, 16c)" : "conn/request (wrk -c16)";
}

std::string streamLoadName(const PinnedSetup &s)
{
    return "stream " + std::to_string(s.options.bulkMiB) + " MiB echo";
}

void runRequestLoads(PinnedSetup &s)
{
    const auto paths = webPaths(s, !s.tools.wrk.empty());
    for (const bool closeEach : { false, true }) {
        const std::string load = closeEach ? connectionLoad(s) : keepAliveLoad(s);
        for (const auto &p : paths)
            s.results.declare(load, p.name, p.role, "req/s");
        for (int run = 0; run < s.options.runs; ++run)
            for (const auto &p : inRunOrder(paths, run)) {
                std::fprintf(stderr, "  %s, %s, run %d\n", load.c_str(), p.name.c_str(), run + 1);
                if (const auto r = requestRun(s, p, closeEach))
                    s.results.add(load, p.name, p.role, "req/s", r->value, r->errors);
                else
                    s.results.note(load, p.name, "wrk failed or printed no Requests/sec");
                settle();
            }
    }
}

void runStreamLoads(PinnedSetup &s)
{
    const auto &a = s.cluster.addresses;
    std::vector<PathTo> paths{ { "direct (1 Pod)", Role::Direct, { a.streamPods[0] } },
                               { "ClusterIP", Role::Other, { a.stream } } };
    if (s.hasHaproxy())
        paths.push_back({ "HAProxy", Role::Haproxy, { s.haproxyStream } });
    if (s.splice && s.splice->address().port != 0)
        paths.push_back({ "splice forwarder (1 Pod)", Role::Other, { s.splice->address() } });
    const std::string load = streamLoadName(s);
    const auto limit = std::chrono::seconds(20 + s.options.bulkMiB / 10);
    for (const auto &p : paths)
        s.results.declare(load, p.name, p.role, "MiB/s");
    for (int run = 0; run < s.options.runs; ++run)
        for (const auto &p : inRunOrder(paths, run)) {
            std::fprintf(stderr, "  %s, %s, run %d\n", load.c_str(), p.name.c_str(), run + 1);
            const auto r = streamLoad(p.targets.front(), s.options.bulkMiB << 20, limit);
            s.results.add(load, p.name, p.role, "MiB/s", r.value, r.errors);
            if (!r.complete)
                s.results.note(load, p.name,
                               "not every byte came back within " + std::to_string(limit.count())
                                       + " s (the rate counts what did)");
            settle();
        }
}

void runIdleLoads(PinnedSetup &s)
{
    const pid_t lab = s.cluster.process.pid;
    const IdleCount count = idleCount(lab);
    const std::string load = "idle " + std::to_string(count.connections) + " conns";
    if (!count.limitedBy.empty())
        s.remarks.push_back("idle connections: " + std::to_string(count.connections)
                            + ", not 10000, because " + count.limitedBy + ".");
    const auto &a = s.cluster.addresses;
    const std::string pods = "direct: Pod side (ClusterLab)", total = "ClusterIP: ClusterLab total";
    const std::string forwarder = "ClusterIP: forwarder only", haproxy = "HAProxy (its own RSS)";
    std::vector<PathTo> paths{ { pods, Role::Direct, a.streamPods },
                               { total, Role::Other, { a.stream } } };
    if (s.hasHaproxy())
        paths.push_back({ haproxy, Role::Haproxy, { s.haproxyStream } });
    const std::pair<std::string, Role> rows[] = { { pods, Role::Direct },
                                                  { total, Role::Other },
                                                  { forwarder, Role::Derived },
                                                  { haproxy, Role::Haproxy } };
    for (const auto &[name, role] : rows)
        if (role != Role::Haproxy || s.hasHaproxy())
            s.results.declare(load, name, role, "B/conn");
    for (int run = 0; run < s.options.runs; ++run) {
        std::map<std::string, double> got;
        for (const auto &p : inRunOrder(paths, run)) {
            std::fprintf(stderr, "  %s, %s, run %d\n", load.c_str(), p.name.c_str(), run + 1);
            std::string problem;
            // HAProxy holds no more than its maxconn; beyond it, connections wait unaccepted.
            const int n = p.role == Role::Haproxy
                    ? std::min(count.connections, haproxyMaxconn() - 100)
                    : count.connections;
            if (n < count.connections && run == 0)
                s.remarks.push_back("idle connections through HAProxy: " + std::to_string(n)
                                    + ", its maxconn less 100 (its fds must fit RLIMIT_NOFILE)");
            const auto bytes = idleBytesPerConnection(
                    p.targets, n, holdersFor(p.role, lab, s.haproxy.pid), problem);
            if (bytes)
                s.results.add(load, p.name, p.role, "B/conn", got[p.name] = *bytes);
            if (!problem.empty())
                s.results.note(load, p.name, problem);
            settle();
        }
        if (got.count(pods) && got.count(total))
            s.results.add(load, forwarder, Role::Derived, "B/conn", got[total] - got[pods]);
    }
    s.remarks.push_back("idle B/conn is the growth of VmRSS with the connections open, divided "
                        "by their number; heap freed by one path and reused by the next lowers "
                        "the next one's figure, hence the alternating order over runs.");
}

void runLatencyLoads(PinnedSetup &s)
{
    const auto paths = webPaths(s, false);
    for (const char *load : { "latency p50", "latency p99" })
        for (const auto &p : paths)
            s.results.declare(load, p.name, p.role, "us");
    for (int run = 0; run < s.options.runs; ++run)
        for (const auto &p : inRunOrder(paths, run)) {
            std::fprintf(stderr, "  latency, %s, run %d\n", p.name.c_str(), run + 1);
            const Latency l = measureLatency(p.targets, kLatencySamples);
            s.results.add("latency p50", p.name, p.role, "us", l.p50, l.errors);
            s.results.add("latency p99", p.name, p.role, "us", l.p99);
            settle();
        }
}

} // namespace bench
