// SPDY/3.1 as kubectl port-forward speaks it: the header dictionary, header blocks through
// one zlib stream per direction, frames cut from bytes however they arrive, broken input
// refused; and the kubelet's side of the protocol (PortForwardSession) against a real TCP
// server on loopback: the stream pair, bytes both ways, the kubelet's refusals of bad streams.
#include "api/port_forward_session.h"
#include "api/spdy_frames.h"

#include <QtTest>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

using namespace clusterlab::api;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

/// framesOf cuts every frame out of bytes, fed chunk bytes at a time.
std::vector<spdy::Frame> framesOf(spdy::HeaderCodec &codec, const std::string &bytes,
                                  std::size_t chunk, std::string &error)
{
    spdy::FrameReader reader(codec);
    std::vector<spdy::Frame> frames;
    for (std::size_t at = 0; at < bytes.size(); at += chunk) {
        reader.feed(std::string_view(bytes).substr(at, chunk));
        while (auto frame = reader.next(error))
            frames.push_back(std::move(*frame));
        if (!error.empty())
            break;
    }
    return frames;
}

/// EchoServer answers each connection with "echo:" and what it read, until EOF.
class EchoServer
{
public:
    explicit EchoServer(asio::io_context &io) : m_acceptor(io, tcp::endpoint(localhost(), 0))
    {
        accept();
    }
    int port() const { return m_acceptor.local_endpoint().port(); }
    static asio::ip::address localhost() { return asio::ip::make_address("127.0.0.1"); }

private:
    void accept()
    {
        m_acceptor.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
            if (ec)
                return;
            asio::co_spawn(m_acceptor.get_executor(), echo(std::move(socket)), asio::detached);
            accept();
        });
    }

    static asio::awaitable<void> echo(tcp::socket socket)
    {
        std::array<char, 4096> buffer{};
        for (;;) {
            auto [ec, n] = co_await socket.async_read_some(asio::buffer(buffer),
                                                           asio::as_tuple(asio::use_awaitable));
            if (ec)
                co_return;
            const std::string reply = "echo:" + std::string(buffer.data(), n);
            auto [wec, written] = co_await asio::async_write(socket, asio::buffer(reply),
                                                             asio::as_tuple(asio::use_awaitable));
            if (wec)
                co_return;
        }
    }

    tcp::acceptor m_acceptor;
};

/// Client speaks kubectl's side to a session: streams, data, and what came back.
struct Client
{
    spdy::HeaderCodec toServer, fromServer;
    spdy::FrameWriter writer{ toServer };
    std::vector<spdy::Frame> received;
    std::string pending;

    void collect(PortForwardSession &session)
    {
        pending += session.takeOutgoing();
        spdy::FrameReader reader(fromServer);
        reader.feed(pending);
        pending.clear();
        std::string error;
        while (auto frame = reader.next(error))
            received.push_back(std::move(*frame));
        QVERIFY2(error.empty(), error.c_str());
    }

    QString dataOn(std::uint32_t stream) const
    {
        QString out;
        for (const auto &f : received)
            if (!f.control && f.streamId == stream)
                out += QString::fromStdString(f.data);
        return out;
    }

    bool finished(std::uint32_t stream) const
    {
        for (const auto &f : received)
            if (!f.control && f.streamId == stream && f.fin())
                return true;
        return false;
    }

    std::optional<std::uint32_t> resetOf(std::uint32_t stream) const
    {
        for (const auto &f : received)
            if (f.control && f.type == spdy::FrameType::RstStream && f.streamId == stream)
                return f.code;
        return std::nullopt;
    }
};

} // namespace

class TestSpdyFrames : public QObject
{
    Q_OBJECT

private slots:
    void dictionaryIsDraftThrees();
    void headerBlocksShareOneStream();
    void framesCutFromAnyChunks();
    void brokenInputIsRefused();
    void sessionForwardsAPair();
    void sessionRefusesBadStreams();
    void sessionAnswersPings();
    void sessionOutlivedByNothing();
};

void TestSpdyFrames::dictionaryIsDraftThrees()
{
    const std::string &d = spdy::dictionary();
    QCOMPARE(d.size(), std::size_t(1423));
    QVERIFY(d.starts_with(std::string("\0\0\0\7options\0\0\0\4head", 19)));
    QVERIFY(d.ends_with("charset=iso-8859-1,utf-,*,enq=0."));
}

