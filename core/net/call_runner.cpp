#include "net/call_runner.h"

#include "net/http_client.h"
#include "net/mysql_client.h"
#include "net/resp_client.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/json/parse.hpp>

namespace clusterlab::net {

namespace json = boost::json;

namespace {

// "key:value" lines of an INFO reply.
std::string infoField(const std::string &info, const std::string &key)
{
    const auto at = info.find(key + ":");
    if (at == std::string::npos)
        return {};
    const auto start = at + key.size() + 1;
    return info.substr(start, info.find_first_of("\r\n", start) - start);
}

json::object httpAnswer(const HttpReply &reply)
{
    if (reply.contentType.find("json") != std::string::npos) {
        boost::system::error_code ec;
        auto parsed = json::parse(reply.body, ec);
        if (!ec && parsed.is_object() && parsed.as_object().contains("pod"))
            return std::move(parsed.as_object());
    }
    json::object answer;
    if (!reply.pod.empty())
        answer["pod"] = reply.pod;
    answer["text"] = reply.body.substr(0, std::min<std::size_t>(reply.body.find('\n'), 200));
    return answer;
}

asio::awaitable<void> callHttp(const Call &call, const tcp::endpoint &ep, const CallContext &ctx,
                               json::object &out)
{
    const ClientOptions options{ ctx.caller.ip, ctx.timeout };
    std::vector<std::pair<std::string, std::string>> headers;
    headers.emplace_back("Accept", "application/json");
    headers.emplace_back(kHopsHeader, std::to_string(ctx.hops + 1));
    std::string host = call.host + ":" + std::to_string(call.port);
    auto reply = co_await httpGet(ep, std::move(host), call.path, std::move(headers), options);
    if (!reply) {
        out["status"] = describeError(reply.error(), ctx.timeout);
        co_return;
    }
    out["status"] = reply->status / 100 == 2
            ? std::string("ok")
            : "HTTP " + std::to_string(reply->status) + " " + reply->reason;
    out["code"] = reply->status;
    out["answer"] = httpAnswer(*reply);
}

asio::awaitable<void> callRedis(const tcp::endpoint &ep, const CallContext &ctx, json::object &out)
{
    const std::string key = "hits:" + ctx.caller.name;
    // Arguments are named before co_await: GCC 12 destroys braced temporaries in a
    // co_await expression twice.
    std::vector<std::vector<std::string>> commands(2);
    commands[0] = { "INCR", key };
    commands[1] = { "INFO", "server" };
    ClientOptions options{ ctx.caller.ip, ctx.timeout };
    auto replies = co_await redisCommands(ep, std::move(commands), std::move(options));
    if (!replies) {
        out["status"] = describeError(replies.error(), ctx.timeout);
        co_return;
    }
    const RespValue &incr = replies->front();
    if (incr.type == '-') {
        out["status"] = incr.text;
        co_return;
    }
    const std::string &info = replies->back().text;
    out["status"] = "ok";
    out["answer"] = json::object{ { "pod", infoField(info, "clusterlab_pod") },
                                  { "ip", infoField(info, "clusterlab_pod_ip") },
                                  { "node", infoField(info, "clusterlab_node") },
                                  { "command", "INCR " + key },
                                  { "reply", respText(incr) } };
}

asio::awaitable<void> callMySql(const tcp::endpoint &ep, const CallContext &ctx, json::object &out)
{
    const std::string query = "SELECT @@hostname";
    ClientOptions options{ ctx.caller.ip, ctx.timeout };
    auto reply = co_await mysqlQuery(ep, query, std::move(options));
    if (!reply) {
        out["status"] = describeError(reply.error(), ctx.timeout);
        co_return;
    }
    if (reply->errorCode) {
        out["status"] = "ERROR " + std::to_string(reply->errorCode) + ": " + reply->errorMessage;
        co_return;
    }
    const std::string host = !reply->rows.empty() && !reply->rows[0].empty() && reply->rows[0][0]
            ? *reply->rows[0][0]
            : std::string();
    out["status"] = "ok";
    out["answer"] = json::object{ { "pod", host }, { "command", query }, { "reply", host } };
}

asio::awaitable<void> callTcp(const tcp::endpoint &ep, const CallContext &ctx, json::object &out)
{
    beast::tcp_stream stream(co_await asio::this_coro::executor);
    stream.expires_after(ctx.timeout);
    if (auto ec = co_await connectFrom(stream, ctx.caller.ip, ep)) {
        out["status"] = describeError(ec, ctx.timeout);
        co_return;
    }
    const std::string hello = "hello from " + ctx.caller.name + "\n";
    std::string back(hello.size(), '\0');
    auto [wec, w] = co_await asio::async_write(stream, asio::buffer(hello), kTuple);
    if (wec) {
        out["status"] = describeError(wec, ctx.timeout);
        co_return;
    }
    auto [rec, r] = co_await asio::async_read(stream, asio::buffer(back), kTuple);
    if (rec) {
        out["status"] = describeError(rec, ctx.timeout);
        co_return;
    }
    json::object answer;
    answer["command"] = "send " + std::to_string(hello.size()) + " bytes";
    answer["reply"] = back == hello ? std::string("echoed") : "answered " + std::to_string(r);
    out["status"] = "ok";
    out["answer"] = std::move(answer);
}

} // namespace

std::chrono::milliseconds callTimeout(int hops)
{
    return std::chrono::milliseconds(std::max(500, 2000 - 250 * hops));
}

asio::awaitable<json::object> performCall(Call call, CallContext ctx)
{
    json::object out;
    out["url"] = callUrl(call);
    const auto endpoint = ctx.resolver ? ctx.resolver(call.host, call.port) : std::nullopt;
    if (!endpoint) {
        out["via"] = "";
        out["status"] = "no Service named " + call.host + " with port " + std::to_string(call.port);
        co_return out;
    }
    out["via"] = endpointText(*endpoint);
    if (call.scheme == "redis")
        co_await callRedis(*endpoint, ctx, out);
    else if (call.scheme == "mysql")
        co_await callMySql(*endpoint, ctx, out);
    else if (call.scheme == "tcp")
        co_await callTcp(*endpoint, ctx, out);
    else
        co_await callHttp(call, *endpoint, ctx, out);
    co_return out;
}

asio::awaitable<json::array> performCalls(std::vector<Call> calls, CallContext ctx)
{
    json::array results(calls.size());
    if (calls.empty())
        co_return results;
    // The calls run side by side on this coroutine's executor (a strand), so the counter
    // and results need no lock; the timer wakes this coroutine when the last one is done.
    const auto executor = co_await asio::this_coro::executor;
    asio::steady_timer allDone(executor, asio::steady_timer::time_point::max());
    std::size_t pending = calls.size();
    for (std::size_t i = 0; i < calls.size(); ++i) {
        asio::co_spawn(executor, performCall(calls[i], ctx),
                       [&, i](std::exception_ptr error, json::object result) {
                           if (error) {
                               result = { { "url", callUrl(calls[i]) },
                                          { "via", "" },
                                          { "status", "internal error" } };
                               reportException(error, "downstream call");
                           }
                           results[i] = std::move(result);
                           if (--pending == 0)
                               allDone.cancel();
                       });
    }
    while (pending > 0)
        co_await allDone.async_wait(kTuple);
    co_return results;
}

} // namespace clusterlab::net
