#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

// RESP2, the Redis serialization protocol: parsing and writing, for the server and client.
namespace clusterlab::net {

/// RespParse says whether a buffer held one whole message.
enum class RespParse { Complete, Incomplete, Invalid };

/// parseRespCommand reads one command from the front of buffer: a RESP array of bulk
/// strings, or an inline line ("PING\r\n", quotes allowed). On Complete, consumed says how
/// many bytes it took (an empty inline line gives no args); on Invalid, error says why in
/// Redis' words.
RespParse parseRespCommand(std::string_view buffer, std::size_t &consumed,
                           std::vector<std::string> &args, std::string &error);

/// RespValue is one reply as a client reads it.
struct RespValue
{
    char type = '+'; ///< '+', '-', ':', '$' or '*'.
    std::string text; ///< simple string, error or bulk string.
    std::int64_t integer = 0;
    bool null = false;
    std::vector<RespValue> elements;
};

/// parseRespValue reads one reply from the front of buffer (nested arrays included).
RespParse parseRespValue(std::string_view buffer, std::size_t &consumed, RespValue &value);

/// respText writes a reply the way redis-cli prints it without a terminal: "PONG", "3",
/// "(nil)", "(error) ERR ...", array elements one per line.
std::string respText(const RespValue &value);

/// joined concatenates (and sidesteps GCC 12's false -Wrestrict on "literal" + string).
std::string joined(std::initializer_list<std::string_view> parts);

/// respSimple, respError, respInteger, respBulk, respNullBulk write one RESP2 reply each.
std::string respSimple(std::string_view text);
std::string respError(std::string_view text);
std::string respInteger(std::int64_t value);
std::string respBulk(std::string_view text);
std::string respNullBulk();
/// respArray writes an array of bulk strings (a command, or a KEYS reply).
std::string respArray(const std::vector<std::string> &elements);

} // namespace clusterlab::net
