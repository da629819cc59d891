#pragma once

#include "net/io_util.h"

#include <boost/system/result.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The MySQL client/server protocol (protocol 10, text protocol): packet framing, the
// handshake and the generic OK/ERR/EOF and resultset packets, for the server and client.
namespace clusterlab::net::mysql {

enum Capability : std::uint32_t {
    kLongPassword = 0x1,
    kFoundRows = 0x2,
    kLongFlag = 0x4,
    kConnectWithDb = 0x8,
    kProtocol41 = 0x200,
    kSsl = 0x800,
    kTransactions = 0x2000,
    kSecureConnection = 0x8000,
    kMultiStatements = 0x10000,
    kMultiResults = 0x20000,
    kPluginAuth = 0x80000,
    kConnectAttrs = 0x100000,
    kPluginAuthLenencData = 0x200000,
    kDeprecateEof = 0x1000000,
};

inline constexpr std::uint16_t kStatusAutocommit = 0x0002;
inline constexpr std::uint8_t kCharsetUtf8mb4 = 45; // utf8mb4_general_ci
inline constexpr std::uint8_t kCharsetBinary = 63;
inline constexpr std::uint8_t kTypeLongLong = 0x08;
inline constexpr std::uint8_t kTypeVarString = 0xfd;
inline constexpr const char *kNativePassword = "mysql_native_password";

/// Packet is one protocol packet: its sequence id and payload.
struct Packet
{
    std::uint8_t seq = 0;
    std::string payload;
};

/// Greeting is the server's first packet (Protocol::HandshakeV10).
struct Greeting
{
    std::string serverVersion;
    std::uint32_t connectionId = 0;
    std::uint32_t capabilities = 0;
    std::string scramble; ///< 20 bytes of auth-plugin-data
    std::string authPlugin;
};

/// HandshakeResponse is the client's answer (Protocol::HandshakeResponse41).
struct HandshakeResponse
{
    std::uint32_t capabilities = 0;
    std::string user;
    std::string database;
    std::string authPlugin;
    bool sslRequest = false; ///< the short packet a client sends before switching to TLS
};

/// Column is one column of a text resultset.
struct Column
{
    std::string name;
    bool numeric = false;
};

/// ResultSet is a text resultset; a row value of nullopt is SQL NULL.
struct ResultSet
{
    std::vector<Column> columns;
    std::vector<std::vector<std::optional<std::string>>> rows;
};

std::string encodeGreeting(const Greeting &greeting);
std::optional<Greeting> decodeGreeting(std::string_view payload);
std::string encodeHandshakeResponse(const HandshakeResponse &response);
std::optional<HandshakeResponse> decodeHandshakeResponse(std::string_view payload);

/// okPacket is an OK packet; header 0xfe makes it the OK that ends a resultset under
/// CLIENT_DEPRECATE_EOF.
std::string okPacket(std::uint8_t header = 0x00);
std::string eofPacket();
std::string errPacket(std::uint16_t code, std::string_view sqlState, std::string_view message);

/// encodeResultSet writes the payloads of a text resultset: column count, column
/// definitions, EOF (unless deprecateEof), rows, and EOF or OK-with-0xfe.
std::vector<std::string> encodeResultSet(const ResultSet &resultSet, bool deprecateEof);

/// decodeResultRow reads one text row of n columns; nullopt when it is malformed.
std::optional<std::vector<std::optional<std::string>>> decodeResultRow(std::string_view payload,
                                                                       std::size_t columns);

/// readLenenc reads a length-encoded integer at pos and advances pos; nullopt on a short
/// buffer.
std::optional<std::uint64_t> readLenenc(std::string_view data, std::size_t &pos);

/// readPacket reads one packet (at most 16 MiB - 1; larger ones are an error).
asio::awaitable<boost::system::result<Packet>> readPacket(beast::tcp_stream &stream,
                                                          std::string &buffer);

/// writePackets frames the payloads with consecutive sequence ids from firstSeq and writes
/// them in one go.
asio::awaitable<boost::system::error_code> writePackets(beast::tcp_stream &stream,
                                                        std::uint8_t firstSeq,
                                                        const std::vector<std::string> &payloads);

/// writePacket writes one packet.
asio::awaitable<boost::system::error_code> writePacket(beast::tcp_stream &stream, std::uint8_t seq,
                                                       std::string payload);

} // namespace clusterlab::net::mysql
