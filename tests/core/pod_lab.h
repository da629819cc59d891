#pragma once

// The fixture of the tst_pod_* tests: the simulated Pods of a small shop, each a PodServer on
// its own 127.244.9.x address, a resolver standing in for the Service forwarder, and real
// clients (curl, redis-cli, mariadb) run as processes.

#include "net/pod_server.h"

#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>
#include <QtTest>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/use_future.hpp>

#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

namespace pod_test {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

struct ProcessResult
{
    int exitCode = -1;
    QString out;
    QString err;
};

/// run runs a real client, bounded by timeoutMs.
inline ProcessResult run(const QString &program, const QStringList &args, int timeoutMs = 10000)
{
    QProcess process;
    process.start(program, args);
    ProcessResult result;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(1000);
        result.err = program + " did not finish in time";
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

inline tcp::endpoint endpoint(const char *ip, unsigned short port)
{
    return { asio::ip::make_address(ip), port };
}

/// requireTool skips the test when a real client is not installed.
inline void requireTool(const char *tool)
{
    if (QStandardPaths::findExecutable(tool).isEmpty())
        QSKIP(qPrintable(QString("%1 is not installed (apt-get install curl redis-tools "
                                 "mariadb-client)")
                                 .arg(tool)));
}

inline const QString kFrontend = "frontend-7d4b9c-x2x1q";
inline const QString kBackend = "backend-5f6-abcde";

/// PodLab runs the shop's Pods on an io_context driven by two threads.
/// Thread: the test thread.
class PodLab
{
public:
    void start()
    {
        m_work.emplace(m_ioc.get_executor());
        for (int i = 0; i < 2; ++i)
            m_threads.emplace_back([this] {
                m_ioc.run();
            });

        // The resolver stands in for the Service forwarder: Service name -> Pod endpoint.
        m_services = { { "backend", endpoint("127.244.9.2", 8080) },
                       { "redis", endpoint("127.244.9.3", 6379) },
                       { "mysql", endpoint("127.244.9.5", 3306) },
                       { "gone", endpoint("127.244.9.99", 6379) },
                       { "self", endpoint("127.244.9.7", 8081) },
                       { "dead", endpoint("127.244.9.98", 7000) } };
        m_deadListener.emplace(m_ioc, endpoint("127.244.9.98", 7000));

        using W = clusterlab::net::Workload;
        startPod(kFrontend.toStdString(), "127.244.9.1", "node-1", { { 80, W::Http, {} } },
                 { { "http", "backend", 80, "/api" },
                   { "redis", "redis", 6379, "" },
                   { "mysql", "mysql", 3306, "" },
                   { "redis", "gone", 6379, "" } });
        startPod(kBackend.toStdString(), "127.244.9.2", "node-2", { { 8080, W::Http, {} } },
                 { { "redis", "redis", 6379, "" } });
        startPod("redis-0", "127.244.9.3", "node-1", { { 6379, W::Redis, {} } });
        startPod("redis-1", "127.244.9.4", "node-2", { { 6379, W::Redis, {} } });
        startPod("mysql-0", "127.244.9.5", "node-2", { { 3306, W::MySql, {} } });
        startPod("sniff-0", "127.244.9.6", "node-1", { { 9000, W::Sniff, {} } });
        startPod("loop-0", "127.244.9.7", "node-1", { { 8081, W::Http, {} } },
                 { { "http", "self", 8081, "/" } });
        startPod("waiter-0", "127.244.9.8", "node-2", { { 8082, W::Http, {} } },
                 { { "http", "dead", 7000, "/" } });
    }

    void stop()
    {
        for (auto &[name, pod] : m_pods)
            pod->close();
        m_pods.clear();
        m_deadListener.reset();
        m_work.reset();
        m_ioc.stop();
        for (auto &thread : m_threads)
            thread.join();
    }

    asio::io_context &ioc() { return m_ioc; }
    clusterlab::net::PodServer &pod(const std::string &name) { return *m_pods.at(name); }
    /// frontendSkip says why the frontend on port 80 could not listen, if so.
    const QString &frontendSkip() const { return m_frontendSkip; }

    /// await runs a coroutine on the lab's threads and waits for it, at most 10 s.
    template <typename T>
    T await(asio::awaitable<T> task)
    {
        auto future = asio::co_spawn(m_ioc, std::move(task), asio::use_future);
        if (future.wait_for(10s) != std::future_status::ready)
            qFatal("a coroutine did not finish within 10 s");
        return future.get();
    }

private:
    clusterlab::net::PodServer &startPod(const std::string &name, const std::string &ip,
                                         const std::string &node,
                                         std::vector<clusterlab::net::Listener> listeners,
                                         std::vector<clusterlab::net::Call> calls = {})
    {
        auto resolver = [this](const std::string &host, int) -> std::optional<tcp::endpoint> {
            const auto it = m_services.find(host);
            return it == m_services.end() ? std::nullopt : std::optional(it->second);
        };
        auto pod = std::make_unique<clusterlab::net::PodServer>(
                m_ioc, clusterlab::net::PodIdentity{ name, "shop", ip, node }, std::move(listeners),
                std::move(calls), resolver);
        const auto errors = pod->open();
        // Only the frontend listens below 1024; without privilege its rows are skipped.
        if (!errors.empty() && errors.front().find("Permission denied") != std::string::npos)
            m_frontendSkip = QString::fromStdString(errors.front());
        else if (!errors.empty())
            qFatal("%s", errors.front().c_str());
        auto &ref = *pod;
        m_pods[name] = std::move(pod);
        return ref;
    }

    asio::io_context m_ioc;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> m_work;
    std::vector<std::thread> m_threads;
    std::map<std::string, tcp::endpoint> m_services;
    std::map<std::string, std::unique_ptr<clusterlab::net::PodServer>> m_pods;
    QString m_frontendSkip;
    std::optional<tcp::acceptor> m_deadListener; ///< listens but never accepts
};

} // namespace pod_test
