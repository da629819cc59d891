#include "dataplane_support.h"
#include "net/dns_message.h"
#include "net/dns_server.h"
#include "net/flow_events.h"
#include "net/service_forwarder.h"

#include <QRegularExpression>
#include <QtTest>

#include <boost/asio/executor_work_guard.hpp>

#include <cmath>
#include <map>
#include <optional>
#include <random>
#include <thread>

using namespace clusterlab;
using namespace dataplane_test;

namespace {

const std::vector<std::pair<std::string, std::string>> kPods{ { "127.244.29.1", "pod-a" },
                                                              { "127.244.29.2", "pod-b" },
                                                              { "127.244.29.3", "pod-c" } };
// Node 29 and ClusterIPs 127.96.9.x: other test executables (tst_workloads) use 127.244.9.x and
// CTest may run them at the same time.
constexpr int kPodPort = 8080;

net::ServicePortEntry makeEntry(const std::string &clusterIP, int podCount,
                                const std::function<void(net::ServicePortEntry &)> &mutate = {})
{
    net::ServicePortEntry entry;
    entry.namespace_ = "default";
    entry.name = "backend";
    entry.portName = "http";
    entry.clusterIP = clusterIP;
    entry.port = 80;
    for (int i = 0; i < podCount; ++i)
        entry.endpoints.push_back({ kPods[i].first, kPodPort, true, kPods[i].second });
    if (mutate)
        mutate(entry);
    return entry;
}

template <typename Predicate>
bool waitFor(Predicate done, std::chrono::milliseconds limit = 5s)
{
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline)
            return false;
        std::this_thread::sleep_for(10ms);
    }
    return true;
}

} // namespace

class TestDataplane : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void balancesNewConnections_data();
    void balancesNewConnections();
    void keepsClientIPAffinity_data();
    void keepsClientIPAffinity();
    void affinityExpiresAfterTimeout();
    void refusesWithoutReadyEndpoints_data();
    void refusesWithoutReadyEndpoints();
    void endpointRemovalSparesConnections();
    void retriesUnreachableEndpoints_data();
    void retriesUnreachableEndpoints();
    void forwardsUdp();
    void stopClosesListenersAndConnections();
    void countsFlowsExactly();
    void sampleRingDropsOldestButCountersDoNot();
    void reportsProblems_data();
    void reportsProblems();
    void curlReachesPodThroughClusterIP();
    void digAnswers_data();
    void digAnswers();
    void dnsSurvivesMalformedPackets_data();
    void dnsSurvivesMalformedPackets();
    void dnsAnswersMutatedPacketsSafely();
    void resolveUsesSearchPath_data();
    void resolveUsesSearchPath();

private:
    int boundPort(const net::ServiceForwarder &forwarder, const std::string &ip,
                  const std::string &protocol = "TCP")
    {
        return forwarder.boundPort(ip, 80, protocol).value_or(0);
    }
    std::shared_ptr<const net::DnsZone> makeZone() const;
    /// newRecorder gives a FlowRecorder that lives until the fixture is gone: a forwarder's
    /// sessions report to their sink from the io threads, which outlive each test function.
    net::FlowRecorder &newRecorder(std::size_t capacity = 4096)
    {
        return *m_recorders.emplace_back(std::make_unique<net::FlowRecorder>(capacity));
    }

    /// Declared before m_ioc, so they outlive handlers the io_context destroys with itself.
    std::vector<std::unique_ptr<net::FlowRecorder>> m_recorders;
    boost::asio::io_context m_ioc;
    std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> m_work;
    std::vector<std::thread> m_threads;
    std::vector<std::shared_ptr<Backend>> m_backends;
    std::unique_ptr<net::DnsServer> m_dns;
    QString m_dig;
};

