// bench/portforward: what `kubectl port-forward` costs, in one run, beside talking to the Pod
// directly. A Redis Pod; the real kubectl forwards a local port into it (kubectl 1.33 tunnels
// SPDY/3.1 through a WebSocket, kubectl 1.27 speaks SPDY on the connection); over each path:
// 300 PINGs one after another (round trip p50/p99) and 20 GETs of a 1 MiB value (MB/s).
// Not a test: nothing is asserted. Run: build/bench/portforward/bench_portforward
// [KUBECTL...] (default: kubectl.1.33 and kubectl.1.27 of google-cloud-sdk, when installed).
#include "engine.h"
#include "manifest/decode.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <regex>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char **environ;

namespace {

using namespace clusterlab;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr char kPod[] = R"(apiVersion: v1
kind: Pod
metadata: {name: cache, labels: {app: cache}}
spec:
  containers:
  - {name: redis, image: "redis:7.2.4", ports: [{containerPort: 6379}]}
)";

int freePort()
{
    asio::io_context io;
    tcp::acceptor acceptor(io, { asio::ip::make_address("127.0.0.1"), 0 });
    return acceptor.local_endpoint().port();
}

/// Resp is a blocking Redis client on one connection.
class Resp
{
public:
    Resp(const std::string &host, int port) : m_socket(m_io)
    {
        m_socket.connect({ asio::ip::make_address(host), static_cast<unsigned short>(port) });
    }

    /// call sends a command and returns the reply's bytes (a bulk string's payload).
    std::string call(const std::vector<std::string> &argv)
    {
        std::string out = "*" + std::to_string(argv.size()) + "\r\n";
        for (const auto &arg : argv)
            out += "$" + std::to_string(arg.size()) + "\r\n" + arg + "\r\n";
        asio::write(m_socket, asio::buffer(out));
        asio::read_until(m_socket, asio::dynamic_buffer(m_buffer), "\r\n");
        const std::size_t eol = m_buffer.find("\r\n");
        std::string line = m_buffer.substr(0, eol);
        m_buffer.erase(0, eol + 2);
        if (line.empty() || line[0] != '$')
            return line;
        const std::size_t size = std::stoul(line.substr(1));
        while (m_buffer.size() < size + 2) {
            char chunk[65536];
            m_buffer.append(chunk, m_socket.read_some(asio::buffer(chunk)));
        }
        std::string value = m_buffer.substr(0, size);
        m_buffer.erase(0, size + 2);
        return value;
    }

private:
    asio::io_context m_io;
    tcp::socket m_socket;
    std::string m_buffer;
};

double percentile(std::vector<double> values, double p)
{
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, std::size_t(p * double(values.size())))];
}

struct Result
{
    double p50 = 0, p99 = 0, mbPerSecond = 0;
};

Result measure(const std::string &host, int port)
try {
    Resp redis(host, port);
    redis.call({ "SET", "big", std::string(1 << 20, 'x') });
    std::vector<double> rtt;
    for (int i = 0; i < 300; ++i) {
        const auto start = Clock::now();
        redis.call({ "PING" });
        rtt.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
    }
    const auto start = Clock::now();
    std::size_t bytes = 0;
    for (int i = 0; i < 20; ++i)
        bytes += redis.call({ "GET", "big" }).size();
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return { percentile(rtt, 0.5), percentile(rtt, 0.99), double(bytes) / 1e6 / seconds };
} catch (const std::exception &e) {
    std::printf("%s:%d: %s\n", host.c_str(), port, e.what());
    return {};
}

/// Forward is one running `kubectl port-forward pod/cache :6379`.
class Forward
{
public:
    Forward(const std::string &kubectl, const std::string &kubeconfig)
    {
        int out[2];
        if (pipe(out) != 0)
            return;
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, out[1], 1);
        posix_spawn_file_actions_addclose(&actions, out[0]);
        setenv("KUBECONFIG", kubeconfig.c_str(), 1);
        std::vector<std::string> args{ kubectl,     "port-forward", "--address",
                                       "127.0.0.1", "pod/cache",    ":6379" };
        std::vector<char *> argv;
        for (auto &a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        if (posix_spawn(&m_pid, kubectl.c_str(), &actions, nullptr, argv.data(), environ) != 0)
            m_pid = -1;
        posix_spawn_file_actions_destroy(&actions);
        close(out[1]);
        std::string text;
        char buffer[256];
        static const std::regex forwarding("Forwarding from 127\\.0\\.0\\.1:(\\d+)");
        std::smatch match;
        while (m_pid > 0 && !std::regex_search(text, match, forwarding)) {
            const ssize_t n = read(out[0], buffer, sizeof buffer);
            if (n <= 0)
                break;
            text.append(buffer, std::size_t(n));
        }
        if (std::regex_search(text, match, forwarding))
            port = std::stoi(match[1]);
        m_out = out[0]; // kept open: kubectl writes "Handling connection" lines to it
    }

    ~Forward()
    {
        if (m_pid > 0) {
            kill(m_pid, SIGTERM);
            waitpid(m_pid, nullptr, 0);
        }
        if (m_out >= 0)
            close(m_out);
    }

    int port = 0;

private:
    pid_t m_pid = -1;
    int m_out = -1;
};

} // namespace

int main(int argc, char **argv)
{
    std::vector<std::string> clients(argv + 1, argv + argc);
    if (clients.empty())
        for (const char *version : { "1.33", "1.27" })
            if (const std::string path =
                        std::string("/usr/lib/google-cloud-sdk/bin/kubectl.") + version;
                std::filesystem::exists(path))
                clients.push_back(path);
    EngineOptions options;
    options.pace = 0;
    options.usersRate = 0;
    options.apiPort = freePort();
    options.kubeconfigPath = "/tmp/clusterlab-bench-portforward-" + std::to_string(options.apiPort);
    Engine engine(options);
    engine.start();
    engine.apply(manifest::decodeText(kPod, "bench").objects, cluster::ApplyMode::Create).get();
    std::string podIP;
    for (int i = 0; i < 200 && podIP.empty(); ++i) {
        podIP = engine.call([](cluster::Cluster &c) {
                          const auto pod = c.store().get("Pod", "default", "cache");
                          const auto *p = pod ? std::get_if<model::Pod>(&*pod) : nullptr;
                          return p && p->status.phase == "Running" ? p->status.podIP
                                                                   : std::string();
                      }).get();
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300)); // the data plane's sync
    std::printf("path                          PING p50 (us)  p99 (us)  GET 1 MiB (MB/s)\n");
    const Result direct = measure(podIP, 6379);
    std::printf("direct to the Pod (%-11s) %13.0f %9.0f %17.1f\n", podIP.c_str(), direct.p50,
                direct.p99, direct.mbPerSecond);
    for (const auto &kubectl : clients) {
        Forward forward(kubectl, engine.kubeconfigPath());
        if (forward.port == 0) {
            std::printf("%s: port-forward did not start\n", kubectl.c_str());
            continue;
        }
        const Result r = measure("127.0.0.1", forward.port);
        std::printf("%-29s %13.0f %9.0f %17.1f   (x%.1f latency, x%.2f throughput)\n",
                    std::filesystem::path(kubectl).filename().c_str(), r.p50, r.p99, r.mbPerSecond,
                    r.p50 / direct.p50, r.mbPerSecond / direct.mbPerSecond);
    }
    engine.stop();
    return 0;
}
