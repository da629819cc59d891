#include "clusterlab_runner.h"

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>

namespace bench {

using namespace std::chrono_literals;

const char *const kBenchManifest = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.25
          ports:
            - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 80
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: stream
spec:
  replicas: 3
  selector:
    matchLabels:
      app: stream
  template:
    metadata:
      labels:
        app: stream
    spec:
      containers:
        - name: stream
          image: busybox:1.36
          ports:
            - containerPort: 9000
---
apiVersion: v1
kind: Service
metadata:
  name: stream
spec:
  selector:
    app: stream
  ports:
    - port: 9000
      targetPort: 9000
)";

namespace {

/// firstLoopbackIp is the first whitespace-separated token of line that is a 127.x.y.z address.
std::string firstLoopbackIp(const std::string &line)
{
    static const std::regex ip(R"(^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$)");
    std::istringstream words(line);
    std::string word;
    while (words >> word)
        if (std::regex_match(word, ip))
            return word;
    return {};
}

/// applyCurlPort takes the port of a "curl http://IP[:PORT]/" line for the Service at that IP.
void applyCurlPort(const std::string &line, Endpoint &service)
{
    static const std::regex curl(R"(curl http://(127[.0-9]+)(?::(\d+))?/)");
    std::smatch m;
    if (!service.ip.empty() && std::regex_search(line, m, curl) && m[1] == service.ip)
        service.port = m[2].matched ? std::stoi(m[2]) : 80;
}

/// settle replaces each Pod's containerPort with the one it really listens on (port+10000 when
/// binding below 1024 needed a privilege ClusterLab lacked) and checks that everything accepts
/// and is ClusterLab's own listener (another ClusterLab with the same seed has the same IPs).
std::string settle(ClusterAddresses &a, pid_t clusterlab)
{
    for (auto *pods : { &a.webPods, &a.streamPods })
        for (auto &pod : *pods)
            if (!waitUntilAccepting(pod, 5s) && pod.port < 1024
                && canConnect({ pod.ip, pod.port + 10000 }))
                pod.port += 10000;
    std::vector<Endpoint> all{ a.web, a.stream };
    all.insert(all.end(), a.webPods.begin(), a.webPods.end());
    all.insert(all.end(), a.streamPods.begin(), a.streamPods.end());
    for (const Endpoint &e : all)
        if (!waitUntilAccepting(e, 10s))
            return "nothing accepts connections at " + e.text();
    for (const Endpoint &e : all)
        if (!listensIn(clusterlab, e))
            return e.text()
                    + " is not this ClusterLab's listener (is another ClusterLab with"
                      " the same seed, and so the same addresses, running?)";
    return {};
}

} // namespace

std::string defaultClusterlabPath()
{
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec)
        return "clusterlab";
    return (exe.parent_path() / "../../app/clusterlab").lexically_normal().string();
}

ClusterAddresses parseClusterTables(const std::string &text)
{
    ClusterAddresses a;
    a.web.port = 80;
    a.stream.port = 9000;
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        const std::string ip = firstLoopbackIp(line);
        if (line.rfind("service/web ", 0) == 0)
            a.web.ip = ip;
        else if (line.rfind("service/stream ", 0) == 0)
            a.stream.ip = ip;
        else if (line.rfind("pod/web-", 0) == 0 && !ip.empty())
            a.webPods.push_back({ ip, 80 });
        else if (line.rfind("pod/stream-", 0) == 0 && !ip.empty())
            a.streamPods.push_back({ ip, 9000 });
        applyCurlPort(line, a.web);
        applyCurlPort(line, a.stream);
    }
    return a;
}

RunningCluster startCluster(const std::string &binary, const std::string &manifestPath,
                            const std::string &stderrPath, int cpu)
{
    RunningCluster cluster;
    std::ofstream(manifestPath) << kBenchManifest;
    cluster.process = spawnChild({ { binary, "--headless", "--users-rate", "0", "--api-port", "0",
                                     "--seed", "1", manifestPath },
                                   cpu,
                                   true,
                                   false,
                                   stderrPath });
    if (cluster.process.pid == 0) {
        cluster.error =
                "cannot start " + binary + " (build the clusterlab target, or --clusterlab PATH)";
        return cluster;
    }
    std::string out;
    if (!readUntil(cluster.process.stdoutFd, "ClusterLab is running", out,
                   std::chrono::steady_clock::now() + 90s)) {
        std::ifstream errors(stderrPath);
        cluster.error = "clusterlab did not say \"ClusterLab is running\" within 90 s; stdout:\n"
                + out + "stderr:\n" + std::string(std::istreambuf_iterator<char>(errors), {});
    } else {
        cluster.addresses = parseClusterTables(out);
        const auto &a = cluster.addresses;
        if (a.web.ip.empty() || a.stream.ip.empty() || a.webPods.size() != 3
            || a.streamPods.size() != 3)
            cluster.error = "could not read 2 ClusterIPs and 3+3 Pod IPs from:\n" + out;
        else
            cluster.error = settle(cluster.addresses, cluster.process.pid);
    }
    if (!cluster.error.empty())
        stopCluster(cluster);
    return cluster;
}

void stopCluster(RunningCluster &cluster)
{
    stopChild(cluster.process, SIGINT, 10000ms);
}

} // namespace bench