void TestSpdyFrames::headerBlocksShareOneStream()
{
    spdy::HeaderCodec sender, receiver;
    const spdy::Headers first{ { "streamtype", "error" }, { "port", "80" }, { "requestid", "0" } };
    const spdy::Headers second{ { "streamtype", "data" }, { "port", "80" }, { "requestid", "0" } };
    std::string error;
    const std::string a = sender.compress(first);
    const std::string b = sender.compress(second);
    QVERIFY(b.size() < a.size()); // the second block refers back to the first
    QCOMPARE(receiver.decompress(a, error), std::optional<spdy::Headers>(first));
    QCOMPARE(receiver.decompress(b, error), std::optional<spdy::Headers>(second));
    QCOMPARE(receiver.decompress(sender.compress({}), error),
             std::optional<spdy::Headers>(spdy::Headers{}));
    QVERIFY(error.empty());
}

void TestSpdyFrames::framesCutFromAnyChunks()
{
    spdy::HeaderCodec encoder;
    spdy::FrameWriter writer(encoder);
    std::string big(200 * 1024, 'x');
    for (std::size_t i = 0; i < big.size(); i += 97)
        big[i] = char('a' + i % 26);
    const std::string bytes = writer.synStream(1, { { "port", "6379" } }) + writer.data(1, big)
            + writer.data(1, "tail", true) + writer.ping(7)
            + writer.rstStream(3, spdy::ResetStatus::Cancel) + writer.goAway(5);
    for (const std::size_t chunk :
         { std::size_t(1), std::size_t(7), std::size_t(65536), bytes.size() }) {
        spdy::HeaderCodec decoder;
        std::string error;
        const auto frames = framesOf(decoder, bytes, chunk, error);
        QVERIFY2(error.empty(), error.c_str());
        QCOMPARE(frames.size(), std::size_t(6));
        QCOMPARE(frames[0].type, spdy::FrameType::SynStream);
        QCOMPARE(frames[0].headers.at("port"), std::string("6379"));
        QVERIFY(frames[1].data == big);
        QVERIFY(frames[2].fin() && frames[2].data == "tail");
        QCOMPARE(frames[3].code, 7u);
        QCOMPARE(frames[4].code, std::uint32_t(spdy::ResetStatus::Cancel));
        QCOMPARE(frames[5].type, spdy::FrameType::GoAway);
        QCOMPARE(frames[5].streamId, 5u);
    }
}

void TestSpdyFrames::brokenInputIsRefused()
{
    spdy::HeaderCodec codec;
    std::string error;
    // SPDY/2's version number.
    framesOf(codec, std::string("\x80\x02\x00\x06\x00\x00\x00\x04\x00\x00\x00\x01", 12), 12, error);
    QCOMPARE(QString::fromStdString(error), QString("unsupported SPDY version 2"));
    error.clear();
    // A SYN_STREAM too short to hold its stream ids.
    framesOf(codec, std::string("\x80\x03\x00\x01\x00\x00\x00\x02\x00\x00", 10), 10, error);
    QVERIFY2(error.find("too short") != std::string::npos, error.c_str());
    error.clear();
    // A header block that is not zlib at all.
    spdy::HeaderCodec fresh;
    framesOf(fresh, std::string("\x80\x03\x00\x02\x00\x00\x00\x08\x00\x00\x00\x01garb", 16), 16,
             error);
    QCOMPARE(QString::fromStdString(error), QString("invalid compressed header block"));
    error.clear();
    // Upper-case header names break SPDY/3.
    spdy::HeaderCodec sender, receiver;
    QVERIFY(!receiver.decompress(sender.compress({ { "Port", "80" } }), error));
    QCOMPARE(QString::fromStdString(error), QString("header name Port is not lower case"));
}

void TestSpdyFrames::sessionForwardsAPair()
{
    asio::io_context io;
    EchoServer server(io);
    int asked = 0;
    auto session = std::make_shared<PortForwardSession>(
            io.get_executor(), PortForwardSpec{ "default", "cache", "uid-1", true, "" },
            [&](const PortForwardSpec &, int port) {
                asked = port;
                return ForwardTarget{ "127.0.0.1", server.port(), {}, nullptr };
            });
    Client client;
    // One statement each: the header blocks must be compressed in the order they are sent.
    std::string request = client.writer.synStream(
            1, { { "streamtype", "error" }, { "port", "6379" }, { "requestid", "0" } });
    request += client.writer.data(1, {}, true);
    request += client.writer.synStream(
            3, { { "streamtype", "data" }, { "port", "6379" }, { "requestid", "0" } });
    request += client.writer.data(3, "PING");
    QVERIFY(session->receive(request));
    QTRY_VERIFY_WITH_TIMEOUT((io.poll(), client.collect(*session), client.dataOn(3) == "echo:PING"),
                             5000);
    QCOMPARE(asked, 6379);
    // Two SYN_REPLYs came first, one per stream.
    QCOMPARE(client.received[0].type, spdy::FrameType::SynReply);
    QCOMPARE(client.received[1].type, spdy::FrameType::SynReply);
    // kubectl closes its side: the kubelet ends the forward and closes both streams.
    QVERIFY(session->receive(client.writer.data(3, {}, true)));
    QTRY_VERIFY_WITH_TIMEOUT(
            (io.poll(), client.collect(*session), client.finished(3) && client.finished(1)), 5000);
    QCOMPARE(client.dataOn(1), QString());
    session->close();
    io.run_for(std::chrono::milliseconds(100)); // the forwards' coroutines end
}

