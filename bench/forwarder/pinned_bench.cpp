// bench_forwarder --pinned: a running ClusterLab's ClusterIPs against direct-to-Pod and
// HAProxy, servers on CPU 0 and load on CPU 1 (issue 15's benchmark).

#include "pinned_bench.h"

#include "haproxy_runner.h"
#include "pinned_setup.h"
#include "watchdog.h"
#include "wrk_runner.h"

#include <cstdio>
#include <sys/resource.h>
#include <thread>

namespace bench {

namespace {

using namespace std::chrono_literals;

Tools findTools()
{
    Tools t;
    t.haproxy = findExecutable("haproxy");
    if (!t.haproxy.empty())
        t.haproxyVersion = haproxyVersion(t.haproxy);
    t.wrk = findExecutable("wrk");
    if (!t.wrk.empty())
        t.wrkVersion = wrkVersion(t.wrk);
    return t;
}

/// watchdogLimit bounds the whole run: start-up plus every load's own bound, all runs.
std::chrono::seconds watchdogLimit(const Options &o)
{
    const long long request = 2 * 3 * (wrkSeconds(o.seconds) + 25);
    const long long stream = 4 * (20 + static_cast<long long>(o.bulkMiB) / 10 + 2);
    const long long idle = 3 * 100, latency = 3 * 30;
    return std::chrono::seconds(180 + o.runs * (request + stream + idle + latency));
}

void raiseOwnFileLimit()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0) {
        limit.rlim_cur = limit.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
}

/// startHaproxyFor runs HAProxy on kServerCpu in front of the same Pods, when installed.
void startHaproxyFor(PinnedSetup &s, const ScratchDir &dir)
{
    if (s.tools.haproxy.empty()) {
        s.remarks.push_back("haproxy is not installed: the rows without HAProxy.");
        return;
    }
    skipTakenPorts({ &s.haproxyWeb, &s.haproxyStream });
    HaproxyConfig config;
    config.threads = 1;
    config.maxconn = haproxyMaxconn();
    config.splice = true;
    config.listens = { { "web", s.haproxyWeb, s.cluster.addresses.webPods },
                       { "stream", s.haproxyStream, s.cluster.addresses.streamPods } };
    s.haproxy = startHaproxy(s.tools.haproxy, config, dir.file("haproxy.cfg"),
                             dir.file("haproxy.stderr"), kServerCpu);
    if (!s.hasHaproxy())
        s.remarks.push_back("HAProxy did not start (its stderr is above): the rows without it.");
}

std::string versionText(const std::string &binary, const std::string &version)
{
    return binary.empty() ? "not installed" : version.empty() ? "(version unknown)" : version;
}

void printHeader(const PinnedSetup &s)
{
    const auto &o = s.options;
    const auto &a = s.cluster.addresses;
    std::printf("bench_forwarder --pinned: CPU %d: ClusterLab, HAProxy, splice forwarder; "
                "CPU %d: load (wrk, bench clients); %d run%s (median), %d s per wrk run, "
                "%llu MiB stream\n",
                kServerCpu, kClientCpu, o.runs, o.runs == 1 ? "" : "s", wrkSeconds(o.seconds),
                static_cast<unsigned long long>(o.bulkMiB));
    std::printf("HAProxy %s (nbthread 1, mode tcp, splice-auto, balance random, %s and %s); "
                "wrk %s\n",
                versionText(s.tools.haproxy, s.tools.haproxyVersion).c_str(),
                s.haproxyWeb.text().c_str(), s.haproxyStream.text().c_str(),
                s.tools.wrk.empty()
                        ? "not installed: a built-in client instead"
                        : (versionText(s.tools.wrk, s.tools.wrkVersion) + " (-t1 -c16)").c_str());
    std::printf("web: ClusterIP %s, Pods", a.web.text().c_str());
    for (const auto &p : a.webPods)
        std::printf(" %s", p.text().c_str());
    std::printf("; stream: ClusterIP %s, Pods", a.stream.text().c_str());
    for (const auto &p : a.streamPods)
        std::printf(" %s", p.text().c_str());
    std::printf("\n\n");
    std::fflush(stdout);
}

/// ratio is ClusterIP / `path` for one load, from the medians.
std::optional<double> ratio(const PinnedSetup &s, const std::string &load, const std::string &path)
{
    const auto mine = s.results.medianOf(load, "ClusterIP");
    const auto theirs = s.results.medianOf(load, path);
    if (!mine || !theirs || *theirs == 0)
        return std::nullopt;
    return *mine / *theirs;
}

std::vector<Goal> goals(const PinnedSetup &s)
{
    const std::string stream = s.options.bulkMiB == 1024
            ? "1 GiB stream"
            : "stream (" + std::to_string(s.options.bulkMiB) + " MiB)";
    return {
        { "conn/request >= 1.2x HAProxy", ratio(s, connectionLoad(s), "HAProxy"), 1.2 },
        { "keep-alive >= 1.1x HAProxy", ratio(s, keepAliveLoad(s), "HAProxy"), 1.1 },
        { stream + " >= HAProxy", ratio(s, streamLoadName(s), "HAProxy"), 1.0 },
        { stream + " >= 0.9x splice forwarder",
          ratio(s, streamLoadName(s), "splice forwarder (1 Pod)"), 0.9 },
    };
}

} // namespace

PinnedSetup::~PinnedSetup()
{
    splice.reset();
    stopHaproxy(haproxy);
    stopCluster(cluster);
}

int runPinned(const Options &options)
{
    ScratchDir dir;
    if (dir.path().empty()) {
        std::fprintf(stderr, "bench_forwarder: cannot create a temporary directory\n");
        return 1;
    }
    startWatchdog(watchdogLimit(options), dir.path());
    raiseOwnFileLimit();
    PinnedSetup s(options);
    s.tools = findTools();
    const std::string binary =
            options.clusterlab.empty() ? defaultClusterlabPath() : options.clusterlab;
    std::fprintf(stderr, "starting %s on CPU %d\n", binary.c_str(), kServerCpu);
    s.cluster =
            startCluster(binary, dir.file("bench.yaml"), dir.file("clusterlab.stderr"), kServerCpu);
    if (!s.cluster.error.empty()) {
        std::fprintf(stderr, "bench_forwarder: %s\n", s.cluster.error.c_str());
        return 1;
    }
    startHaproxyFor(s, dir);
    s.splice = std::make_unique<SpliceForwarder>(Endpoint{ "127.0.0.78", 0 },
                                                 s.cluster.addresses.streamPods[0], kServerCpu);
    if (!pinThisThread(kClientCpu))
        s.remarks.push_back("could not pin the load to CPU 1: it runs unpinned.");
    printHeader(s);
    runRequestLoads(s);
    runStreamLoads(s);
    runIdleLoads(s);
    runLatencyLoads(s);
    s.results.print();
    for (const auto &r : s.remarks)
        std::printf("  %s\n", r.c_str());
    printGoals(goals(s));
    return 0;
}

} // namespace bench