void TestDataplane::initTestCase()
{
    QVERIFY(net::raiseFileLimit() > 0);
    m_work.emplace(m_ioc.get_executor());
    for (int i = 0; i < 2; ++i)
        m_threads.emplace_back([this] {
            m_ioc.run();
        });
    for (const auto &[ip, name] : kPods) {
        auto backend = std::make_shared<Backend>(m_ioc, ip, kPodPort, name);
        QVERIFY2(backend->start(), ("cannot start backend on " + ip).c_str());
        m_backends.push_back(backend);
    }
    m_dns = std::make_unique<net::DnsServer>(m_ioc, "127.96.9.10", 53);
    std::string error;
    QVERIFY2(m_dns->start(error), error.c_str());
    m_dns->setZone(makeZone());
    m_dig = QStandardPaths::findExecutable("dig");
}

void TestDataplane::cleanupTestCase()
{
    m_dns->stop();
    for (auto &backend : m_backends)
        backend->stop();
    m_work.reset();
    m_ioc.stop();
    for (auto &thread : m_threads)
        thread.join();
}

void TestDataplane::balancesNewConnections_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("clusterIP");
    QTest::addRow("random spreads 300 connections over all three endpoints")
            << int(net::BalanceMode::Random) << "127.96.9.21";
    QTest::addRow("round robin rotates through the endpoints exactly")
            << int(net::BalanceMode::RoundRobin) << "127.96.9.22";
    QTest::addRow("least connections gives sequential connections to every endpoint")
            << int(net::BalanceMode::LeastConnections) << "127.96.9.23";
}

void TestDataplane::balancesNewConnections()
{
    QFETCH(int, mode);
    QFETCH(QString, clusterIP);
    const auto ip = clusterIP.toStdString();
    net::ServiceForwarder forwarder(m_ioc, nullptr, 42);
    forwarder.setMode(static_cast<net::BalanceMode>(mode));
    forwarder.update({ makeEntry(ip, 3) });
    const int port = boundPort(forwarder, ip);
    QVERIFY(port > 0);
    std::vector<std::string> seen;
    std::map<std::string, int> counts;
    for (int i = 0; i < 300; ++i) {
        const auto result = fetch(ip, port);
        QVERIFY2(result.completed, ("connection " + std::to_string(i) + " failed").c_str());
        seen.push_back(result.body);
        ++counts[result.body];
    }
    QCOMPARE(counts.size(), std::size_t(3));
    switch (static_cast<net::BalanceMode>(mode)) {
    case net::BalanceMode::Random: {
        // Loose chi-square bound (2 degrees of freedom; p < 0.0001 is 18.4): not an exact split.
        double chiSquare = 0;
        for (const auto &[name, count] : counts)
            chiSquare += std::pow(count - 100.0, 2) / 100.0;
        QVERIFY2(chiSquare < 20.0, qPrintable(QString("chi-square %1").arg(chiSquare)));
        QVERIFY(std::any_of(counts.begin(), counts.end(), [](const auto &kv) {
            return kv.second != 100;
        }));
        break;
    }
    case net::BalanceMode::RoundRobin:
        for (std::size_t i = 3; i < seen.size(); ++i)
            QCOMPARE(seen[i], seen[i - 3]);
        for (const auto &[name, count] : counts)
            QCOMPARE(count, 100);
        break;
    case net::BalanceMode::LeastConnections:
        for (const auto &[name, count] : counts)
            QVERIFY2(count >= 50, qPrintable(QString::fromStdString(name)));
        break;
    }
}

void TestDataplane::keepsClientIPAffinity_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("clusterIP");
    QTest::addRow("ClientIP affinity pins a client in random mode")
            << int(net::BalanceMode::Random) << "127.96.9.31";
    QTest::addRow("ClientIP affinity pins a client in round robin mode")
            << int(net::BalanceMode::RoundRobin) << "127.96.9.32";
}

