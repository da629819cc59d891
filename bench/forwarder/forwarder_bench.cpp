// bench_forwarder: the same load, in one run, straight to a backend, through ClusterLab's
// ClusterIP forwarder (copy pumps and splice pumps), and through HAProxy in TCP mode when it is
// installed. Everything is on 127.0.0.0/8, bounded in time and bytes, and stops by itself.
//
//   bench_forwarder [--seconds 2] [--connections 32] [--bulk-mib 1024] [--threads 2]

#include "net/service_forwarder.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char **environ;

namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;
constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);

const std::string kRequest = "GET / HTTP/1.1\r\nHost: backend\r\n\r\n";
const std::string kResponse = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
const std::string kBackendIP = "127.244.200.1";
constexpr int kBackendPort = 8080;

struct Options
{
    double seconds = 2;
    int connections = 32;
    std::uint64_t bulkMiB = 1024;
    int threads = 2;
    std::string loads = "keepalive,conn,bulk";
    std::string paths = "direct,copy,splice,haproxy";
};

// ---- backend: keep-alive HTTP-ish answers, or a bulk stream for "GET /bulk/<bytes>" ----

asio::awaitable<void> serveBackend(tcp::socket socket)
{
    socket.set_option(tcp::no_delay(true));
    std::string pending;
    char buffer[16 * 1024];
    for (;;) {
        auto [ec, n] = co_await socket.async_read_some(asio::buffer(buffer), kUseTuple);
        if (ec)
            co_return;
        pending.append(buffer, n);
        std::size_t end;
        while ((end = pending.find("\r\n\r\n")) != std::string::npos) {
            const std::string head = pending.substr(0, end);
            pending.erase(0, end + 4);
            if (head.rfind("GET /bulk/", 0) == 0) {
                std::uint64_t left = std::stoull(head.substr(10));
                std::vector<char> chunk(1 << 20, 'x');
                while (left > 0) {
                    const auto size =
                            static_cast<std::size_t>(std::min<std::uint64_t>(left, chunk.size()));
                    auto [we, written] = co_await asio::async_write(
                            socket, asio::buffer(chunk.data(), size), kUseTuple);
                    if (we)
                        co_return;
                    left -= written;
                }
                boost::system::error_code ignored;
                socket.shutdown(tcp::socket::shutdown_send, ignored);
                continue;
            }
            auto [we, written] =
                    co_await asio::async_write(socket, asio::buffer(kResponse), kUseTuple);
            if (we)
                co_return;
        }
    }
}

asio::awaitable<void> acceptBackend(tcp::acceptor &acceptor)
{
    for (;;) {
        auto [ec, socket] = co_await acceptor.async_accept(
                asio::make_strand(acceptor.get_executor()), kUseTuple);
        if (ec == asio::error::operation_aborted)
            co_return;
        if (ec)
            continue;
        auto executor = socket.get_executor();
        asio::co_spawn(executor, serveBackend(std::move(socket)), asio::detached);
    }
}

// ---- load ----

struct Tally
{
    std::atomic<std::uint64_t> done{ 0 }, errors{ 0 };
};

asio::awaitable<void> keepAliveClient(tcp::endpoint target, Clock::time_point until, Tally &tally)
{
    tcp::socket socket(co_await asio::this_coro::executor);
    auto [ce] = co_await socket.async_connect(target, kUseTuple);
    if (ce) {
        ++tally.errors;
        co_return;
    }
    socket.set_option(tcp::no_delay(true));
    std::string response(kResponse.size(), '\0');
    while (Clock::now() < until) {
        auto [we, w] = co_await asio::async_write(socket, asio::buffer(kRequest), kUseTuple);
        auto [re, r] = co_await asio::async_read(socket, asio::buffer(response), kUseTuple);
        if (we || re) {
            ++tally.errors;
            co_return;
        }
        ++tally.done;
    }
}

asio::awaitable<void> connectionPerRequestClient(tcp::endpoint target, Clock::time_point until,
                                                 Tally &tally)
{
    std::string response(kResponse.size(), '\0');
    while (Clock::now() < until) {
        tcp::socket socket(co_await asio::this_coro::executor);
        auto [ce] = co_await socket.async_connect(target, kUseTuple);
        if (ce) {
            ++tally.errors;
            co_await asio::steady_timer(socket.get_executor(), 1ms).async_wait(kUseTuple);
            continue;
        }
        socket.set_option(tcp::no_delay(true));
        auto [we, w] = co_await asio::async_write(socket, asio::buffer(kRequest), kUseTuple);
        auto [re, r] = co_await asio::async_read(socket, asio::buffer(response), kUseTuple);
        if (we || re)
            ++tally.errors;
        else
            ++tally.done;
    }
}

