#include "net/mysql_session.h"

#include "net/mysql_packet.h"
#include "net/mysql_query.h"

#include <random>

namespace clusterlab::net {

namespace {

using namespace std::chrono_literals;

constexpr auto kIdle = 10min;
constexpr auto kHandshake = 10s;
constexpr auto kWrite = 10s;

constexpr std::uint8_t kComQuit = 0x01;
constexpr std::uint8_t kComInitDb = 0x02;
constexpr std::uint8_t kComQuery = 0x03;
constexpr std::uint8_t kComFieldList = 0x04;
constexpr std::uint8_t kComStatistics = 0x09;
constexpr std::uint8_t kComPing = 0x0e;
constexpr std::uint8_t kComResetConnection = 0x1f;

constexpr std::uint32_t kServerCapabilities = mysql::kLongPassword | mysql::kFoundRows
        | mysql::kLongFlag | mysql::kConnectWithDb | mysql::kProtocol41 | mysql::kTransactions
        | mysql::kSecureConnection | mysql::kMultiStatements | mysql::kMultiResults
        | mysql::kPluginAuth | mysql::kConnectAttrs | mysql::kPluginAuthLenencData
        | mysql::kDeprecateEof;

std::string makeScramble()
{
    thread_local std::mt19937 random{ std::random_device{}() };
    std::uniform_int_distribution<int> printable(33, 126); // never NUL: it ends the field
    std::string scramble(20, ' ');
    for (auto &c : scramble)
        c = char(printable(random));
    return scramble;
}

std::vector<std::string> encodeAnswer(const mysql::QueryAnswer &answer, bool deprecateEof)
{
    switch (answer.kind) {
    case mysql::QueryAnswer::Kind::Rows:
        return mysql::encodeResultSet(answer.rows, deprecateEof);
    case mysql::QueryAnswer::Kind::Error:
        return { mysql::errPacket(answer.code, answer.sqlState, answer.message) };
    case mysql::QueryAnswer::Kind::Ok:
        break;
    }
    return { mysql::okPacket() };
}

} // namespace

asio::awaitable<void> serveMySql(beast::tcp_stream &stream, PodContext &pod,
                                 SessionControl &control, int port)
{
    mysql::QueryContext ctx{ pod.identity, port, pod.nextConnectionId++, {}, {}, {} };
    boost::system::error_code ec;
    const auto peer = stream.socket().remote_endpoint(ec);
    ctx.clientHost = ec ? std::string("localhost") : peer.address().to_string();
    std::string buffer;

    stream.expires_after(kHandshake);
    const mysql::Greeting greeting{ mysql::kServerVersion, ctx.connectionId, kServerCapabilities,
                                    makeScramble(), mysql::kNativePassword };
    if (co_await mysql::writePacket(stream, 0, mysql::encodeGreeting(greeting)))
        co_return;
    auto login = co_await mysql::readPacket(stream, buffer);
    if (!login)
        co_return;
    const auto response = mysql::decodeHandshakeResponse(login->payload);
    if (!response || response->sslRequest) {
        std::string refusal = mysql::errPacket(1043, "08S01",
                                               response ? "TLS is not offered: connect without SSL"
                                                        : "Bad handshake");
        co_await mysql::writePacket(stream, std::uint8_t(login->seq + 1), std::move(refusal));
        co_return;
    }
    const std::uint32_t caps = response->capabilities & kServerCapabilities;
    const bool deprecateEof = caps & mysql::kDeprecateEof;
    ctx.user = response->user;
    mysql::QueryAnswer answer;
    if (!response->database.empty())
        answer = mysql::answerInitDb(response->database);
    ctx.database = answer.useDatabase;
    // A client that asks for another auth plugin is let in all the same: no password is
    // checked here, so there is nothing to switch to.
    if (co_await mysql::writePackets(stream, std::uint8_t(login->seq + 1),
                                     encodeAnswer(answer, deprecateEof))
        || answer.kind == mysql::QueryAnswer::Kind::Error)
        co_return;

    while (!control.stopping) {
        stream.expires_after(kIdle);
        auto packet = co_await mysql::readPacket(stream, buffer);
        if (!packet || packet->payload.empty())
            co_return;
        BusyScope busy(control);
        const auto command = std::uint8_t(packet->payload[0]);
        const std::string_view argument = std::string_view(packet->payload).substr(1);
        std::vector<std::string> reply;
        switch (command) {
        case kComQuit:
            co_return;
        case kComQuery:
            ++pod.requests;
            answer = mysql::answerQuery(argument, ctx);
            break;
        case kComInitDb:
            answer = mysql::answerInitDb(argument);
            break;
        case kComPing:
        case kComResetConnection:
            answer = mysql::QueryAnswer{};
            break;
        case kComStatistics:
            reply = { "Uptime: 1  Threads: 1  Questions: " + std::to_string(pod.requests.load())
                      + "  Slow queries: 0  Opens: 0  Open tables: 0  Queries per second avg: 0" };
            break;
        case kComFieldList:
            reply = { deprecateEof ? mysql::okPacket(0xfe) : mysql::eofPacket() };
            break;
        default:
            answer = { mysql::QueryAnswer::Kind::Error, {}, 1047, "08S01", "Unknown command", {} };
            break;
        }
        if (reply.empty()) {
            if (!answer.useDatabase.empty())
                ctx.database = answer.useDatabase;
            reply = encodeAnswer(answer, deprecateEof);
        }
        stream.expires_after(kWrite);
        if (co_await mysql::writePackets(stream, std::uint8_t(packet->seq + 1), reply))
            co_return;
    }
}

} // namespace clusterlab::net
