// libFuzzer target: the RESP2 parser (core/net/resp.h) as the Redis workload uses it. The
// first byte sets how many bytes each read delivers (1..256); the rest is what the client
// sent. Commands are parsed the way redis_session.cpp does it, read after read, and run on a
// fresh RedisStore. Splitting must not matter: the commands parsed read by read are those
// parsed from the whole stream at once, and they end the same way. The same bytes also go
// to parseRespValue, the client side's reply parser, and respText.
#include "net/redis_store.h"
#include "net/resp.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace net = clusterlab::net;

/// kMaxCommands bounds the commands run per input (each is cheap, but a store is not free).
constexpr std::size_t kMaxCommands = 64;

/// Parsed is what a session makes of a byte stream: its commands, and whether it ended on a
/// protocol error.
struct Parsed
{
    std::vector<std::vector<std::string>> commands;
    bool invalid = false;
};

/// parseChunked runs redis_session.cpp's loop: append a read, parse whole commands from the
/// front, keep the rest for the next read.
Parsed parseChunked(std::string_view stream, std::size_t chunk)
{
    Parsed out;
    std::string buffer;
    std::vector<std::string> args;
    std::string error;
    for (std::size_t at = 0; at < stream.size() && !out.invalid; at += chunk) {
        buffer.append(stream.substr(at, chunk));
        std::size_t used = 0;
        for (;;) {
            std::size_t consumed = 0;
            const auto parsed = net::parseRespCommand(std::string_view(buffer).substr(used),
                                                      consumed, args, error);
            if (parsed == net::RespParse::Incomplete)
                break;
            if (parsed == net::RespParse::Invalid) {
                out.invalid = true;
                break;
            }
            if (consumed == 0 || used + consumed > buffer.size())
                std::abort(); // a Complete parse must make progress inside the buffer
            used += consumed;
            if (!args.empty())
                out.commands.push_back(args);
        }
        buffer.erase(0, used);
    }
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const std::size_t chunk = std::size_t(data[0]) + 1;
    const std::string_view stream(reinterpret_cast<const char *>(data) + 1, size - 1);

    const Parsed whole = parseChunked(stream, stream.size() + 1);
    const Parsed split = parseChunked(stream, chunk);
    if (whole.commands != split.commands || whole.invalid != split.invalid)
        std::abort();

    net::RedisStore store({ "redis-0", "default", "127.64.1.5", "node-1" });
    net::RedisConnectionState connection;
    for (std::size_t i = 0; i < whole.commands.size() && i < kMaxCommands && !connection.quit; ++i)
        (void)store.execute(whole.commands[i], connection);

    net::RespValue value;
    std::size_t consumed = 0;
    if (net::parseRespValue(stream, consumed, value) == net::RespParse::Complete) {
        if (consumed == 0 || consumed > stream.size())
            std::abort();
        (void)net::respText(value);
    }
    return 0;
}
