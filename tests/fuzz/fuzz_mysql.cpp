// libFuzzer target: the MySQL protocol parsers (core/net/mysql_packet.h, mysql_query.h). The
// first byte chooses what the rest is:
//   0  the client's HandshakeResponse41 payload (what mariadb/mysql send after the greeting)
//   1  a command packet's payload: COM_QUERY text or COM_INIT_DB, answered as the server does
//   2  the server's greeting, as the client side (mysql_client.cpp) reads it
//   3  a text resultset row; the second byte is the column count
//   4  a run of length-encoded integers
// A decode either gives a value or nothing; a query gets an answer, never a crash. What
// decodes must encode again and decode to the same thing.
#include "net/mysql_packet.h"
#include "net/mysql_query.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

namespace mysql = clusterlab::net::mysql;

void handshakeResponse(std::string_view payload)
{
    const auto response = mysql::decodeHandshakeResponse(payload);
    if (!response || response->sslRequest)
        return;
    if (response->user.find('\0') != std::string::npos)
        return; // a NUL ends the field on the wire; such a user cannot round-trip
    const auto again = mysql::decodeHandshakeResponse(mysql::encodeHandshakeResponse(*response));
    if (!again || again->user != response->user)
        std::abort();
    if (!response->database.empty())
        (void)mysql::answerInitDb(response->database);
}

void command(std::string_view payload)
{
    if (payload.empty())
        return;
    const mysql::QueryContext context{
        { "mysql-0", "default", "127.64.1.9", "node-1" }, 3306, 7, "root", "127.0.0.1", {}
    };
    const auto argument = payload.substr(1);
    const auto answer = payload[0] == 0x02 ? mysql::answerInitDb(argument)
                                           : mysql::answerQuery(argument, context);
    if (answer.kind == mysql::QueryAnswer::Kind::Rows) {
        for (const auto &row : answer.rows.rows)
            if (row.size() != answer.rows.columns.size())
                std::abort();
        (void)mysql::encodeResultSet(answer.rows, payload[0] & 1);
    }
}

void greeting(std::string_view payload)
{
    if (const auto decoded = mysql::decodeGreeting(payload))
        (void)mysql::encodeGreeting(*decoded);
}

void resultRow(std::string_view payload)
{
    if (payload.empty())
        return;
    const std::size_t columns = std::uint8_t(payload[0]);
    const auto row = mysql::decodeResultRow(payload.substr(1), columns);
    if (row && row->size() != columns)
        std::abort();
}

void lenencs(std::string_view payload)
{
    std::size_t pos = 0;
    while (pos < payload.size()) {
        const std::size_t before = pos;
        if (!mysql::readLenenc(payload, pos))
            break;
        if (pos <= before || pos > payload.size())
            std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const std::string_view payload(reinterpret_cast<const char *>(data) + 1, size - 1);
    switch (data[0] % 5) {
    case 0:
        handshakeResponse(payload);
        break;
    case 1:
        command(payload);
        break;
    case 2:
        greeting(payload);
        break;
    case 3:
        resultRow(payload);
        break;
    default:
        lenencs(payload);
        break;
    }
    return 0;
}
