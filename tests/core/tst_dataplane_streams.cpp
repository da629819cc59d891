// What a forwarded TCP connection carries, over real loopback sockets: a half-close passes
// through and the answer still arrives, streams of every size arrive intact and counted exactly
// (inline buffer, pooled buffer, splice), idle connections are closed after tcpIdleTimeout while
// busy ones stay, and a Pod IP that opens more connections than it has ephemeral ports (each
// left in TIME-WAIT) keeps connecting.
#include "dataplane_lab.h"
#include "net/flow_events.h"
#include "net/io_util.h"
#include "net/local_servers.h"
#include "net/pod_server.h"
#include "net/service_forwarder.h"

#include <QtTest>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/asio/write.hpp>

#include <fstream>
#include <future>

using namespace clusterlab;
using namespace dataplane_test;
namespace beast = boost::beast;

namespace {

const std::string kEchoIP = "127.244.29.21";
constexpr int kEchoPort = 9000;

/// EchoBackend writes back every byte it reads and half-closes when the client does.
class EchoBackend : public std::enable_shared_from_this<EchoBackend>
{
public:
    explicit EchoBackend(asio::io_context &ioc) : m_acceptor(asio::make_strand(ioc)) { }

    bool start()
    {
        boost::system::error_code ec;
        m_acceptor.open(tcp::v4(), ec);
        if (!ec)
            m_acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
        if (!ec)
            m_acceptor.bind({ asio::ip::make_address(kEchoIP), kEchoPort }, ec);
        if (!ec)
            m_acceptor.listen(asio::socket_base::max_listen_connections, ec);
        if (ec)
            return false;
        asio::co_spawn(m_acceptor.get_executor(), acceptLoop(shared_from_this()), asio::detached);
        return true;
    }

    void stop()
    {
        asio::post(m_acceptor.get_executor(), [self = shared_from_this()] {
            boost::system::error_code ignored;
            self->m_acceptor.close(ignored);
        });
    }

private:
    static asio::awaitable<void> acceptLoop(std::shared_ptr<EchoBackend> self)
    {
        for (;;) {
            auto [ec, socket] = co_await self->m_acceptor.async_accept(
                    asio::make_strand(self->m_acceptor.get_executor()), kUseTuple);
            if (ec)
                co_return;
            auto executor = socket.get_executor();
            asio::co_spawn(executor, echo(std::move(socket)), asio::detached);
        }
    }

    static asio::awaitable<void> echo(tcp::socket socket)
    {
        std::vector<char> buffer(64 * 1024);
        for (;;) {
            auto [ec, n] = co_await socket.async_read_some(asio::buffer(buffer), kUseTuple);
            if (ec)
                break;
            auto [wec, w] =
                    co_await asio::async_write(socket, asio::buffer(buffer.data(), n), kUseTuple);
            if (wec)
                co_return;
        }
        boost::system::error_code ignored;
        socket.shutdown(tcp::socket::shutdown_send, ignored);
    }

    tcp::acceptor m_acceptor;
};

/// pattern is byte i of a test stream.
char pattern(std::size_t i)
{
    return static_cast<char>((i * 131 + i / 4093) & 0xff);
}

/// streamThrough writes `size` pattern bytes on fd from a second thread while reading the echo,
/// half-closes, and returns how many bytes came back before EOF, or -1 on the first wrong byte.
long long streamThrough(int fd, std::size_t size)
{
    std::thread writer([fd, size] {
        std::vector<char> chunk(256 * 1024);
        for (std::size_t sent = 0; sent < size;) {
            const std::size_t n = std::min(chunk.size(), size - sent);
            for (std::size_t i = 0; i < n; ++i)
                chunk[i] = pattern(sent + i);
            const ssize_t w = ::send(fd, chunk.data(), n, MSG_NOSIGNAL);
            if (w <= 0)
                break;
            sent += static_cast<std::size_t>(w);
        }
        ::shutdown(fd, SHUT_WR);
    });
    std::vector<char> buffer(256 * 1024);
    long long received = 0;
    for (;;) {
        const ssize_t n = ::recv(fd, buffer.data(), buffer.size(), 0);
        if (n <= 0)
            break;
        for (ssize_t i = 0; i < n; ++i)
            if (buffer[i] != pattern(static_cast<std::size_t>(received + i)))
                received = -1 - n; // poisoned: stays negative
        received = received < 0 ? received : received + n;
    }
    writer.join();
    return received < 0 ? -1 : received;
}

/// ephemeralPorts is the size of ip_local_port_range.
int ephemeralPorts()
{
    std::ifstream range("/proc/sys/net/ipv4/ip_local_port_range");
    int low = 0, high = 0;
    range >> low >> high;
    return high >= low ? high - low + 1 : 0;
}

/// callFromPod opens `count` connections one after another from podIP to the echo backend the
/// way a Pod's clients do (connectFrom), each closed by the client first so that it stays in
/// TIME-WAIT; returns the error that stopped it, or an empty string.
asio::awaitable<std::string> callFromPod(std::string podIP, int count)
{
    const tcp::endpoint target(asio::ip::make_address(kEchoIP), kEchoPort);
    for (int i = 0; i < count; ++i) {
        beast::tcp_stream stream(co_await asio::this_coro::executor);
        if (auto ec = co_await net::connectFrom(stream, podIP, target))
            co_return "connection " + std::to_string(i) + ": " + ec.message();
        char byte = 'x';
        co_await asio::async_write(stream, asio::buffer(&byte, 1), kUseTuple);
        co_await asio::async_read(stream, asio::buffer(&byte, 1), kUseTuple);
        stream.socket().close(); // before the echo's FIN: this side waits in TIME-WAIT
    }
    co_return std::string();
}

} // namespace

