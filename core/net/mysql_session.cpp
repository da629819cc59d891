#include "net/mysql_session.h"

#include "logs/image_logs.h"
#include "net/mysql_packet.h"
#include "net/mysql_query.h"

#include <random>

namespace clusterlab::net {

namespace {

using namespace std::chrono_literals;

constexpr auto kIdle = 10min;
constexpr auto kHandshake = 10s;

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

/// logGeneral writes one general query log line for the connection.
void logGeneral(const ContainerOutput &output, const mysql::QueryContext &ctx,
                std::string_view command, std::string_view text)
{
    if (output.log)
        output.write(logs::mysqlGeneralLine(logs::Clock::now(), ctx.connectionId, command, text));
}

// The reply to one command (but COM_QUIT); updates the current database.
std::vector<std::string> answerCommand(std::uint8_t command, std::string_view argument,
                                       mysql::QueryContext &ctx, bool deprecateEof, PodContext &pod,
                                       const ContainerOutput &output)
{
    mysql::QueryAnswer answer;
    switch (command) {
    case kComQuery:
        ++pod.requests;
        logGeneral(output, ctx, "Query", argument);
        answer = mysql::answerQuery(argument, ctx);
        break;
    case kComInitDb:
        logGeneral(output, ctx, "Init DB", argument);
        answer = mysql::answerInitDb(argument);
        break;
    case kComPing:
    case kComResetConnection:
        break;
    case kComStatistics:
        return { "Uptime: 1  Threads: 1  Questions: " + std::to_string(pod.requests.load())
                 + "  Slow queries: 0  Opens: 0  Open tables: 0  Queries per second avg: 0" };
    case kComFieldList:
        return { deprecateEof ? mysql::okPacket(0xfe) : mysql::eofPacket() };
    default:
        answer = { mysql::QueryAnswer::Kind::Error, {}, 1047, "08S01", "Unknown command", {} };
        break;
    }
    if (!answer.useDatabase.empty())
        ctx.database = answer.useDatabase;
    return encodeAnswer(answer, deprecateEof);
}

// Greets, reads the login and answers it. Any user and password are let in: no password
// is checked, so a client asking for another auth plugin needs no switch either.
asio::awaitable<bool> logIn(beast::tcp_stream &stream, std::string &buffer,
                            mysql::QueryContext &ctx, bool &deprecateEof)
{
    stream.expires_after(kHandshake);
    const mysql::Greeting greeting{ mysql::kServerVersion, ctx.connectionId, kServerCapabilities,
                                    makeScramble(), mysql::kNativePassword };
    if (co_await mysql::writePacket(stream, 0, mysql::encodeGreeting(greeting)))
        co_return false;
    auto login = co_await mysql::readPacket(stream, buffer);
    if (!login)
        co_return false;
    const auto response = mysql::decodeHandshakeResponse(login->payload);
    if (!response || response->sslRequest) {
        std::string refusal = mysql::errPacket(1043, "08S01",
                                               response ? "TLS is not offered: connect without SSL"
                                                        : "Bad handshake");
        co_await mysql::writePacket(stream, std::uint8_t(login->seq + 1), std::move(refusal));
        co_return false;
    }
    deprecateEof = response->capabilities & kServerCapabilities & mysql::kDeprecateEof;
    ctx.user = response->user;
    mysql::QueryAnswer answer;
    if (!response->database.empty())
        answer = mysql::answerInitDb(response->database);
    ctx.database = answer.useDatabase;
    const bool written = !co_await mysql::writePackets(stream, std::uint8_t(login->seq + 1),
                                                       encodeAnswer(answer, deprecateEof));
    co_return written &&answer.kind != mysql::QueryAnswer::Kind::Error;
}

} // namespace

asio::awaitable<void> serveMySql(beast::tcp_stream &stream, PodContext &pod,
                                 SessionControl &control, int port, const ContainerOutput &output)
{
    mysql::QueryContext ctx{ pod.identity, port, pod.nextConnectionId++, {}, {}, {} };
    boost::system::error_code ec;
    const auto peer = stream.socket().remote_endpoint(ec);
    ctx.clientHost = ec ? std::string("localhost") : peer.address().to_string();
    std::string buffer;
    bool deprecateEof = false;
    if (!co_await logIn(stream, buffer, ctx, deprecateEof))
        co_return;
    logGeneral(output, ctx, "Connect",
               ctx.user + "@" + ctx.clientHost + " on " + ctx.database + " using TCP/IP");

    while (!control.stopping) {
        stream.expires_after(kIdle);
        auto packet = co_await mysql::readPacket(stream, buffer);
        if (!packet || packet->payload.empty())
            co_return;
        BusyScope busy(control);
        const auto command = std::uint8_t(packet->payload[0]);
        if (command == kComQuit) {
            logGeneral(output, ctx, "Quit", {});
            co_return;
        }
        const auto reply = answerCommand(command, std::string_view(packet->payload).substr(1), ctx,
                                         deprecateEof, pod, output);
        stream.expires_after(kSessionWriteTimeout);
        if (co_await mysql::writePackets(stream, std::uint8_t(packet->seq + 1), reply))
            co_return;
    }
}

} // namespace clusterlab::net