asio::awaitable<void> bulkClient(tcp::endpoint target, std::uint64_t bytes, Tally &tally)
{
    tcp::socket socket(co_await asio::this_coro::executor);
    auto [ce] = co_await socket.async_connect(target, kUseTuple);
    if (ce) {
        ++tally.errors;
        co_return;
    }
    const std::string request = "GET /bulk/" + std::to_string(bytes) + "\r\n\r\n";
    co_await asio::async_write(socket, asio::buffer(request), kUseTuple);
    std::vector<char> buffer(1 << 20);
    for (;;) {
        auto [re, n] = co_await socket.async_read_some(asio::buffer(buffer), kUseTuple);
        tally.done += n;
        if (re)
            break;
    }
    if (tally.done != bytes)
        ++tally.errors;
}

enum class Load { KeepAlive, ConnectionPerRequest, Bulk };

struct Measurement
{
    double value = 0; // requests/s or MB/s
    std::uint64_t errors = 0;
};

Measurement run(Load load, const tcp::endpoint &target, const Options &options)
{
    asio::io_context clients(1);
    Tally tally;
    const auto start = Clock::now();
    const auto until = start
            + std::chrono::duration_cast<Clock::duration>(
                               std::chrono::duration<double>(options.seconds));
    if (load == Load::Bulk) {
        asio::co_spawn(clients, bulkClient(target, options.bulkMiB << 20, tally), asio::detached);
    } else {
        for (int i = 0; i < options.connections; ++i)
            asio::co_spawn(clients,
                           load == Load::KeepAlive
                                   ? keepAliveClient(target, until, tally)
                                   : connectionPerRequestClient(target, until, tally),
                           asio::detached);
    }
    clients.run_for(std::chrono::seconds(60)); // a hard bound; loads end well before
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    const double value =
            load == Load::Bulk ? double(tally.done) / 1e6 / elapsed : double(tally.done) / elapsed;
    return { value, tally.errors.load() };
}

// ---- HAProxy, when installed ----

std::string findHaproxy()
{
    for (const char *path : { "/usr/sbin/haproxy", "/usr/bin/haproxy", "/usr/local/sbin/haproxy" })
        if (::access(path, X_OK) == 0)
            return path;
    return {};
}

bool canConnect(const tcp::endpoint &target)
{
    asio::io_context ioc;
    tcp::socket socket(ioc);
    boost::system::error_code ec;
    socket.connect(target, ec);
    return !ec;
}

std::atomic<pid_t> g_haproxy{ 0 };

void stopHaproxy()
{
    if (const pid_t pid = g_haproxy.exchange(0)) {
        ::kill(pid, SIGTERM);
        ::waitpid(pid, nullptr, 0);
    }
}

pid_t startHaproxy(const std::string &binary, const std::string &configPath,
                   const tcp::endpoint &at, int threads)
{
    std::ofstream config(configPath);
    config << "global\n  maxconn 4000\n  nbthread " << threads
           << "\n\ndefaults\n  mode tcp\n  timeout connect 2s\n  timeout client 30s\n"
              "  timeout server 30s\n\nlisten bench\n  bind "
           << at.address().to_string() << ":" << at.port() << "\n  server b1 " << kBackendIP << ":"
           << kBackendPort << "\n";
    config.close();
    const std::string configArg = configPath;
    char *argv[] = { const_cast<char *>(binary.c_str()), const_cast<char *>("-f"),
                     const_cast<char *>(configArg.c_str()), const_cast<char *>("-db"), nullptr };
    pid_t pid = 0;
    if (::posix_spawn(&pid, binary.c_str(), nullptr, nullptr, argv, environ) != 0)
        return 0;
    g_haproxy = pid;
    for (int i = 0; i < 60; ++i) {
        if (canConnect(at))
            return pid;
        if (::waitpid(pid, nullptr, WNOHANG) == pid) {
            g_haproxy = 0;
            return 0; // it exited: its own message is on stderr
        }
        std::this_thread::sleep_for(50ms);
    }
    stopHaproxy();
    return 0;
}

bool selected(const std::string &list, const std::string &key)
{
    return ("," + list + ",").find("," + key + ",") != std::string::npos;
}

Options parse(int argc, char **argv)
{
    Options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i];
        if (key == "--seconds")
            o.seconds = std::clamp(std::atof(argv[i + 1]), 0.2, 30.0);
        else if (key == "--connections")
            o.connections = std::clamp(std::atoi(argv[i + 1]), 1, 512);
        else if (key == "--bulk-mib")
            o.bulkMiB = std::clamp<std::uint64_t>(std::strtoull(argv[i + 1], nullptr, 10), 1, 8192);
        else if (key == "--loads")
            o.loads = argv[i + 1];
        else if (key == "--paths")
            o.paths = argv[i + 1];
        else if (key == "--threads")
            o.threads = std::clamp(std::atoi(argv[i + 1]), 1, 16);
    }
    return o;
}

} // namespace

