#include "net/mysql_client.h"

#include "net/mysql_packet.h"

namespace clusterlab::net {

namespace {

constexpr std::uint8_t kComQuit = 0x01;
constexpr std::uint8_t kComQuery = 0x03;
const boost::system::error_code kProtocolError = boost::asio::error::invalid_argument;

bool isErr(const mysql::Packet &p)
{
    return !p.payload.empty() && std::uint8_t(p.payload[0]) == 0xff;
}

bool isEof(const mysql::Packet &p)
{
    return !p.payload.empty() && std::uint8_t(p.payload[0]) == 0xfe && p.payload.size() < 0xffffff;
}

void takeError(const mysql::Packet &p, MySqlReply &reply)
{
    reply.errorCode = p.payload.size() >= 3
            ? std::uint16_t(std::uint8_t(p.payload[1]) | (std::uint8_t(p.payload[2]) << 8))
            : 0xffff;
    // 0xff, code (2), '#', SQLSTATE (5), message
    reply.errorMessage =
            p.payload.size() > 9 && p.payload[3] == '#' ? p.payload.substr(9) : p.payload.substr(3);
}

// A column definition's name: the fifth length-encoded string.
std::string columnName(std::string_view payload)
{
    std::size_t pos = 0;
    std::string name;
    for (int i = 0; i < 5; ++i) {
        const auto len = mysql::readLenenc(payload, pos);
        if (!len || pos + *len > payload.size())
            return {};
        name = std::string(payload.substr(pos, *len));
        pos += *len;
    }
    return name;
}

// Reads the greeting and logs in. A server ERR lands in reply (errorCode set).
asio::awaitable<boost::system::error_code> logIn(beast::tcp_stream &stream, std::string &buffer,
                                                 const std::string &user, MySqlReply &reply,
                                                 bool &deprecateEof)
{
    auto packet = co_await mysql::readPacket(stream, buffer);
    if (!packet)
        co_return packet.error();
    if (isErr(*packet)) {
        takeError(*packet, reply); // e.g. "Too many connections"
        co_return boost::system::error_code{};
    }
    const auto greeting = mysql::decodeGreeting(packet->payload);
    if (!greeting)
        co_return kProtocolError;
    reply.serverVersion = greeting->serverVersion;
    const std::uint32_t caps = (mysql::kLongPassword | mysql::kProtocol41 | mysql::kSecureConnection
                                | mysql::kPluginAuth | mysql::kTransactions | mysql::kDeprecateEof)
            & (greeting->capabilities | mysql::kProtocol41);
    deprecateEof = caps & mysql::kDeprecateEof;
    mysql::HandshakeResponse login{ caps, user, {}, mysql::kNativePassword, false };
    if (auto ec = co_await mysql::writePacket(stream, std::uint8_t(packet->seq + 1),
                                              mysql::encodeHandshakeResponse(login)))
        co_return ec;
    packet = co_await mysql::readPacket(stream, buffer);
    if (packet && !packet->payload.empty() && std::uint8_t(packet->payload[0]) == 0xfe) {
        // Auth switch: answer with an empty password for whatever plugin is asked.
        if (auto ec = co_await mysql::writePacket(stream, std::uint8_t(packet->seq + 1),
                                                  std::string()))
            co_return ec;
        packet = co_await mysql::readPacket(stream, buffer);
    }
    if (!packet)
        co_return packet.error();
    if (isErr(*packet))
        takeError(*packet, reply);
    co_return boost::system::error_code{};
}

// Reads a query's answer: OK, ERR, or a text resultset.
asio::awaitable<boost::system::error_code>
readAnswer(beast::tcp_stream &stream, std::string &buffer, bool deprecateEof, MySqlReply &reply)
{
    auto packet = co_await mysql::readPacket(stream, buffer);
    if (!packet)
        co_return packet.error();
    if (isErr(*packet)) {
        takeError(*packet, reply);
        co_return boost::system::error_code{};
    }
    if (packet->payload.empty() || std::uint8_t(packet->payload[0]) == 0x00)
        co_return boost::system::error_code{}; // OK: no resultset
    std::size_t pos = 0;
    const auto count = mysql::readLenenc(packet->payload, pos);
    if (!count)
        co_return kProtocolError;
    for (std::uint64_t i = 0; i < *count + (deprecateEof ? 0 : 1); ++i) {
        packet = co_await mysql::readPacket(stream, buffer);
        if (!packet)
            co_return packet.error();
        if (i < *count)
            reply.columns.push_back(columnName(packet->payload));
    }
    for (;;) {
        packet = co_await mysql::readPacket(stream, buffer);
        if (!packet)
            co_return packet.error();
        if (isEof(*packet))
            co_return boost::system::error_code{};
        if (isErr(*packet)) {
            takeError(*packet, reply);
            co_return boost::system::error_code{};
        }
        auto row = mysql::decodeResultRow(packet->payload, reply.columns.size());
        if (!row)
            co_return kProtocolError;
        reply.rows.push_back(std::move(*row));
    }
}

} // namespace

asio::awaitable<boost::system::result<MySqlReply>>
mysqlQuery(tcp::endpoint target, std::string query, ClientOptions options, std::string user)
{
    beast::tcp_stream stream(co_await asio::this_coro::executor);
    stream.expires_after(options.timeout);
    if (auto ec = co_await connectFrom(stream, options.localIp, target))
        co_return ec;
    std::string buffer;
    MySqlReply reply;
    bool deprecateEof = false;
    if (auto ec = co_await logIn(stream, buffer, user, reply, deprecateEof))
        co_return ec;
    if (reply.errorCode)
        co_return reply;
    if (auto ec = co_await mysql::writePacket(stream, 0, char(kComQuery) + query))
        co_return ec;
    if (auto ec = co_await readAnswer(stream, buffer, deprecateEof, reply))
        co_return ec;
    co_await mysql::writePacket(stream, 0, std::string(1, char(kComQuit)));
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    co_return reply;
}

} // namespace clusterlab::net
