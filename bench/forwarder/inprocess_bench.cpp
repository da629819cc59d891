#include "inprocess_bench.h"

#include "haproxy_runner.h"
#include "inprocess_loads.h"
#include "net/service_forwarder.h"
#include "processes.h"
#include "watchdog.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <cstdio>
#include <thread>
#include <vector>

namespace bench {

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;
namespace net = clusterlab::net;

/// Target is one path of the in-process table.
struct Target
{
    std::string key, name;
    tcp::endpoint endpoint;
};

/// Row is one load of the in-process table.
struct Row
{
    std::string key;
    InProcessLoad load;
    std::string label, unit;
};

tcp::endpoint at(const std::string &ip, int port)
{
    return { asio::ip::make_address(ip), static_cast<unsigned short>(port) };
}

/// startForwarder puts a ServiceForwarder at clusterIP:80 in front of the backend.
std::unique_ptr<net::ServiceForwarder> startForwarder(asio::io_context &ioc, bool splice,
                                                      const std::string &clusterIP,
                                                      const std::string &name)
{
    net::ServicePortEntry entry;
    entry.namespace_ = "bench";
    entry.name = name;
    entry.port = 80;
    entry.clusterIP = clusterIP;
    entry.endpoints = { { kInProcessBackendIP, kInProcessBackendPort, true, "backend-0", {} } };
    auto forwarder = std::make_unique<net::ServiceForwarder>(ioc, nullptr, 1);
    net::ForwarderOptions options;
    options.useSplice = splice;
    forwarder->setOptions(options);
    forwarder->update({ entry });
    return forwarder;
}

std::vector<Row> rowsFor(const Options &options)
{
    const std::string conns = std::to_string(options.connections);
    return {
        { "keepalive", InProcessLoad::KeepAlive, "keep-alive requests, " + conns + " conns",
          "req/s" },
        { "conn", InProcessLoad::ConnectionPerRequest,
          "one connection per request, " + conns + " loops", "req/s" },
        { "bulk", InProcessLoad::Bulk,
          "bulk stream " + std::to_string(options.bulkMiB) + " MiB, 1 conn", "MB/s" },
    };
}

/// addHaproxy starts HAProxy in front of the backend, when installed, and adds its target.
Child addHaproxy(std::vector<Target> &targets, const Options &options, const ScratchDir &dir)
{
    const std::string binary = findExecutable("haproxy");
    if (binary.empty() || dir.path().empty())
        return {};
    Endpoint listenAt{ "127.0.0.77", 18080 };
    skipTakenPorts({ &listenAt });
    const HaproxyConfig config{
        options.threads,
        4000,
        false,
        { { "bench", listenAt, { { kInProcessBackendIP, kInProcessBackendPort } } } }
    };
    Child haproxy =
            startHaproxy(binary, config, dir.file("haproxy.cfg"), dir.file("haproxy.stderr"), -1);
    if (haproxy.pid != 0)
        targets.push_back({ "haproxy", "HAProxy 'mode tcp'", at(listenAt.ip, listenAt.port) });
    return haproxy;
}

void printTable(const std::vector<Target> &targets, const Options &options)
{
    std::printf("bench_forwarder: %.1f s per load, %d server threads, %u cores\n\n",
                options.seconds, options.threads, std::thread::hardware_concurrency());
    std::printf("%-40s %-30s %14s %8s %8s\n", "load", "path", "result", "vs direct", "errors");
    for (const auto &row : rowsFor(options)) {
        if (!selected(options.loads, row.key))
            continue;
        double direct = 0;
        for (const auto &target : targets) {
            if (!selected(options.paths, target.key))
                continue;
            const auto m = runInProcessLoad(row.load, target.endpoint, options);
            if (direct == 0)
                direct = m.value;
            std::printf("%-40s %-30s %8.0f %-5s %8.2f %8llu\n", row.label.c_str(),
                        target.name.c_str(), m.value, row.unit.c_str(),
                        direct > 0 ? m.value / direct : 0.0,
                        static_cast<unsigned long long>(m.errors));
            std::fflush(stdout);
            std::this_thread::sleep_for(200ms); // let sockets of the previous run settle
        }
    }
}

} // namespace

int runInProcess(const Options &options)
{
    ScratchDir dir;
    // Whatever happens, the run ends within 5 minutes and leaves no HAProxy behind.
    startWatchdog(5min, dir.path());
    net::raiseFileLimit();
    asio::io_context servers;
    auto work = asio::make_work_guard(servers);
    tcp::acceptor backend(servers);
    backend.open(tcp::v4());
    backend.set_option(tcp::acceptor::reuse_address(true));
    backend.bind(at(kInProcessBackendIP, kInProcessBackendPort));
    backend.listen(asio::socket_base::max_listen_connections);
    asio::co_spawn(servers, acceptBackend(backend), asio::detached);
    auto copying = startForwarder(servers, false, "127.96.200.1", "backend");
    auto splicing = startForwarder(servers, true, "127.96.200.2", "backend-splice");
    std::vector<std::thread> threads;
    for (int i = 0; i < options.threads; ++i)
        threads.emplace_back([&] {
            servers.run();
        });
    std::vector<Target> targets{
        { "direct", "direct to backend", at(kInProcessBackendIP, kInProcessBackendPort) },
        { "copy", "ClusterIP forwarder (copy)",
          at("127.96.200.1", copying->boundPort("127.96.200.1", 80).value_or(80)) },
        { "splice", "ClusterIP forwarder (+splice)",
          at("127.96.200.2", splicing->boundPort("127.96.200.2", 80).value_or(80)) },
    };
    Child haproxy;
    if (selected(options.paths, "haproxy"))
        haproxy = addHaproxy(targets, options, dir);
    printTable(targets, options);
    stopHaproxy(haproxy);
    copying->stop();
    splicing->stop();
    asio::post(servers, [&] {
        boost::system::error_code ignored;
        backend.close(ignored);
    });
    work.reset();
    servers.stop();
    for (auto &t : threads)
        t.join();
    return 0;
}

} // namespace bench