int main(int argc, char **argv)
{
    const Options options = parse(argc, argv);
    clusterlab::net::raiseFileLimit();
    // A watchdog: whatever happens, the run ends within 5 minutes and leaves no HAProxy behind.
    std::thread([] {
        std::this_thread::sleep_for(5min);
        stopHaproxy();
        std::fprintf(stderr, "bench_forwarder: watchdog expired\n");
        std::_Exit(2);
    }).detach();

    asio::io_context servers;
    auto work = asio::make_work_guard(servers);
    tcp::acceptor backend(servers);
    backend.open(tcp::v4());
    backend.set_option(tcp::acceptor::reuse_address(true));
    backend.bind({ asio::ip::make_address(kBackendIP), kBackendPort });
    backend.listen(asio::socket_base::max_listen_connections);
    asio::co_spawn(servers, acceptBackend(backend), asio::detached);

    clusterlab::net::ServicePortEntry entry;
    entry.namespace_ = "bench";
    entry.name = "backend";
    entry.port = 80;
    entry.endpoints = { { kBackendIP, kBackendPort, true, "backend-0" } };
    clusterlab::net::ServiceForwarder copying(servers, nullptr, 1);
    clusterlab::net::ForwarderOptions copyOptions;
    copyOptions.useSplice = false;
    copying.setOptions(copyOptions);
    entry.clusterIP = "127.96.200.1";
    copying.update({ entry });
    clusterlab::net::ServiceForwarder splicing(servers, nullptr, 1);
    clusterlab::net::ForwarderOptions spliceOptions;
    spliceOptions.useSplice = true;
    splicing.setOptions(spliceOptions);
    entry.clusterIP = "127.96.200.2";
    entry.name = "backend-splice";
    splicing.update({ entry });

    std::vector<std::thread> threads;
    for (int i = 0; i < options.threads; ++i)
        threads.emplace_back([&] {
            servers.run();
        });

    struct Target
    {
        std::string key, name;
        tcp::endpoint endpoint;
    };
    std::vector<Target> targets{
        { "direct", "direct to backend", { asio::ip::make_address(kBackendIP), kBackendPort } },
        { "copy",
          "ClusterIP forwarder (copy)",
          { asio::ip::make_address("127.96.200.1"),
            static_cast<unsigned short>(copying.boundPort("127.96.200.1", 80).value_or(80)) } },
        { "splice",
          "ClusterIP forwarder (+splice)",
          { asio::ip::make_address("127.96.200.2"),
            static_cast<unsigned short>(splicing.boundPort("127.96.200.2", 80).value_or(80)) } },
    };
    const std::string haproxy = findHaproxy();
    const tcp::endpoint haproxyAt(asio::ip::make_address("127.0.0.77"), 18080);
    const std::string configPath =
            "/tmp/clusterlab-bench-haproxy-" + std::to_string(::getpid()) + ".cfg";
    if (!haproxy.empty() && selected(options.paths, "haproxy")
        && startHaproxy(haproxy, configPath, haproxyAt, options.threads) != 0)
        targets.push_back({ "haproxy", "HAProxy 'mode tcp'", haproxyAt });

    struct Row
    {
        std::string key;
        Load load;
        std::string label, unit;
    };
    const std::vector<Row> rows{
        { "keepalive", Load::KeepAlive,
          "keep-alive requests, " + std::to_string(options.connections) + " conns", "req/s" },
        { "conn", Load::ConnectionPerRequest,
          "one connection per request, " + std::to_string(options.connections) + " loops",
          "req/s" },
        { "bulk", Load::Bulk, "bulk stream " + std::to_string(options.bulkMiB) + " MiB, 1 conn",
          "MB/s" },
    };
    std::printf("bench_forwarder: %.1f s per load, %d server threads, %u cores\n\n",
                options.seconds, options.threads, std::thread::hardware_concurrency());
    std::printf("%-40s %-30s %14s %8s %8s\n", "load", "path", "result", "vs direct", "errors");
    for (const auto &row : rows) {
        if (!selected(options.loads, row.key))
            continue;
        double direct = 0;
        for (const auto &target : targets) {
            if (!selected(options.paths, target.key))
                continue;
            const auto m = run(row.load, target.endpoint, options);
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
    stopHaproxy();
    std::remove(configPath.c_str());
    copying.stop();
    splicing.stop();
    boost::system::error_code ignored;
    asio::post(servers, [&] {
        backend.close(ignored);
    });
    work.reset();
    servers.stop();
    for (auto &t : threads)
        t.join();
    return 0;
}
