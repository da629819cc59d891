#pragma once

#include "clusterlab_runner.h"
#include "options.h"
#include "pinned_report.h"
#include "processes.h"
#include "splice_forwarder.h"

#include <memory>
#include <string>
#include <vector>

namespace bench {

/// kServerCpu runs ClusterLab, HAProxy and the splice forwarder; kClientCpu the load.
inline constexpr int kServerCpu = 0;
inline constexpr int kClientCpu = 1;
/// kClients is the concurrent connections of the request loads (wrk -c16).
inline constexpr int kClients = 16;
/// kLatencySamples is how many sequential samples each latency cell takes.
inline constexpr int kLatencySamples = 2000;

/// Tools are the external programs found (empty path: missing) and their versions.
struct Tools
{
    std::string haproxy, haproxyVersion, wrk, wrkVersion;
};

/// PathTo is one way to a workload: its name in the table, its role, and where to connect.
struct PathTo
{
    std::string name;
    Role role = Role::Other;
    std::vector<Endpoint> targets;
};

/// PinnedSetup is everything --pinned runs; its destructor stops all of it, on every path.
struct PinnedSetup
{
    explicit PinnedSetup(const Options &o) : options(o) { }
    ~PinnedSetup();
    PinnedSetup(const PinnedSetup &) = delete;
    PinnedSetup &operator=(const PinnedSetup &) = delete;

    /// hasHaproxy says whether HAProxy runs (it is optional).
    bool hasHaproxy() const { return haproxy.pid != 0; }

    const Options &options;
    Tools tools;
    RunningCluster cluster;
    Child haproxy;
    Endpoint haproxyWeb{ "127.0.0.77", 18080 }, haproxyStream{ "127.0.0.77", 19000 };
    std::unique_ptr<SpliceForwarder> splice;
    Results results;
    std::vector<std::string> remarks; ///< printed under the table
};

/// inRunOrder is paths as listed on even runs and reversed on odd ones.
std::vector<PathTo> inRunOrder(std::vector<PathTo> paths, int run);

/// keepAliveLoad, connectionLoad and streamLoadName are the table's load names.
std::string keepAliveLoad(const PinnedSetup &s);
std::string connectionLoad(const PinnedSetup &s);
std::string streamLoadName(const PinnedSetup &s);

/// runRequestLoads measures keep-alive and one-connection-per-request requests to `web`.
void runRequestLoads(PinnedSetup &s);
/// runStreamLoads measures the echo stream through `stream` and the splice forwarder.
void runStreamLoads(PinnedSetup &s);
/// runIdleLoads measures resident memory per idle connection.
void runIdleLoads(PinnedSetup &s);
/// runLatencyLoads measures connect-to-first-byte p50 and p99 to `web`.
void runLatencyLoads(PinnedSetup &s);

} // namespace bench
