// A PodServer's own behaviour: a sniffing port answers each client in its protocol (or echoes),
// open() reports ports it cannot listen on, close() refuses new connections and ends idle ones.
#include "net/http_client.h"
#include "pod_lab.h"

#include <QtTest>

#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/tcp_stream.hpp>

using namespace clusterlab;
using namespace pod_test;
using net::PodServer;

class TestPodServer : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void sniffing_data();
    void sniffing();
    void openReportsPortsItCannotListenOn();
    void closeRefusesNewConnectionsAndEndsIdleOnes();

private:
    std::string echoRoundTrip(tcp::endpoint target, std::string bytes,
                              std::chrono::milliseconds silence);

    PodLab m_lab;
};

std::string TestPodServer::echoRoundTrip(tcp::endpoint target, std::string bytes,
                                         std::chrono::milliseconds silence)
{
    return m_lab.await([](tcp::endpoint to, std::string out,
                          std::chrono::milliseconds wait) -> asio::awaitable<std::string> {
        auto executor = co_await asio::this_coro::executor;
        boost::beast::tcp_stream stream(executor);
        stream.expires_after(5s);
        co_await stream.async_connect(to, asio::use_awaitable);
        asio::steady_timer pause(executor, wait);
        co_await pause.async_wait(asio::use_awaitable);
        co_await asio::async_write(stream, asio::buffer(out), asio::use_awaitable);
        std::string back(out.size(), '\0');
        co_await asio::async_read(stream, asio::buffer(back), asio::use_awaitable);
        co_return back;
    }(target, std::move(bytes), silence));
}

void TestPodServer::initTestCase()
{
    m_lab.start();
}

void TestPodServer::cleanupTestCase()
{
    m_lab.stop();
}

void TestPodServer::sniffing_data()
{
    QTest::addColumn<QString>("client");
    QTest::addColumn<QString>("expected");
    QTest::addRow("curl gets an HTTP answer") << "curl"
                                              << "sniff-0 (127.244.9.6 on node-1): GET /\n";
    QTest::addRow("redis-cli PING gets PONG") << "redis-cli"
                                              << "PONG\n";
    QTest::addRow("other bytes are echoed") << "raw"
                                            << "hello, echo\r\n";
    QTest::addRow("a client silent past the sniff timeout is echoed") << "late"
                                                                      << "GET / later\n";
}

void TestPodServer::sniffing()
{
    QFETCH(QString, client);
    QFETCH(QString, expected);
    const auto target = endpoint("127.244.9.6", 9000);
    if (client == "curl" || client == "redis-cli") {
        requireTool(qPrintable(client));
        const auto result = client == "curl"
                ? run("curl",
                      { "-sS", "--noproxy", "*", "--max-time", "5", "http://127.244.9.6:9000/" })
                : run("redis-cli", { "-h", "127.244.9.6", "-p", "9000", "PING" });
        QCOMPARE(result.out, expected);
        return;
    }
    // Well past the Pod's 300 ms sniff wait: under a sanitizer on a busy machine the Pod's
    // timer can fire late, and a 500 ms pause once let "GET " arrive first (read as HTTP).
    const auto silence = client == "late" ? 1500ms : 0ms;
    QCOMPARE(QString::fromStdString(echoRoundTrip(target, expected.toStdString(), silence)),
             expected);
}

void TestPodServer::openReportsPortsItCannotListenOn()
{
    PodServer twin(m_lab.ioc(), { "twin", "shop", "127.244.9.2", "node-2" },
                   { { 8080, net::Workload::Http, {} }, { 18080, net::Workload::Http, {} } }, {},
                   {});
    const auto errors = twin.open();
    QCOMPARE(errors.size(), 1u);
    QCOMPARE(QString::fromStdString(errors.front()),
             "cannot listen on 127.244.9.2:8080: Address already in use");
    twin.close();

    PodServer outside(m_lab.ioc(), { "outside", "shop", "10.244.1.5", "node-1" },
                      { { 8080, net::Workload::Http, {} } }, {}, {});
    const auto refused = outside.open();
    QCOMPARE(refused.size(), 1u);
    QVERIFY2(QString::fromStdString(refused.front()).contains("not a loopback address"),
             refused.front().c_str());
}

void TestPodServer::closeRefusesNewConnectionsAndEndsIdleOnes()
{
    PodServer pod(m_lab.ioc(), { "closing-0", "shop", "127.244.9.9", "node-1" },
                  { { 8090, net::Workload::Http, {} } }, {}, {});
    QVERIFY(pod.open().empty());
    const auto target = endpoint("127.244.9.9", 8090);
    auto reply = m_lab.await(net::httpGet(target, "closing", "/hostname", {}, {}));
    QVERIFY(reply);
    QCOMPARE(reply->body, std::string("closing-0\n"));
    QCOMPARE(pod.requestCount(), 1u);

    // An idle connection: connected, never sends.
    tcp::socket idle(m_lab.ioc());
    idle.connect(target);
    QTRY_COMPARE_WITH_TIMEOUT(pod.connectionCount(), 1u, 2000);

    pod.close();
    boost::system::error_code ec;
    tcp::socket late(m_lab.ioc());
    late.connect(target, ec);
    QCOMPARE(ec, asio::error::connection_refused);

    // The idle connection is ended at once, not after the grace period.
    QTRY_COMPARE_WITH_TIMEOUT(pod.connectionCount(), 0u, 1000);
    char byte;
    idle.read_some(asio::buffer(&byte, 1), ec);
    QVERIFY2(ec == asio::error::eof || ec == asio::error::connection_reset, ec.message().c_str());
}

QTEST_GUILESS_MAIN(TestPodServer)
#include "tst_pod_server.moc"