class TestDataplaneStreams : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void halfCloseCarriesTheAnswer();
    void streamsArriveIntactAndCounted_data();
    void streamsArriveIntactAndCounted();
    void idleConnectionsCloseBusyOnesStay();
    void podIPKeepsConnectingPastItsPortRange();
    void podInThisProcessTakesTheConnectionItself();

private:
    DataplaneLab m_lab;
    std::shared_ptr<EchoBackend> m_echo;
};

void TestDataplaneStreams::initTestCase()
{
    QVERIFY(net::raiseFileLimit() > 0);
    const std::string error = m_lab.start(false);
    QVERIFY2(error.empty(), error.c_str());
    m_echo = std::make_shared<EchoBackend>(m_lab.ioc());
    QVERIFY(m_echo->start());
}

void TestDataplaneStreams::cleanupTestCase()
{
    m_echo->stop();
    m_lab.stop();
}

namespace {

net::ServicePortEntry echoEntry(const std::string &clusterIP)
{
    return makeEntry(clusterIP, 0, [](auto &e) {
        e.endpoints.push_back({ kEchoIP, kEchoPort, true, "echo-pod", {} });
    });
}

} // namespace

void TestDataplaneStreams::halfCloseCarriesTheAnswer()
{
    const std::string ip = "127.96.9.81";
    net::FlowRecorder &recorder = m_lab.newRecorder();
    net::ServiceForwarder forwarder(m_lab.ioc(), &recorder, 3);
    forwarder.update({ echoEntry(ip) });
    const int fd = openConnection(ip, boundPort(forwarder, ip));
    QVERIFY(fd >= 0);
    // Like `printf hello | nc -N`: send, close the sending side, then read the whole answer.
    QCOMPARE(::send(fd, "hello", 5, MSG_NOSIGNAL), ssize_t(5));
    QCOMPARE(::shutdown(fd, SHUT_WR), 0);
    std::string answer;
    char buffer[64];
    ssize_t n;
    while ((n = ::recv(fd, buffer, sizeof buffer, 0)) > 0)
        answer.append(buffer, static_cast<std::size_t>(n));
    ::close(fd);
    QCOMPARE(n, ssize_t(0)); // an orderly EOF, not a reset
    QCOMPARE(answer, std::string("hello"));
    const net::ServicePortKey key{ "default", "backend", "http", "TCP", 80 };
    QVERIFY(waitFor([&] {
        return recorder.counters().counts(key).of(net::FlowEvent::Result::Ok) == 1;
    }));
    QCOMPARE(recorder.counters().counts(key).bytesToEndpoints, std::uint64_t(5));
    QCOMPARE(recorder.counters().counts(key).bytesFromEndpoints, std::uint64_t(5));
}

void TestDataplaneStreams::streamsArriveIntactAndCounted_data()
{
    QTest::addColumn<qulonglong>("size");
    QTest::addColumn<bool>("splice");
    QTest::newRow("3 bytes") << qulonglong(3) << true;
    QTest::newRow("5000 bytes: past the inline buffer") << qulonglong(5000) << true;
    QTest::newRow("300 KiB: pooled buffer, then splice") << qulonglong(300 * 1024) << true;
    QTest::newRow("8 MiB with splice") << qulonglong(8 << 20) << true;
    QTest::newRow("8 MiB copied") << qulonglong(8 << 20) << false;
}

void TestDataplaneStreams::streamsArriveIntactAndCounted()
{
    QFETCH(qulonglong, size);
    QFETCH(bool, splice);
    const std::string ip = "127.96.9.82";
    net::FlowRecorder &recorder = m_lab.newRecorder();
    net::ServiceForwarder forwarder(m_lab.ioc(), &recorder, 4);
    net::ForwarderOptions options;
    options.useSplice = splice;
    forwarder.setOptions(options);
    forwarder.update({ echoEntry(ip) });
    const int fd = openConnection(ip, boundPort(forwarder, ip));
    QVERIFY(fd >= 0);
    const long long received = streamThrough(fd, size);
    ::close(fd);
    QCOMPARE(received, static_cast<long long>(size));
    const net::ServicePortKey key{ "default", "backend", "http", "TCP", 80 };
    QVERIFY(waitFor([&] {
        return recorder.counters().counts(key).total() == 1;
    }));
    const auto counts = recorder.counters().counts(key);
    QCOMPARE(counts.bytesToEndpoints, std::uint64_t(size));
    QCOMPARE(counts.bytesFromEndpoints, std::uint64_t(size));
}

