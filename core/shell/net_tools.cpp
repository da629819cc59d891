// The network tools of a container: curl, wget, nc, redis-cli, mysql. Every connection is
// made from the Pod's IP, and names are looked up through the Pod's resolv.conf.

#include "net/io_util.h"
#include "net/mysql_client.h"
#include "net/resp_client.h"
#include "shell/dns_client.h"
#include "shell/http_fetch.h"
#include "shell/tool_registry.h"

#include <boost/asio/this_coro.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/tcp_stream.hpp>

namespace clusterlab::shell::detail {

namespace {

using Args = std::vector<std::string>;
using tcp = asio::ip::tcp;
namespace beast = boost::beast;

std::chrono::milliseconds seconds(const std::string &text, std::chrono::milliseconds fallback)
{
    try {
        const double value = std::stod(text);
        if (value > 0 && value < 1e6)
            return std::chrono::milliseconds(std::int64_t(value * 1000));
    } catch (const std::exception &) {
    }
    return fallback;
}

asio::awaitable<int> curl(Shell &shell, Args args, Streams &io)
{
    const Options o = parseOptions(args, "oHmXdwAe", "svifILkSfL");
    if (!o.error.empty() || o.operands.empty()) {
        io.err(o.error.empty() ? "curl: try 'curl --help' for more information\n"
                               : "curl: " + o.error + "\n");
        co_return 2;
    }
    FetchRequest request;
    request.url = o.operands.front();
    request.verbose = o.has('v');
    request.timeout = seconds(o.value('m'), std::chrono::milliseconds(10000));
    request.method = o.has('I') ? "HEAD" : o.has('d') ? "POST" : "GET";
    request.method = o.value('X', request.method);
    request.body = o.value('d');
    if (o.has('A'))
        request.userAgent = o.value('A');
    for (std::size_t i = 1; i < args.size(); ++i)
        if (args[i] == "-H" && i + 1 < args.size()) {
            const auto colon = args[i + 1].find(':');
            if (colon != std::string::npos) {
                std::string value = args[i + 1].substr(colon + 1);
                value.erase(0, value.find_first_not_of(' '));
                request.headers.emplace_back(args[i + 1].substr(0, colon), value);
            }
        }
    const bool silent = o.has('s') && !o.has('S');
    const FetchResult result = co_await fetch(shell.pod(), request, io.err);
    if (result.curlCode != 0) {
        if (!silent || o.has('S'))
            io.err("curl: (" + std::to_string(result.curlCode) + ") " + result.error + "\n");
        co_return result.curlCode;
    }
    if (o.has('f') && result.status >= 400) {
        if (!silent)
            io.err("curl: (22) The requested URL returned error: " + std::to_string(result.status)
                   + "\n");
        co_return 22;
    }
    std::string text;
    if (o.has('i') || o.has('I')) {
        text += result.statusLine + "\r\n";
        for (const auto &[name, value] : result.headers)
            text += name + ": " + value + "\r\n";
        text += "\r\n";
    }
    if (!o.has('I'))
        text += result.body;
    if (o.has('o'))
        shell.writeFile(o.value('o'), text, false);
    else
        io.out(text);
    if (o.has('w')) {
        std::string format = o.value('w');
        for (std::size_t at; (at = format.find("%{http_code}")) != std::string::npos;)
            format.replace(at, 12, std::to_string(result.status));
        for (std::size_t at; (at = format.find("\\n")) != std::string::npos;)
            format.replace(at, 2, "\n");
        io.out(format);
    }
    if (request.verbose)
        io.err("* Connection #0 to host left intact\n");
    co_return 0;
}

asio::awaitable<int> wget(Shell &shell, Args args, Streams &io)
{
    const Options o = parseOptions(args, "OTU", "qSs");
    if (!o.error.empty() || o.operands.empty()) {
        io.err(o.error.empty() ? "BusyBox wget: missing URL\n" : "wget: " + o.error + "\n");
        co_return 1;
    }
    FetchRequest request;
    request.url = o.operands.front();
    request.userAgent = "Wget";
    request.timeout = seconds(o.value('T'), std::chrono::milliseconds(10000));
    if (!o.has('q'))
        io.err("Connecting to " + request.url + "\n");
    const FetchResult result = co_await fetch(shell.pod(), request, io.err);
    if (result.curlCode == 6) {
        io.err("wget: bad address '" + result.error.substr(result.error.rfind(' ') + 1) + "'\n");
        co_return 1;
    }
    if (result.curlCode != 0) {
        io.err("wget: can't connect to remote host: " + result.error + "\n");
        co_return 1;
    }
    if (result.status >= 400) {
        io.err("wget: server returned error: " + result.statusLine + "\n");
        co_return 1;
    }
    const std::string file = o.value('O', "index.html");
    if (file == "-")
        io.out(result.body);
    else
        shell.writeFile(file, result.body, false);
    if (!o.has('q') && file != "-")
        io.err("saving to '" + file + "'\n'" + file + "' saved\n");
    co_return 0;
}

asio::awaitable<int> nc(Shell &shell, Args args, Streams &io)
{
    const Options o = parseOptions(args, "w", "zvn");
    if (!o.error.empty() || o.operands.size() < 2) {
        io.err(o.error.empty() ? "Usage: nc [-zv] [-w SEC] HOST PORT\n" : "nc: " + o.error + "\n");
        co_return 1;
    }
    const std::string &host = o.operands[0];
    int port = 0;
    try {
        port = std::stoi(o.operands[1]);
    } catch (const std::exception &) {
    }
    if (port < 1 || port > 65535) {
        io.err("nc: bad port '" + o.operands[1] + "'\n");
        co_return 1;
    }
    const auto &pod = shell.pod();
    auto address = co_await resolveAddress(pod, host);
    if (!address) {
        io.err("nc: bad address '" + host + "'\n");
        co_return 1;
    }
    if (*address == "127.0.0.1")
        address = pod.ip;
    const std::string where = host + " (" + *address + ":" + std::to_string(port) + ")";
    const int real = pod.realPort ? pod.realPort(*address, port) : port;
    beast::tcp_stream stream(co_await asio::this_coro::executor);
    const auto wait = seconds(o.value('w'), std::chrono::milliseconds(5000));
    stream.expires_after(wait);
    if (auto ec = co_await net::connectFrom(stream, pod.ip,
                                            tcp::endpoint(asio::ip::make_address_v4(*address),
                                                          static_cast<unsigned short>(real)))) {
        io.err("nc: " + where + ": "
               + (ec == beast::error::timeout ? "Connection timed out" : "Connection refused")
               + "\n");
        co_return 1;
    }
    if (o.has('v'))
        io.err(where + " open\n");
    if (o.has('z'))
        co_return 0;
    std::string input;
    if (io.in)
        input = co_await io.in->readAll();
    stream.expires_after(wait);
    auto [wec, n] = co_await asio::async_write(stream, asio::buffer(input), io::kTuple);
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    std::string buffer(4096, '\0');
    while (!wec) {
        stream.expires_after(wait);
        auto [ec, read] = co_await stream.async_read_some(asio::buffer(buffer), io::kTuple);
        if (read > 0)
            io.out(std::string_view(buffer.data(), read));
        if (ec)
            break;
    }
    co_return 0;
}

/// connectionTarget resolves -h and -p (or the defaults) to where to connect.
asio::awaitable<std::optional<tcp::endpoint>> targetOf(Shell &shell, const std::string &host,
                                                       const std::string &portText, Streams &io,
                                                       const std::string &tool)
{
    const auto &pod = shell.pod();
    auto address = co_await resolveAddress(pod, host);
    int port = 0;
    try {
        port = std::stoi(portText);
    } catch (const std::exception &) {
    }
    if (!address || port < 1 || port > 65535) {
        io.err(tool + ": unknown host or port: " + host + ":" + portText + "\n");
        co_return std::nullopt;
    }
    if (*address == "127.0.0.1")
        address = pod.ip;
    const int real = pod.realPort ? pod.realPort(*address, port) : port;
    co_return tcp::endpoint(asio::ip::make_address_v4(*address), static_cast<unsigned short>(real));
}

asio::awaitable<int> redisCli(Shell &shell, Args args, Streams &io)
{
    const Options o = parseOptions(args, "hpn", "");
    if (!o.error.empty()) {
        io.err("redis-cli: " + o.error + "\n");
        co_return 1;
    }
    const std::string host = o.value('h', "127.0.0.1");
    const std::string port = o.value('p', "6379");
    const auto target = co_await targetOf(shell, host, port, io, "redis-cli");
    if (!target)
        co_return 1;
    std::vector<std::vector<std::string>> commands;
    if (!o.operands.empty())
        commands.push_back(o.operands);
    else if (io.in)
        for (;;) {
            auto text = co_await io.in->readLine();
            if (!text)
                break;
            std::vector<std::string> words;
            std::size_t start = 0;
            while (start < text->size()) {
                const auto end = text->find(' ', start);
                if (end != start)
                    words.push_back(text->substr(start, end - start));
                start = end == std::string::npos ? text->size() : end + 1;
            }
            if (!words.empty())
                commands.push_back(std::move(words));
        }
    if (commands.empty())
        co_return 0;
    net::ClientOptions options;
    options.localIp = shell.pod().ip;
    options.timeout = std::chrono::seconds(5);
    auto replies = co_await net::redisCommands(*target, commands, options);
    if (!replies) {
        io.err("Could not connect to Redis at " + host + ":" + port + ": "
               + net::describeError(replies.error(), options.timeout) + "\n");
        co_return 1;
    }
    for (const auto &reply : *replies)
        line(io.out, net::respText(reply));
    co_return 0;
}

asio::awaitable<int> mysql(Shell &shell, Args args, Streams &io)
{
    const Options o = parseOptions(args, "hPeuUpD", "BNsr");
    if (!o.error.empty() || !o.has('e')) {
        io.err(o.error.empty() ? "mysql: ClusterLab's mysql runs one statement: mysql -h HOST -e "
                                 "'SELECT ...'\n"
                               : "mysql: " + o.error + "\n");
        co_return 1;
    }
    const std::string host = o.value('h', "127.0.0.1");
    const auto target = co_await targetOf(shell, host, o.value('P', "3306"), io, "mysql");
    if (!target)
        co_return 1;
    net::ClientOptions options;
    options.localIp = shell.pod().ip;
    options.timeout = std::chrono::seconds(5);
    auto reply = co_await net::mysqlQuery(*target, o.value('e'), options, o.value('u', "root"));
    if (!reply) {
        io.err("ERROR 2002 (HY000): Can't connect to MySQL server on '" + host + "' ("
               + net::describeError(reply.error(), options.timeout) + ")\n");
        co_return 1;
    }
    if (reply->errorCode != 0) {
        io.err("ERROR " + std::to_string(reply->errorCode) + ": " + reply->errorMessage + "\n");
        co_return 1;
    }
    auto row = [&](const std::vector<std::string> &cells) {
        std::string text;
        for (std::size_t i = 0; i < cells.size(); ++i)
            text += (i ? "\t" : "") + cells[i];
        line(io.out, text);
    };
    if (!reply->columns.empty() && !o.has('N'))
        row(reply->columns);
    for (const auto &cells : reply->rows) {
        std::vector<std::string> texts;
        for (const auto &cell : cells)
            texts.push_back(cell.value_or("NULL"));
        row(texts);
    }
    co_return 0;
}

} // namespace

void addNetTools(Tools &t)
{
    t["curl"] = curl;
    t["wget"] = wget;
    t["nc"] = nc;
    t["redis-cli"] = redisCli;
    t["mysql"] = mysql;
    t["mariadb"] = mysql;
}

} // namespace clusterlab::shell::detail
