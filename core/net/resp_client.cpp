#include "net/resp_client.h"

#include <boost/asio/buffer.hpp>
#include <boost/asio/write.hpp>

namespace clusterlab::net {

asio::awaitable<boost::system::result<std::vector<RespValue>>>
redisCommands(tcp::endpoint target, std::vector<std::vector<std::string>> commands,
              ClientOptions options)
{
    beast::tcp_stream stream(co_await asio::this_coro::executor);
    stream.expires_after(options.timeout);
    if (auto ec = co_await connectFrom(stream, options.localIp, target))
        co_return ec;
    std::string out;
    for (const auto &command : commands)
        out += respArray(command);
    if (auto [ec, n] = co_await asio::async_write(stream, asio::buffer(out), kTuple); ec)
        co_return ec;

    std::vector<RespValue> replies;
    std::string buffer;
    char chunk[8192];
    while (replies.size() < commands.size()) {
        RespValue value;
        std::size_t consumed = 0;
        const auto parsed = parseRespValue(buffer, consumed, value);
        if (parsed == RespParse::Invalid)
            co_return boost::system::error_code(asio::error::invalid_argument);
        if (parsed == RespParse::Complete) {
            replies.push_back(std::move(value));
            buffer.erase(0, consumed);
            continue;
        }
        auto [ec, n] = co_await stream.async_read_some(asio::buffer(chunk), kTuple);
        if (ec)
            co_return ec;
        buffer.append(chunk, n);
    }
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    co_return replies;
}

} // namespace clusterlab::net