void TestDataplane::keepsClientIPAffinity()
{
    QFETCH(int, mode);
    QFETCH(QString, clusterIP);
    const auto ip = clusterIP.toStdString();
    net::ServiceForwarder forwarder(m_ioc, nullptr, 7);
    forwarder.setMode(static_cast<net::BalanceMode>(mode));
    forwarder.update({ makeEntry(ip, 3, [](auto &e) {
        e.clientIPAffinity = true;
    }) });
    const int port = boundPort(forwarder, ip);
    std::map<std::string, int> counts;
    for (int i = 0; i < 16; ++i)
        ++counts[fetch(ip, port).body]; // checkAffinity: 16 requests, the last 15 must match
    QCOMPARE(counts.size(), std::size_t(1));
    QVERIFY(!counts.begin()->first.empty());

    // Switching affinity off spreads the client again (conformance C2).
    forwarder.update({ makeEntry(ip, 3) });
    counts.clear();
    for (int i = 0; i < 30; ++i)
        ++counts[fetch(ip, port).body];
    QVERIFY(counts.size() > 1);
}

void TestDataplane::affinityExpiresAfterTimeout()
{
    const std::string ip = "127.96.9.33";
    net::ServiceForwarder forwarder(m_ioc, nullptr, 7);
    forwarder.setMode(net::BalanceMode::RoundRobin);
    forwarder.update({ makeEntry(ip, 3, [](auto &e) {
        e.clientIPAffinity = true;
        e.affinityTimeoutSeconds = 1;
    }) });
    const int port = boundPort(forwarder, ip);
    const auto first = fetch(ip, port).body;
    for (int i = 0; i < 5; ++i)
        QCOMPARE(fetch(ip, port).body, first);
    std::this_thread::sleep_for(1200ms);
    QVERIFY(fetch(ip, port).body != first); // round robin moved on once the entry expired
}

void TestDataplane::refusesWithoutReadyEndpoints_data()
{
    QTest::addColumn<QString>("clusterIP");
    QTest::addColumn<bool>("hadEndpoints");
    QTest::addColumn<bool>("unreadyEndpoints");
    QTest::addRow("a Service port with no endpoints refuses connections")
            << "127.96.9.41" << false << false;
    QTest::addRow("a Service port whose endpoints are all unready refuses connections")
            << "127.96.9.42" << false << true;
    QTest::addRow("a Service port whose last endpoint went away refuses connections")
            << "127.96.9.43" << true << false;
}

void TestDataplane::refusesWithoutReadyEndpoints()
{
    QFETCH(QString, clusterIP);
    QFETCH(bool, hadEndpoints);
    QFETCH(bool, unreadyEndpoints);
    const auto ip = clusterIP.toStdString();
    net::ServiceForwarder forwarder(m_ioc, nullptr, 1);
    if (hadEndpoints) {
        forwarder.update({ makeEntry(ip, 1) });
        QVERIFY(fetch(ip, boundPort(forwarder, ip)).completed);
    }
    forwarder.update({ makeEntry(ip, unreadyEndpoints ? 3 : 0, [](auto &e) {
        for (auto &endpoint : e.endpoints)
            endpoint.ready = false;
    }) });
    const int port = boundPort(forwarder, ip);
    QVERIFY(port > 0);
    QCOMPARE(fetch(ip, port).connectErrno, ECONNREFUSED);

    // Ready again: the same port accepts.
    forwarder.update({ makeEntry(ip, 1) });
    QCOMPARE(fetch(ip, port).body, std::string("pod-a"));
}

