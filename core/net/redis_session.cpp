#include "net/redis_session.h"

#include "logs/image_logs.h"
#include "net/resp.h"

#include <boost/asio/buffer.hpp>
#include <boost/asio/write.hpp>

#include <algorithm>
#include <cctype>

namespace clusterlab::net {

namespace {

using namespace std::chrono_literals;

constexpr auto kIdle = 10min;
constexpr std::size_t kMaxPending = 128 * 1024 * 1024;

bool iequals(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::toupper(static_cast<unsigned char>(x))
                       == std::toupper(static_cast<unsigned char>(y));
           });
}

} // namespace

asio::awaitable<void> serveRedis(beast::tcp_stream &stream, std::string buffer, PodContext &pod,
                                 SessionControl &control, int port, const ContainerOutput &output)
{
    boost::system::error_code peerError;
    const auto peer = stream.socket().remote_endpoint(peerError);
    const std::string client = peerError ? std::string("?") : endpointText(peer);
    RedisConnectionState connection;
    connection.port = port;
    connection.id = pod.nextConnectionId++;
    std::vector<std::string> args;
    std::string error;
    char chunk[16 * 1024];
    while (!control.stopping) {
        std::string replies;
        std::size_t used = 0;
        bool invalid = false;
        for (;;) {
            std::size_t consumed = 0;
            const auto parsed =
                    parseRespCommand(std::string_view(buffer).substr(used), consumed, args, error);
            if (parsed == RespParse::Incomplete)
                break;
            if (parsed == RespParse::Invalid) {
                replies += respError("ERR " + error);
                invalid = true;
                break;
            }
            used += consumed;
            if (args.empty())
                continue;
            ++pod.requests;
            if (output.log && !iequals(args.front(), "AUTH"))
                output.write(logs::redisMonitorLine(logs::Clock::now(), 0, client, args));
            replies += pod.redis.execute(args, connection);
            if (connection.quit)
                break;
        }
        buffer.erase(0, used);
        if (!replies.empty()) {
            BusyScope busy(control);
            stream.expires_after(kSessionWriteTimeout);
            auto [ec, n] = co_await asio::async_write(stream, asio::buffer(replies), kTuple);
            if (ec)
                co_return;
        }
        if (invalid || connection.quit || buffer.size() > kMaxPending)
            co_return;
        stream.expires_after(kIdle);
        auto [ec, n] = co_await stream.async_read_some(asio::buffer(chunk), kTuple);
        if (ec)
            co_return;
        buffer.append(chunk, n);
    }
}

} // namespace clusterlab::net
