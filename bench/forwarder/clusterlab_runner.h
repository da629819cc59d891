#pragma once

#include "processes.h"
#include "sockets.h"

#include <string>
#include <vector>

namespace bench {

/// ClusterAddresses are what the bench reaches in a running ClusterLab: the `web` and
/// `stream` Services' ClusterIP:port and their Pods' IP:containerPort.
struct ClusterAddresses
{
    Endpoint web, stream;
    std::vector<Endpoint> webPods, streamPods;
};

/// RunningCluster is a started `clusterlab --headless` and what its tables said.
struct RunningCluster
{
    Child process;
    ClusterAddresses addresses;
    std::string error; ///< why it is not usable; empty when it is
};

/// kBenchManifest is the manifest --pinned runs: Deployment + Service `web` (nginx:1.25, 3
/// replicas, port 80) and `stream` (busybox:1.36, 3 replicas, port 9000: a sniff workload
/// that echoes what a client sends first).
extern const char *const kBenchManifest;

/// defaultClusterlabPath is the build tree's app/clusterlab, found from /proc/self/exe
/// (bench/forwarder/bench_forwarder -> ../../app/clusterlab).
std::string defaultClusterlabPath();

/// parseClusterTables reads the `service/...` and `pod/...` rows of `clusterlab --headless`
/// and its "Try these" curl lines (the ports the forwarder really listens on). Pod ports are
/// the containerPorts (80, 9000); startCluster probes them.
ClusterAddresses parseClusterTables(const std::string &text);

/// startCluster writes kBenchManifest to manifestPath and runs `clusterlab --headless
/// --users-rate 0 --api-port 0 --seed 1 MANIFEST` pinned to cpu, stderr to stderrPath, until
/// "ClusterLab is running" (at most 90 s), then parses the tables and waits until every
/// address accepts. On any failure `error` says why and the process is already stopped.
RunningCluster startCluster(const std::string &binary, const std::string &manifestPath,
                            const std::string &stderrPath, int cpu);

/// stopCluster ends ClusterLab: SIGINT, SIGKILL after 10 s.
void stopCluster(RunningCluster &cluster);

} // namespace bench