void TestDataplane::endpointRemovalSparesConnections()
{
    const std::string ip = "127.96.9.51";
    const std::string removedIP = "127.244.29.4";
    auto removed = std::make_shared<Backend>(m_ioc, removedIP, kPodPort, "pod-d");
    QVERIFY(removed->start());
    auto entryWith = [&](bool withRemoved) {
        return makeEntry(ip, 2, [&](auto &e) {
            if (withRemoved)
                e.endpoints.push_back({ removedIP, kPodPort, true, "pod-d" });
        });
    };
    net::ServiceForwarder forwarder(m_ioc, nullptr, 3);
    forwarder.setMode(net::BalanceMode::RoundRobin);
    forwarder.update({ entryWith(true) });
    const int port = boundPort(forwarder, ip);

    // An established connection to pod-d, its request not sent yet.
    int heldFd = -1;
    for (int i = 0; i < 3 && heldFd < 0; ++i) {
        const int fd = openConnection(ip, port);
        QVERIFY(fd >= 0);
        std::this_thread::sleep_for(50ms);
        if (removed->connections() > 0)
            heldFd = fd;
        else
            finishRequest(fd, "GET / HTTP/1.0\r\n\r\n");
    }
    QVERIFY(heldFd >= 0);

    std::atomic<int> done{ 0 }, failed{ 0 }, reachedRemovedLate{ 0 };
    std::atomic<bool> removedNow{ false };
    std::thread client([&] {
        for (int i = 0; i < 200; ++i) {
            const bool afterRemoval = removedNow.load();
            const auto result = fetch(ip, port);
            if (!result.completed)
                ++failed;
            if (afterRemoval && result.body == "pod-d")
                ++reachedRemovedLate;
            ++done;
        }
    });
    QVERIFY(waitFor([&] {
        return done.load() >= 50;
    }));
    forwarder.update({ entryWith(false) });
    removedNow.store(true);
    std::this_thread::sleep_for(100ms);
    const auto held = finishRequest(heldFd, "GET / HTTP/1.0\r\n\r\n");
    removed->stop();
    client.join();
    QCOMPARE(failed.load(), 0);
    QCOMPARE(reachedRemovedLate.load(), 0);
    QCOMPARE(held.body, std::string("pod-d"));
}

void TestDataplane::retriesUnreachableEndpoints_data()
{
    QTest::addColumn<QString>("clusterIP");
    QTest::addColumn<bool>("oneReachable");
    QTest::addRow("a connect failure is retried on the next endpoint") << "127.96.9.55" << true;
    QTest::addRow("when every endpoint fails the client is reset") << "127.96.9.56" << false;
}

void TestDataplane::retriesUnreachableEndpoints()
{
    QFETCH(QString, clusterIP);
    QFETCH(bool, oneReachable);
    const auto ip = clusterIP.toStdString();
    net::FlowRecorder &recorder = newRecorder();
    net::ServiceForwarder forwarder(m_ioc, &recorder, 5);
    forwarder.setMode(net::BalanceMode::RoundRobin);
    forwarder.update({ makeEntry(ip, oneReachable ? 1 : 0, [](auto &e) {
        e.endpoints.push_back({ "127.244.29.50", kPodPort, true, "pod-gone" });
        e.endpoints.push_back({ "127.244.29.51", kPodPort, true, "pod-gone-too" });
    }) });
    const int port = boundPort(forwarder, ip);
    for (int i = 0; i < 6; ++i) {
        const auto result = fetch(ip, port);
        QCOMPARE(result.connectErrno, 0);
        QCOMPARE(result.completed, oneReachable);
    }
    const net::ServicePortKey key{ "default", "backend", "http", "TCP", 80 };
    QVERIFY(waitFor([&] {
        return recorder.counters().counts(key).total() == 6;
    }));
    const auto counts = recorder.counters().counts(key);
    if (oneReachable) {
        QCOMPARE(counts.of(net::FlowEvent::Result::Ok) + counts.of(net::FlowEvent::Result::Retried),
                 std::uint64_t(6));
        QVERIFY(counts.of(net::FlowEvent::Result::Retried) >= 1);
        for (const auto &sample : recorder.samples().drain())
            if (sample.ended && sample.event.result == net::FlowEvent::Result::Retried)
                QVERIFY(sample.event.attempts >= 2);
    } else {
        QCOMPARE(counts.of(net::FlowEvent::Result::Reset), std::uint64_t(6));
    }
}