void TestSpdyFrames::sessionRefusesBadStreams()
{
    asio::io_context io;
    auto session = std::make_shared<PortForwardSession>(
            io.get_executor(), PortForwardSpec{ "default", "web", "uid-2", false, "" },
            [](const PortForwardSpec &, int) {
                return ForwardTarget{ {}, 0, "the Pod's sandbox is gone", nullptr };
            });
    Client client;
    // No port, a bad port, an unknown stream type: reset, as the kubelet rejects them.
    QVERIFY(session->receive(client.writer.synStream(1, { { "streamtype", "data" } })));
    QVERIFY(session->receive(
            client.writer.synStream(3, { { "streamtype", "data" }, { "port", "http" } })));
    QVERIFY(session->receive(
            client.writer.synStream(5, { { "streamtype", "stdin" }, { "port", "80" } })));
    // An even (server-side) stream id is a protocol error.
    QVERIFY(session->receive(client.writer.synStream(8, { { "port", "80" } })));
    client.collect(*session);
    QCOMPARE(client.resetOf(1), std::optional<std::uint32_t>(5));
    QCOMPARE(client.resetOf(3), std::optional<std::uint32_t>(5));
    QCOMPARE(client.resetOf(5), std::optional<std::uint32_t>(5));
    QCOMPARE(client.resetOf(8), std::optional<std::uint32_t>(1));
    // A good pair whose Pod is gone: the kubelet's words on the error stream, then FIN.
    QVERIFY(session->receive(client.writer.synStream(
            9, { { "streamtype", "error" }, { "port", "80" }, { "requestid", "4" } })));
    QVERIFY(session->receive(client.writer.synStream(
            11, { { "streamtype", "data" }, { "port", "80" }, { "requestid", "4" } })));
    QTRY_VERIFY_WITH_TIMEOUT((io.poll(), client.collect(*session), client.finished(9)), 5000);
    QCOMPARE(client.dataOn(9),
             QString("error forwarding port 80 to pod web, uid uid-2: the Pod's sandbox is gone"));
    QVERIFY(client.finished(11));
    session->close();
    io.run_for(std::chrono::milliseconds(100)); // the forwards' coroutines end
}

void TestSpdyFrames::sessionAnswersPings()
{
    asio::io_context io;
    auto session = std::make_shared<PortForwardSession>(io.get_executor(), PortForwardSpec{},
                                                        PortForwardResolver{});
    Client client;
    QVERIFY(session->receive(client.writer.ping(1) + client.writer.ping(2)));
    client.collect(*session);
    QCOMPARE(client.received.size(), std::size_t(1)); // only the client's (odd) ping
    QCOMPARE(client.received[0].code, 1u);
    // After a broken frame, the session says why and goes away.
    QVERIFY(!session->receive(std::string("\x80\x07\x00\x06\x00\x00\x00\x04\x00\x00\x00\x01", 12)));
    QCOMPARE(QString::fromStdString(session->lastError()), QString("unsupported SPDY version 7"));
}

void TestSpdyFrames::sessionOutlivedByNothing()
{
    // kubectl goes away while a forward has not even started, and the session's owner lets
    // go of it at once: the forward's coroutines keep it until they end (ASan watches).
    asio::io_context io;
    EchoServer server(io);
    bool resolved = false;
    auto session = std::make_shared<PortForwardSession>(
            io.get_executor(), PortForwardSpec{ "default", "cache", "uid-3", true, "" },
            [&](const PortForwardSpec &, int) {
                resolved = true;
                return ForwardTarget{ "127.0.0.1", server.port(), {}, nullptr };
            });
    Client client;
    std::string request = client.writer.synStream(
            1, { { "streamtype", "error" }, { "port", "6379" }, { "requestid", "0" } });
    request += client.writer.synStream(
            3, { { "streamtype", "data" }, { "port", "6379" }, { "requestid", "0" } });
    request += client.writer.data(3, "early");
    QVERIFY(session->receive(request));
    session->close();
    std::weak_ptr<PortForwardSession> weak = session;
    session.reset();
    io.run_for(std::chrono::milliseconds(100));
    QVERIFY(!resolved); // closed before it ran: no Pod was dialled
    QVERIFY(weak.expired());
}

QTEST_GUILESS_MAIN(TestSpdyFrames)
#include "tst_spdy_frames.moc"
