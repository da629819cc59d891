// bench/engine: how the cost of reconciling grows with the size of the cluster.
// For N = 10, 100, 1000 it applies N Deployments (3 replicas each) and N Services, runs the
// controllers at pace 0 until nothing is left to do, and prints the engine time and the
// process's peak memory. Not a test: nothing is asserted.
#include "cluster/cluster.h"
#include "manifest/decode.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <sys/resource.h>

namespace {

using namespace clusterlab;

std::string manifestFor(int n)
{
    std::string text;
    for (int i = 0; i < n; ++i) {
        const std::string name = "app-" + std::to_string(i);
        text += "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: " + name
                + "}\nspec:\n  replicas: 3\n  selector: {matchLabels: {app: " + name
                + "}}\n  template:\n    metadata: {labels: {app: " + name
                + "}}\n    spec:\n      containers:\n      - {name: web, image: nginx, ports: "
                  "[{containerPort: 80}]}\n"
                  "---\napiVersion: v1\nkind: Service\nmetadata: {name: "
                + name + "}\nspec:\n  selector: {app: " + name + "}\n  ports: [{port: 80}]\n";
    }
    return text;
}

long peakRssMiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024;
}

double millisSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count();
}

} // namespace

int main()
{
    std::printf("%-6s %-6s %-6s %-12s %-12s %-12s %-14s %s\n", "N", "nodes", "Pods", "decode ms",
                "apply ms", "reconcile ms", "Pods ready", "peak RSS MiB");
    for (int n : { 10, 100, 1000 }) {
        const std::string text = manifestFor(n);
        auto start = std::chrono::steady_clock::now();
        manifest::DecodeReport report = manifest::decodeText(text, "bench.yaml");
        const double decodeMs = millisSince(start);

        // A node's Pods take addresses from its own /24, so a node holds at most 253 Pods:
        // big runs get more nodes (a real kubelet allows only 110 by default).
        const int nodes = std::max(3, (3 * n + 199) / 200);
        cluster::Cluster cluster(cluster::Options{ nodes, 1, 0.0 });
        start = std::chrono::steady_clock::now();
        const auto result = cluster.apply(report.objects, cluster::ApplyMode::Apply);
        const double applyMs = millisSince(start);
        start = std::chrono::steady_clock::now();
        cluster.settle();
        const double reconcileMs = millisSince(start);

        int ready = 0, pods = 0;
        for (const auto &pod : cluster.store().listOf<model::Pod>()) {
            ++pods;
            ready += model::isPodReady(*pod);
        }
        std::printf("%-6d %-6d %-6d %-12.1f %-12.1f %-12.1f %-14d %ld%s\n", n, nodes, pods,
                    decodeMs, applyMs, reconcileMs, ready, peakRssMiB(),
                    result.ok ? "" : "  (apply failed)");
    }
    return 0;
}