void TestDataplane::forwardsUdp()
{
    const std::string ip = "127.96.9.61";
    auto backend = std::make_shared<UdpBackend>(m_ioc, "127.244.29.11", 5353, "udp-a");
    QVERIFY(backend->start());
    net::FlowRecorder &recorder = newRecorder();
    net::ServiceForwarder forwarder(m_ioc, &recorder, 9);
    auto entry = makeEntry(ip, 0, [](auto &e) {
        e.protocol = "UDP";
        e.portName = "dns";
        e.endpoints.push_back({ "127.244.29.11", 5353, true, "udp-pod" });
    });
    forwarder.update({ entry });
    const int port = forwarder.boundPort(ip, 80, "UDP").value_or(0);
    QVERIFY(port > 0);
    QCOMPARE(udpExchange(ip, port, "ping"), std::string("udp-a:ping"));
    QCOMPARE(udpExchange(ip, port, "pong"), std::string("udp-a:pong"));
    QCOMPARE(forwarder.activeConnections(), std::size_t(2)); // one session per client address

    entry.endpoints.clear();
    forwarder.update({ entry });
    QCOMPARE(udpExchange(ip, port, "ping"), "errno:" + std::to_string(ECONNREFUSED));
    forwarder.stop();
    backend->stop();
    QVERIFY(waitFor([&] {
        return forwarder.activeConnections() == 0;
    }));
}

void TestDataplane::stopClosesListenersAndConnections()
{
    const std::string ip = "127.96.9.65";
    net::FlowRecorder &recorder = newRecorder();
    net::ServiceForwarder forwarder(m_ioc, &recorder, 1);
    forwarder.update({ makeEntry(ip, 1) });
    const int port = boundPort(forwarder, ip);
    const int held = openConnection(ip, port);
    QVERIFY(held >= 0);
    QVERIFY(waitFor([&] {
        return forwarder.activeConnections() == 1;
    }));
    forwarder.stop();
    char byte;
    const ssize_t got = ::recv(held, &byte, 1, 0);
    const int error = errno;
    QVERIFY(got <= 0);
    QVERIFY2(got == 0 || error != EAGAIN, "stop() left the connection open");
    ::close(held);
    QVERIFY(waitFor([&] {
        return forwarder.activeConnections() == 0;
    }));
    QCOMPARE(fetch(ip, port).connectErrno, ECONNREFUSED);
    const net::ServicePortKey key{ "default", "backend", "http", "TCP", 80 };
    QVERIFY(waitFor([&] {
        return recorder.counters().counts(key).total() == 1;
    }));
}

void TestDataplane::countsFlowsExactly()
{
    const std::string ip = "127.96.9.71";
    net::FlowRecorder &recorder = newRecorder(1000);
    net::ServiceForwarder forwarder(m_ioc, &recorder, 11);
    forwarder.setMode(net::BalanceMode::RoundRobin);
    forwarder.update({ makeEntry(ip, 2) });
    const int port = boundPort(forwarder, ip);
    const std::string request = "GET /count HTTP/1.0\r\nX-Pad: 0123456789\r\n\r\n";
    std::uint64_t bytesBack = 0;
    for (int i = 0; i < 30; ++i) {
        const auto result = fetch(ip, port, request);
        QVERIFY(result.completed);
        bytesBack +=
                std::string("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\n")
                        .size()
                + result.body.size();
    }
    const net::ServicePortKey key{ "default", "backend", "http", "TCP", 80 };
    QVERIFY(waitFor([&] {
        return recorder.counters().counts(key).total() == 30;
    }));
    const auto counts = recorder.counters().counts(key);
    QCOMPARE(counts.of(net::FlowEvent::Result::Ok), std::uint64_t(30));
    QCOMPARE(counts.active, std::uint64_t(0));
    QCOMPARE(counts.bytesToEndpoints, std::uint64_t(30 * request.size()));
    QCOMPARE(counts.bytesFromEndpoints, bytesBack);
    QCOMPARE(counts.connectionsPerEndpointIP.at("127.244.29.1"), std::uint64_t(15));
    QCOMPARE(counts.connectionsPerEndpointIP.at("127.244.29.2"), std::uint64_t(15));
    const auto samples = recorder.samples().drain();
    QCOMPARE(samples.size(), std::size_t(60));
    const auto &last = samples.back().event;
    QCOMPARE(last.clientIP, std::string("127.0.0.1"));
    QCOMPARE(last.serviceName, std::string("backend"));
    QCOMPARE(last.clusterIP, ip);
    QCOMPARE(last.attempts, 1);
}

