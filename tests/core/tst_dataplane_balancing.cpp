// The Service forwarder (ClusterLab's kube-proxy) choosing endpoints, over real loopback
// sockets: each balance mode spreads new connections as its Kubernetes counterpart does,
// ClientIP affinity pins a client until its timeout, a port without ready endpoints refuses,
// removing an endpoint spares its connections, and a failed connect tries the next endpoint.
#include "dataplane_lab.h"
#include "net/flow_events.h"
#include "net/service_forwarder.h"

#include <QtTest>

#include <atomic>
#include <cmath>
#include <map>
#include <thread>

using namespace clusterlab;
using namespace dataplane_test;

namespace {

/// g_affinityNow is the time the affinity clock reads: it stands still until a test moves it.
std::atomic<std::chrono::steady_clock::rep> g_affinityNow{ 0 };

std::chrono::steady_clock::time_point affinityNow()
{
    return std::chrono::steady_clock::time_point(
            std::chrono::steady_clock::duration(g_affinityNow.load()));
}

void advanceAffinityClock(std::chrono::milliseconds by)
{
    g_affinityNow += std::chrono::duration_cast<std::chrono::steady_clock::duration>(by).count();
}

} // namespace

class TestDataplaneBalancing : public QObject
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

private:
    DataplaneLab m_lab;
};

void TestDataplaneBalancing::initTestCase()
{
    QVERIFY(net::raiseFileLimit() > 0);
    const std::string error = m_lab.start(true);
    QVERIFY2(error.empty(), error.c_str());
}

void TestDataplaneBalancing::cleanupTestCase()
{
    m_lab.stop();
}

void TestDataplaneBalancing::balancesNewConnections_data()
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

void TestDataplaneBalancing::balancesNewConnections()
{
    QFETCH(int, mode);
    QFETCH(QString, clusterIP);
    const auto ip = clusterIP.toStdString();
    net::ServiceForwarder forwarder(m_lab.ioc(), nullptr, 42);
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

void TestDataplaneBalancing::keepsClientIPAffinity_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("clusterIP");
    QTest::addRow("ClientIP affinity pins a client in random mode")
            << int(net::BalanceMode::Random) << "127.96.9.31";
    QTest::addRow("ClientIP affinity pins a client in round robin mode")
            << int(net::BalanceMode::RoundRobin) << "127.96.9.32";
}

void TestDataplaneBalancing::keepsClientIPAffinity()
{
    QFETCH(int, mode);
    QFETCH(QString, clusterIP);
    const auto ip = clusterIP.toStdString();
    net::ServiceForwarder forwarder(m_lab.ioc(), nullptr, 7);
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

void TestDataplaneBalancing::affinityExpiresAfterTimeout()
{
    // The forwarder reads affinity time from a clock the test moves: no real second passes.
    const std::string ip = "127.96.9.33";
    net::ServiceForwarder forwarder(m_lab.ioc(), nullptr, 7, &affinityNow);
    forwarder.setMode(net::BalanceMode::RoundRobin);
    forwarder.update({ makeEntry(ip, 3, [](auto &e) {
        e.clientIPAffinity = true;
        e.affinityTimeoutSeconds = 1;
    }) });
    const int port = boundPort(forwarder, ip);
    const auto first = fetch(ip, port).body;
    for (int i = 0; i < 5; ++i)
        QCOMPARE(fetch(ip, port).body, first);
    advanceAffinityClock(900ms);
    QCOMPARE(fetch(ip, port).body, first); // within the timeout
    advanceAffinityClock(900ms);
    QCOMPARE(fetch(ip, port).body, first); // 1.8 s after the first use: the window slides
    advanceAffinityClock(1200ms);
    QVERIFY(fetch(ip, port).body != first); // round robin moved on once the entry expired
}

void TestDataplaneBalancing::refusesWithoutReadyEndpoints_data()
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

void TestDataplaneBalancing::refusesWithoutReadyEndpoints()
{
    QFETCH(QString, clusterIP);
    QFETCH(bool, hadEndpoints);
    QFETCH(bool, unreadyEndpoints);
    const auto ip = clusterIP.toStdString();
    net::ServiceForwarder forwarder(m_lab.ioc(), nullptr, 1);
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

void TestDataplaneBalancing::endpointRemovalSparesConnections()
{
    const std::string ip = "127.96.9.51";
    const std::string removedIP = "127.244.29.4";
    auto removed = std::make_shared<Backend>(m_lab.ioc(), removedIP, kPodPort, "pod-d");
    QVERIFY(removed->start());
    auto entryWith = [&](bool withRemoved) {
        return makeEntry(ip, 2, [&](auto &e) {
            if (withRemoved)
                e.endpoints.push_back({ removedIP, kPodPort, true, "pod-d", {} });
        });
    };
    net::ServiceForwarder forwarder(m_lab.ioc(), nullptr, 3);
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

void TestDataplaneBalancing::retriesUnreachableEndpoints_data()
{
    QTest::addColumn<QString>("clusterIP");
    QTest::addColumn<bool>("oneReachable");
    QTest::addRow("a connect failure is retried on the next endpoint") << "127.96.9.55" << true;
    QTest::addRow("when every endpoint fails the client is reset") << "127.96.9.56" << false;
}

void TestDataplaneBalancing::retriesUnreachableEndpoints()
{
    QFETCH(QString, clusterIP);
    QFETCH(bool, oneReachable);
    const auto ip = clusterIP.toStdString();
    net::FlowRecorder &recorder = m_lab.newRecorder();
    net::ServiceForwarder forwarder(m_lab.ioc(), &recorder, 5);
    forwarder.setMode(net::BalanceMode::RoundRobin);
    forwarder.update({ makeEntry(ip, oneReachable ? 1 : 0, [](auto &e) {
        e.endpoints.push_back({ "127.244.29.50", kPodPort, true, "pod-gone", {} });
        e.endpoints.push_back({ "127.244.29.51", kPodPort, true, "pod-gone-too", {} });
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

QTEST_GUILESS_MAIN(TestDataplaneBalancing)
#include "tst_dataplane_balancing.moc"