void TestDataplaneStreams::idleConnectionsCloseBusyOnesStay()
{
    const std::string ip = "127.96.9.83";
    net::FlowRecorder &recorder = m_lab.newRecorder();
    net::ServiceForwarder forwarder(m_lab.ioc(), &recorder, 5);
    net::ForwarderOptions options;
    options.tcpIdleTimeout = 300ms;
    forwarder.setOptions(options);
    forwarder.update({ echoEntry(ip) });
    const int port = boundPort(forwarder, ip);
    const int idle = openConnection(ip, port);
    const int busy = openConnection(ip, port);
    QVERIFY(idle >= 0 && busy >= 0);
    QVERIFY(waitFor([&] {
        return forwarder.activeConnections() == 2;
    }));
    // The busy one talks every 50 ms for 1 s, more than three idle timeouts.
    for (int i = 0; i < 20; ++i) {
        char byte = 'b';
        QCOMPARE(::send(busy, &byte, 1, MSG_NOSIGNAL), ssize_t(1));
        QCOMPARE(::recv(busy, &byte, 1, 0), ssize_t(1));
        std::this_thread::sleep_for(50ms);
    }
    char byte = 0;
    QCOMPARE(::recv(idle, &byte, 1, 0), ssize_t(0)); // closed by the forwarder long ago
    QCOMPARE(::send(busy, "c", 1, MSG_NOSIGNAL), ssize_t(1));
    QCOMPARE(::recv(busy, &byte, 1, 0), ssize_t(1));
    QCOMPARE(forwarder.activeConnections(), std::size_t(1));
    ::close(idle);
    ::close(busy);
    QVERIFY(waitFor([&] {
        return forwarder.activeConnections() == 0;
    }));
}

void TestDataplaneStreams::podIPKeepsConnectingPastItsPortRange()
{
    const int ports = ephemeralPorts();
    if (ports <= 0 || ports > 40000)
        QSKIP("ip_local_port_range is too wide to exhaust quickly here");
    // More connections than a Pod IP has ports, each left in TIME-WAIT for 60 s: a port bound
    // before connect would run out; chosen at connect time, it is reused per destination.
    auto result = asio::co_spawn(asio::make_strand(m_lab.ioc()),
                                 callFromPod("127.244.29.50", ports + 500), asio::use_future);
    QCOMPARE(QString::fromStdString(result.get()), QString());
}

void TestDataplaneStreams::podInThisProcessTakesTheConnectionItself()
{
    // A Pod served in this process gets the accepted connection itself (as DNAT would): it
    // answers with the client's own address, and the flow still counts its bytes exactly.
    const std::string podIP = "127.244.29.31";
    const std::string ip = "127.96.9.84";
    net::LocalServers local;
    net::PodServer pod(m_lab.ioc(), { "web-1", "default", podIP, "node-29" },
                       { { 8080, net::Workload::Http, {} } }, {}, {}, &local);
    QVERIFY(pod.open().empty());
    net::FlowRecorder &recorder = m_lab.newRecorder();
    net::ServiceForwarder forwarder(m_lab.ioc(), &recorder, 6);
    forwarder.setLocalServers(&local);
    forwarder.update({ makeEntry(ip, 0, [&](auto &e) {
        e.endpoints.push_back({ podIP, 8080, true, "web-1", {} });
    }) });
    const int fd = openConnection(ip, boundPort(forwarder, ip));
    QVERIFY(fd >= 0);
    sockaddr_in self{};
    socklen_t length = sizeof self;
    QCOMPARE(::getsockname(fd, reinterpret_cast<sockaddr *>(&self), &length), 0);
    const std::string request =
            "GET /?format=json HTTP/1.1\r\nHost: web\r\nConnection: close\r\n\r\n";
    const int sent = int(request.size());
    std::string response;
    ::send(fd, request.data(), request.size(), MSG_NOSIGNAL);
    char buffer[4096];
    ssize_t n;
    while ((n = ::recv(fd, buffer, sizeof buffer, 0)) > 0)
        response.append(buffer, static_cast<std::size_t>(n));
    ::close(fd);
    const std::string client =
            "\"client\":\"127.0.0.1:" + std::to_string(ntohs(self.sin_port)) + "\"";
    QVERIFY2(response.find(client) != std::string::npos, response.c_str());
    const net::ServicePortKey key{ "default", "backend", "http", "TCP", 80 };
    QVERIFY(waitFor([&] {
        return recorder.counters().counts(key).of(net::FlowEvent::Result::Ok) == 1;
    }));
    QCOMPARE(recorder.counters().counts(key).bytesToEndpoints, std::uint64_t(sent));
    QCOMPARE(recorder.counters().counts(key).bytesFromEndpoints, std::uint64_t(response.size()));
    QCOMPARE(pod.requestCount(), std::uint64_t(1));
    forwarder.stop();
    pod.close();
}

QTEST_GUILESS_MAIN(TestDataplaneStreams)
#include "tst_dataplane_streams.moc"