void TestDataplane::sampleRingDropsOldestButCountersDoNot()
{
    net::FlowRecorder recorder(4);
    net::FlowEvent event;
    event.serviceNamespace = "default";
    event.serviceName = "web";
    event.protocol = "TCP";
    event.port = 80;
    event.endpointIP = "127.244.1.5";
    for (int i = 0; i < 10; ++i) {
        event.id = static_cast<std::uint64_t>(i);
        recorder.onFlowStart(event);
        recorder.onFlowEnd(event);
    }
    std::uint64_t dropped = 0;
    const auto samples = recorder.samples().drain(&dropped);
    QCOMPARE(samples.size(), std::size_t(4));
    QCOMPARE(dropped, std::uint64_t(16));
    QCOMPARE(samples.back().event.id, std::uint64_t(9));
    const auto counts = recorder.counters().counts(net::servicePortKeyOf(event));
    QCOMPARE(counts.of(net::FlowEvent::Result::Ok), std::uint64_t(10));
    QCOMPARE(counts.connectionsPerEndpointIP.at("127.244.1.5"), std::uint64_t(10));
}

void TestDataplane::reportsProblems_data()
{
    QTest::addColumn<QString>("clusterIP");
    QTest::addColumn<bool>("occupy");
    QTest::addColumn<QString>("expected");
    QTest::addRow("an address outside loopback is refused")
            << "10.96.0.20" << false << "10.96.0.20 is outside 127.0.0.0/8";
    QTest::addRow("an address in use is reported with the address")
            << "127.96.9.91" << true << "cannot listen on 127.96.9.91:80: address in use";
}

void TestDataplane::reportsProblems()
{
    QFETCH(QString, clusterIP);
    QFETCH(bool, occupy);
    QFETCH(QString, expected);
    const auto ip = clusterIP.toStdString();
    std::shared_ptr<Backend> squatter;
    if (occupy) {
        squatter = std::make_shared<Backend>(m_ioc, ip, 80, "squatter");
        QVERIFY(squatter->start());
    }
    net::ServiceForwarder forwarder(m_ioc, nullptr, 1);
    forwarder.update({ makeEntry(ip, 1) });
    const auto problems = forwarder.problems();
    QCOMPARE(problems.size(), std::size_t(1));
    QVERIFY2(problems.front().find(expected.toStdString()) != std::string::npos,
             problems.front().c_str());
    QVERIFY(!forwarder.boundPort(ip, 80).has_value());
    if (squatter)
        squatter->stop();
}

void TestDataplane::curlReachesPodThroughClusterIP()
{
    const QString curl = QStandardPaths::findExecutable("curl");
    if (curl.isEmpty())
        QSKIP("curl is not installed (apt-get install curl)");
    const std::string ip = "127.96.9.81";
    net::ServiceForwarder forwarder(m_ioc, nullptr, 1);
    forwarder.update({ makeEntry(ip, 1) });
    const QString url =
            QString("http://%1:%2/").arg(QString::fromStdString(ip)).arg(boundPort(forwarder, ip));
    QCOMPARE(runTool(curl, { "-s", "--max-time", "5", url }), QString("pod-a"));
}

std::shared_ptr<const net::DnsZone> TestDataplane::makeZone() const
{
    auto zone = std::make_shared<net::DnsZone>();
    zone->addService("default", "backend", { "127.96.9.20" }, { { "http", 80, "TCP" } });
    zone->addService("shop", "cart", { "127.96.9.25" }, { { "grpc", 9000, "TCP" } });
    zone->addService("default", "db", { "127.244.29.31", "127.244.29.32" },
                     { { "mysql", 3306, "TCP" } }, true);
    zone->addService("default", "nginx", { "127.244.29.40" }, {}, true);
    zone->addPodHostname("default", "nginx", "web-0", "127.244.29.40");
    return zone;
}

