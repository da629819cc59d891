// The Service forwarder's life and bookkeeping, over real loopback sockets: UDP sessions,
// stop() closing listeners and connections, exact flow counters beside a bounded sample ring,
// problems reported with the address, and a real curl through a ClusterIP.
#include "dataplane_lab.h"
#include "net/flow_events.h"
#include "net/service_forwarder.h"

#include <QtTest>

using namespace clusterlab;
using namespace dataplane_test;

class TestDataplaneForwarder : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void forwardsUdp();
    void stopClosesListenersAndConnections();
    void countsFlowsExactly();
    void sampleRingDropsOldestButCountersDoNot();
    void reportsProblems_data();
    void reportsProblems();
    void curlReachesPodThroughClusterIP();

private:
    DataplaneLab m_lab;
};

void TestDataplaneForwarder::initTestCase()
{
    QVERIFY(net::raiseFileLimit() > 0);
    const std::string error = m_lab.start(true);
    QVERIFY2(error.empty(), error.c_str());
}

void TestDataplaneForwarder::cleanupTestCase()
{
    m_lab.stop();
}

void TestDataplaneForwarder::forwardsUdp()
{
    const std::string ip = "127.96.9.61";
    auto backend = std::make_shared<UdpBackend>(m_lab.ioc(), "127.244.29.11", 5353, "udp-a");
    QVERIFY(backend->start());
    net::FlowRecorder &recorder = m_lab.newRecorder();
    net::ServiceForwarder forwarder(m_lab.ioc(), &recorder, 9);
    auto entry = makeEntry(ip, 0, [](auto &e) {
        e.protocol = "UDP";
        e.portName = "dns";
        e.endpoints.push_back({ "127.244.29.11", 5353, true, "udp-pod", {} });
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

void TestDataplaneForwarder::stopClosesListenersAndConnections()
{
    const std::string ip = "127.96.9.65";
    net::FlowRecorder &recorder = m_lab.newRecorder();
    net::ServiceForwarder forwarder(m_lab.ioc(), &recorder, 1);
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

void TestDataplaneForwarder::countsFlowsExactly()
{
    const std::string ip = "127.96.9.71";
    net::FlowRecorder &recorder = m_lab.newRecorder(1000);
    net::ServiceForwarder forwarder(m_lab.ioc(), &recorder, 11);
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

void TestDataplaneForwarder::sampleRingDropsOldestButCountersDoNot()
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

void TestDataplaneForwarder::reportsProblems_data()
{
    QTest::addColumn<QString>("clusterIP");
    QTest::addColumn<bool>("occupy");
    QTest::addColumn<QString>("expected");
    QTest::addRow("an address outside loopback is refused")
            << "10.96.0.20" << false << "10.96.0.20 is outside 127.0.0.0/8";
    QTest::addRow("an address in use is reported with the address")
            << "127.96.9.91" << true << "cannot listen on 127.96.9.91:80: address in use";
}

void TestDataplaneForwarder::reportsProblems()
{
    QFETCH(QString, clusterIP);
    QFETCH(bool, occupy);
    QFETCH(QString, expected);
    const auto ip = clusterIP.toStdString();
    std::shared_ptr<Backend> squatter;
    if (occupy) {
        squatter = std::make_shared<Backend>(m_lab.ioc(), ip, 80, "squatter");
        QVERIFY(squatter->start());
    }
    net::ServiceForwarder forwarder(m_lab.ioc(), nullptr, 1);
    forwarder.update({ makeEntry(ip, 1) });
    const auto problems = forwarder.problems();
    QCOMPARE(problems.size(), std::size_t(1));
    QVERIFY2(problems.front().find(expected.toStdString()) != std::string::npos,
             problems.front().c_str());
    QVERIFY(!forwarder.boundPort(ip, 80).has_value());
    if (squatter)
        squatter->stop();
}

void TestDataplaneForwarder::curlReachesPodThroughClusterIP()
{
    const QString curl = QStandardPaths::findExecutable("curl");
    if (curl.isEmpty())
        QSKIP("curl is not installed (apt-get install curl)");
    const std::string ip = "127.96.9.81";
    net::ServiceForwarder forwarder(m_lab.ioc(), nullptr, 1);
    forwarder.update({ makeEntry(ip, 1) });
    const QString url =
            QString("http://%1:%2/").arg(QString::fromStdString(ip)).arg(boundPort(forwarder, ip));
    QCOMPARE(runTool(curl, { "-s", "--max-time", "5", url }), QString("pod-a"));
}

QTEST_GUILESS_MAIN(TestDataplaneForwarder)
#include "tst_dataplane_forwarder.moc"
