#include "net/mysql_packet.h"

#include <boost/asio/buffer.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

namespace clusterlab::net::mysql {

namespace {

void putInt(std::string &out, std::uint64_t value, int bytes)
{
    for (int i = 0; i < bytes; ++i)
        out += char((value >> (8 * i)) & 0xff);
}

std::uint64_t getInt(std::string_view data, std::size_t pos, int bytes)
{
    std::uint64_t value = 0;
    for (int i = 0; i < bytes; ++i)
        value |= std::uint64_t(std::uint8_t(data[pos + i])) << (8 * i);
    return value;
}

void putLenenc(std::string &out, std::uint64_t value)
{
    if (value < 251) {
        putInt(out, value, 1);
    } else if (value < 0x10000) {
        out += char(0xfc);
        putInt(out, value, 2);
    } else if (value < 0x1000000) {
        out += char(0xfd);
        putInt(out, value, 3);
    } else {
        out += char(0xfe);
        putInt(out, value, 8);
    }
}

void putLenencString(std::string &out, std::string_view text)
{
    putLenenc(out, text.size());
    out += text;
}

// A NUL-terminated string at pos; advances pos past the NUL (or to the end).
std::string getCString(std::string_view data, std::size_t &pos)
{
    const auto end = std::min(data.find('\0', pos), data.size());
    std::string text(data.substr(pos, end - pos));
    pos = std::min(end + 1, data.size());
    return text;
}

std::string columnDefinition(const Column &column)
{
    std::string out;
    putLenencString(out, "def");
    putLenencString(out, ""); // schema
    putLenencString(out, ""); // table
    putLenencString(out, ""); // org_table
    putLenencString(out, column.name);
    putLenencString(out, ""); // org_name
    putLenenc(out, 0x0c);
    putInt(out, column.numeric ? kCharsetBinary : kCharsetUtf8mb4, 2);
    putInt(out, column.numeric ? 21 : 1024, 4); // display length
    putInt(out, column.numeric ? kTypeLongLong : kTypeVarString, 1);
    putInt(out, column.numeric ? 0x81 : 0, 2); // NOT_NULL | BINARY for numbers
    putInt(out, 0, 1); // decimals
    putInt(out, 0, 2); // filler
    return out;
}

} // namespace

std::optional<std::uint64_t> readLenenc(std::string_view data, std::size_t &pos)
{
    if (pos >= data.size())
        return std::nullopt;
    const auto first = std::uint8_t(data[pos]);
    const int bytes = first < 0xfb ? 0
            : first == 0xfc        ? 2
            : first == 0xfd        ? 3
            : first == 0xfe        ? 8
                                   : -1;
    if (bytes < 0 || pos + 1 + std::size_t(bytes) > data.size())
        return std::nullopt;
    const std::uint64_t value = bytes == 0 ? first : getInt(data, pos + 1, bytes);
    pos += 1 + std::size_t(bytes);
    return value;
}

std::string encodeGreeting(const Greeting &g)
{
    std::string out;
    out += char(10); // protocol version
    out += g.serverVersion;
    out += '\0';
    putInt(out, g.connectionId, 4);
    out += g.scramble.substr(0, 8);
    out += '\0';
    putInt(out, g.capabilities & 0xffff, 2);
    putInt(out, kCharsetUtf8mb4, 1);
    putInt(out, kStatusAutocommit, 2);
    putInt(out, g.capabilities >> 16, 2);
    putInt(out, g.scramble.size() + 1, 1);
    out += std::string(10, '\0');
    out += g.scramble.substr(8);
    out += '\0';
    out += g.authPlugin;
    out += '\0';
    return out;
}

std::optional<Greeting> decodeGreeting(std::string_view p)
{
    if (p.empty() || p[0] != 10)
        return std::nullopt;
    Greeting g;
    std::size_t pos = 1;
    g.serverVersion = getCString(p, pos);
    if (pos + 4 + 8 + 1 + 2 > p.size())
        return std::nullopt;
    g.connectionId = std::uint32_t(getInt(p, pos, 4));
    g.scramble = std::string(p.substr(pos + 4, 8));
    pos += 13;
    g.capabilities = std::uint32_t(getInt(p, pos, 2));
    pos += 2;
    if (pos + 16 <= p.size()) {
        g.capabilities |= std::uint32_t(getInt(p, pos + 3, 2)) << 16;
        const std::size_t dataLen = std::uint8_t(p[pos + 5]);
        pos += 16;
        const std::size_t rest = std::max<std::size_t>(13, dataLen > 8 ? dataLen - 8 : 0);
        g.scramble += std::string(p.substr(pos, std::min(rest - 1, p.size() - pos)));
        pos = std::min(pos + rest, p.size());
        g.authPlugin = getCString(p, pos);
    }
    return g;
}

std::string encodeHandshakeResponse(const HandshakeResponse &r)
{
    std::string out;
    putInt(out, r.capabilities, 4);
    putInt(out, 16 * 1024 * 1024, 4); // max packet size
    putInt(out, kCharsetUtf8mb4, 1);
    out += std::string(23, '\0');
    out += r.user;
    out += '\0';
    out += '\0'; // empty auth response: no password
    if (r.capabilities & kConnectWithDb) {
        out += r.database;
        out += '\0';
    }
    if (r.capabilities & kPluginAuth) {
        out += r.authPlugin;
        out += '\0';
    }
    return out;
}

std::optional<HandshakeResponse> decodeHandshakeResponse(std::string_view p)
{
    if (p.size() < 32)
        return std::nullopt;
    HandshakeResponse r;
    r.capabilities = std::uint32_t(getInt(p, 0, 4));
    if (!(r.capabilities & kProtocol41))
        return std::nullopt;
    if (p.size() == 32) {
        r.sslRequest = true;
        return r;
    }
    std::size_t pos = 32;
    r.user = getCString(p, pos);
    std::uint64_t authLen = 0;
    if (r.capabilities & kPluginAuthLenencData) {
        const auto len = readLenenc(p, pos);
        if (!len)
            return std::nullopt;
        authLen = *len;
    } else if (r.capabilities & kSecureConnection) {
        authLen = pos < p.size() ? std::uint8_t(p[pos++]) : 0;
    } else {
        getCString(p, pos);
    }
    pos = std::min<std::size_t>(pos + authLen, p.size());
    if (r.capabilities & kConnectWithDb)
        r.database = getCString(p, pos);
    if (r.capabilities & kPluginAuth)
        r.authPlugin = getCString(p, pos);
    return r;
}

std::string okPacket(std::uint8_t header)
{
    std::string out;
    out += char(header);
    putLenenc(out, 0); // affected rows
    putLenenc(out, 0); // last insert id
    putInt(out, kStatusAutocommit, 2);
    putInt(out, 0, 2); // warnings
    return out;
}

std::string eofPacket()
{
    std::string out;
    out += char(0xfe);
    putInt(out, 0, 2); // warnings
    putInt(out, kStatusAutocommit, 2);
    return out;
}

std::string errPacket(std::uint16_t code, std::string_view sqlState, std::string_view message)
{
    std::string out;
    out += char(0xff);
    putInt(out, code, 2);
    out += '#';
    out += sqlState.substr(0, 5);
    out += message;
    return out;
}

std::vector<std::string> encodeResultSet(const ResultSet &rs, bool deprecateEof)
{
    std::vector<std::string> payloads;
    std::string count;
    putLenenc(count, rs.columns.size());
    payloads.push_back(std::move(count));
    for (const auto &column : rs.columns)
        payloads.push_back(columnDefinition(column));
    if (!deprecateEof)
        payloads.push_back(eofPacket());
    for (const auto &row : rs.rows) {
        std::string out;
        for (const auto &value : row) {
            if (value)
                putLenencString(out, *value);
            else
                out += char(0xfb);
        }
        payloads.push_back(std::move(out));
    }
    payloads.push_back(deprecateEof ? okPacket(0xfe) : eofPacket());
    return payloads;
}

std::optional<std::vector<std::optional<std::string>>> decodeResultRow(std::string_view p,
                                                                       std::size_t columns)
{
    std::vector<std::optional<std::string>> row;
    std::size_t pos = 0;
    for (std::size_t i = 0; i < columns; ++i) {
        if (pos < p.size() && std::uint8_t(p[pos]) == 0xfb) {
            row.emplace_back();
            ++pos;
            continue;
        }
        const auto len = readLenenc(p, pos);
        if (!len || pos + *len > p.size())
            return std::nullopt;
        row.emplace_back(std::string(p.substr(pos, *len)));
        pos += *len;
    }
    return row;
}

asio::awaitable<boost::system::result<Packet>> readPacket(beast::tcp_stream &stream,
                                                          std::string &buffer)
{
    auto need = [&](std::size_t n) -> asio::awaitable<boost::system::error_code> {
        while (buffer.size() < n) {
            char chunk[4096];
            auto [ec, got] = co_await stream.async_read_some(asio::buffer(chunk), kTuple);
            if (ec)
                co_return ec;
            buffer.append(chunk, got);
        }
        co_return boost::system::error_code{};
    };
    if (auto ec = co_await need(4))
        co_return ec;
    const std::size_t length = getInt(buffer, 0, 3);
    if (length == 0xffffff)
        co_return boost::system::error_code(asio::error::message_size);
    if (auto ec = co_await need(4 + length))
        co_return ec;
    Packet packet{ std::uint8_t(buffer[3]), buffer.substr(4, length) };
    buffer.erase(0, 4 + length);
    co_return packet;
}

asio::awaitable<boost::system::error_code> writePackets(beast::tcp_stream &stream,
                                                        std::uint8_t firstSeq,
                                                        const std::vector<std::string> &payloads)
{
    std::string out;
    std::uint8_t seq = firstSeq;
    for (const auto &payload : payloads) {
        putInt(out, payload.size(), 3);
        out += char(seq++);
        out += payload;
    }
    auto [ec, written] = co_await asio::async_write(stream, asio::buffer(out), kTuple);
    co_return ec;
}

asio::awaitable<boost::system::error_code> writePacket(beast::tcp_stream &stream, std::uint8_t seq,
                                                       std::string payload)
{
    std::vector<std::string> payloads(1);
    payloads[0] = std::move(payload);
    co_return co_await writePackets(stream, seq, payloads);
}

} // namespace clusterlab::net::mysql