void TestDataplane::digAnswers_data()
{
    QTest::addColumn<QStringList>("query");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QStringList>("answers");
    const QString svc = "backend.default.svc.cluster.local";
    QTest::addRow("a Service's full name answers its ClusterIP")
            << QStringList{ svc } << "NOERROR" << QStringList{ svc + ". 5 IN A 127.96.9.20" };
    QTest::addRow("svc.ns answers the ClusterIP")
            << QStringList{ "cart.shop" } << "NOERROR" << QStringList{ "127.96.9.25" };
    QTest::addRow("svc.ns.svc answers the ClusterIP")
            << QStringList{ "cart.shop.svc" } << "NOERROR" << QStringList{ "127.96.9.25" };
    QTest::addRow("a bare name from outside is looked up in default")
            << QStringList{ "backend" } << "NOERROR" << QStringList{ "127.96.9.20" };
    QTest::addRow("a named port answers SRV with port and target")
            << QStringList{ "_http._tcp." + svc, "SRV" } << "NOERROR"
            << QStringList{ "IN SRV 0 100 80 " + svc + ".", "127.96.9.20" };
    QTest::addRow("a headless Service answers its ready Pod IPs")
            << QStringList{ "db.default.svc.cluster.local" } << "NOERROR"
            << QStringList{ "127.244.29.31", "127.244.29.32" };
    QTest::addRow("a StatefulSet Pod hostname answers its Pod IP")
            << QStringList{ "web-0.nginx.default.svc.cluster.local" } << "NOERROR"
            << QStringList{ "127.244.29.40" };
    QTest::addRow("AAAA for a known name is NOERROR without answers")
            << QStringList{ svc, "AAAA" } << "NOERROR" << QStringList{ "ANSWER: 0", "SOA" };
    QTest::addRow("an unknown name under cluster.local is NXDOMAIN")
            << QStringList{ "nope.default.svc.cluster.local" } << "NXDOMAIN"
            << QStringList{ "cluster.local. 5 IN SOA" };
    QTest::addRow("an unknown bare name is NXDOMAIN")
            << QStringList{ "nope" } << "NXDOMAIN" << QStringList{};
    QTest::addRow("a name outside the cluster is REFUSED")
            << QStringList{ "example.com" } << "REFUSED" << QStringList{ "ANSWER: 0" };
    QTest::addRow("queries over TCP are answered")
            << QStringList{ "+tcp", svc } << "NOERROR" << QStringList{ "127.96.9.20" };
}

void TestDataplane::digAnswers()
{
    QFETCH(QStringList, query);
    QFETCH(QString, status);
    QFETCH(QStringList, answers);
    if (m_dig.isEmpty())
        QSKIP("dig is not installed (apt-get install dnsutils)");
    const QStringList arguments = QStringList{
        "@127.96.9.10", "-p", QString::number(m_dns->boundPort()), "+tries=1", "+time=2"
    } + query;
    const QString output = runTool(m_dig, arguments).simplified();
    const auto match = QRegularExpression("status: (\\w+)").match(output);
    QVERIFY2(match.hasMatch(), qPrintable(output));
    QCOMPARE(match.captured(1), status);
    for (const auto &answer : answers)
        QVERIFY2(output.contains(answer), qPrintable(answer + " not in:\n" + output));
}

void TestDataplane::dnsSurvivesMalformedPackets_data()
{
    QTest::addColumn<QByteArray>("packet");
    QTest::addColumn<int>("expectedRcode"); // -1: no reply
    const QByteArray header = QByteArray::fromHex("abcd01000001000000000000");
    QTest::addRow("a packet shorter than a header gets no reply")
            << QByteArray("\x12\x34\x01", 3) << -1;
    QTest::addRow("a response is never answered")
            << QByteArray::fromHex("abcd81000001000000000000") << -1;
    QTest::addRow("a truncated name is FORMERR") << header + QByteArray::fromHex("07626163") << 1;
    QTest::addRow("a compression loop is FORMERR")
            << header + QByteArray::fromHex("c00c00010001") << 1;
    QTest::addRow("a label over 63 bytes is FORMERR") << header + QByteArray::fromHex("7f")
                    + QByteArray(127, 'a') + QByteArray::fromHex("0000010001")
                                                      << 1;
    QTest::addRow("two questions are FORMERR")
            << QByteArray::fromHex("abcd01000002000000000000") + QByteArray::fromHex("0000010001")
            << 1;
    QTest::addRow("an additional record running past the end is FORMERR")
            << QByteArray::fromHex("abcd01000001000000000001")
                    + QByteArray::fromHex("00000100010000290200")
            << 1;
    QTest::addRow("an inverse query is NOTIMP")
            << QByteArray::fromHex("abcd09000001000000000000") + QByteArray::fromHex("0000010001")
            << 4;
}

void TestDataplane::dnsSurvivesMalformedPackets()
{
    QFETCH(QByteArray, packet);
    QFETCH(int, expectedRcode);
    const auto reply = sendRawUdp("127.96.9.10", m_dns->boundPort(), packet.toStdString());
    if (expectedRcode < 0) {
        QVERIFY(reply.empty());
    } else {
        QVERIFY(reply.size() >= 12);
        QCOMPARE(reply.substr(0, 2), std::string("\xab\xcd"));
        QCOMPARE(int(reply[3] & 0x0F), expectedRcode);
    }
    // The server still answers a good query afterwards.
    const auto good = QByteArray::fromHex("beef01000001000000000000")
            + QByteArray::fromHex("076261636b656e640764656661756c7400")
            + QByteArray::fromHex("00010001");
    const auto answer = sendRawUdp("127.96.9.10", m_dns->boundPort(), good.toStdString());
    QVERIFY(answer.size() > 12);
    QCOMPARE(int(answer[3] & 0x0F), 0);
    QCOMPARE(int(static_cast<unsigned char>(answer[7])), 1); // one answer
}

void TestDataplane::dnsAnswersMutatedPacketsSafely()
{
    // The pure handler on 20000 mutations of a good query (with EDNS): every reply is a
    // response to the same id, or nothing. Under ASan this also proves no read past the end.
    const auto good = QByteArray::fromHex("beef01000001000000000001")
            + QByteArray::fromHex("045f687474700474637007626163"
                                  "6b656e640764656661756c7400")
            + QByteArray::fromHex("00210001") + QByteArray::fromHex("0000291000000000000000");
    const auto zone = makeZone();
    std::mt19937 random(1234);
    for (int i = 0; i < 20000; ++i) {
        std::string packet = good.toStdString();
        const int flips = 1 + int(random() % 4);
        for (int f = 0; f < flips; ++f)
            packet[random() % packet.size()] = char(random());
        if (random() % 3 == 0)
            packet.resize(random() % packet.size());
        const auto reply = net::answerDnsQuery(
                *zone, { reinterpret_cast<const std::uint8_t *>(packet.data()), packet.size() },
                512);
        if (reply.empty())
            continue;
        QVERIFY(reply.size() >= 12 && reply.size() <= 512);
        QCOMPARE(reply[0], std::uint8_t(packet[0]));
        QVERIFY(reply[2] & 0x80);
    }
}

void TestDataplane::resolveUsesSearchPath_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("fromNamespace");
    QTest::addColumn<QStringList>("expected");
    QTest::addRow("a short name resolves in the caller's namespace")
            << "cart"
            << "shop" << QStringList{ "127.96.9.25" };
    QTest::addRow("a short name from another namespace does not resolve")
            << "cart"
            << "default" << QStringList{};
    QTest::addRow("svc.ns resolves from any namespace")
            << "cart.shop"
            << "default" << QStringList{ "127.96.9.25" };
    QTest::addRow("a headless name resolves to Pod IPs")
            << "db"
            << "default" << QStringList{ "127.244.29.31", "127.244.29.32" };
    QTest::addRow("a fully qualified name with a final dot resolves")
            << "backend.default.svc.cluster.local."
            << "shop" << QStringList{ "127.96.9.20" };
}

void TestDataplane::resolveUsesSearchPath()
{
    QFETCH(QString, name);
    QFETCH(QString, fromNamespace);
    QFETCH(QStringList, expected);
    QStringList got;
    for (const auto &ip : m_dns->resolve(name.toStdString(), fromNamespace.toStdString()))
        got << QString::fromStdString(ip);
    QCOMPARE(got, expected);
}

QTEST_GUILESS_MAIN(TestDataplane)
#include "tst_dataplane.moc"
