#include "shell/dns_client.h"

#include "io/awaitable.h"

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>

#include <random>

namespace clusterlab::shell {

using namespace boost::asio::experimental::awaitable_operators;
using udp = asio::ip::udp;

namespace {

void putName(std::vector<std::uint8_t> &out, const std::string &name)
{
    std::size_t start = 0;
    while (start < name.size()) {
        auto dot = name.find('.', start);
        if (dot == std::string::npos)
            dot = name.size();
        const std::size_t length = std::min<std::size_t>(dot - start, 63);
        out.push_back(std::uint8_t(length));
        out.insert(out.end(), name.begin() + long(start), name.begin() + long(start + length));
        start = dot + 1;
    }
    out.push_back(0);
}

/// Reader walks a DNS message without reading past its end.
struct Reader
{
    const std::vector<std::uint8_t> &bytes;
    std::size_t pos = 0;
    bool ok = true;

    std::uint16_t u16()
    {
        if (pos + 2 > bytes.size()) {
            ok = false;
            return 0;
        }
        pos += 2;
        return std::uint16_t(bytes[pos - 2] << 8 | bytes[pos - 1]);
    }
    std::uint32_t u32() { return std::uint32_t(u16()) << 16 | u16(); }

    std::string name()
    {
        std::string out;
        std::size_t at = pos;
        bool jumped = false;
        for (int hops = 0; hops < 64 && at < bytes.size(); ++hops) {
            const std::uint8_t length = bytes[at];
            if (length == 0) {
                if (!jumped)
                    pos = at + 1;
                return out;
            }
            if ((length & 0xc0) == 0xc0) {
                if (at + 1 >= bytes.size())
                    break;
                if (!jumped)
                    pos = at + 2;
                jumped = true;
                at = std::size_t((length & 0x3f) << 8 | bytes[at + 1]);
                continue;
            }
            if (at + 1 + length > bytes.size())
                break;
            out += (out.empty() ? "" : ".")
                    + std::string(bytes.begin() + long(at) + 1,
                                  bytes.begin() + long(at) + 1 + length);
            at += 1 + length;
        }
        ok = false;
        return out;
    }
};

DnsReply parseReply(const std::vector<std::uint8_t> &bytes, std::uint16_t id)
{
    DnsReply reply;
    Reader r{ bytes };
    if (r.u16() != id || !r.ok) {
        reply.error = "reply does not match the query";
        return reply;
    }
    const std::uint16_t flags = r.u16();
    reply.rcode = flags & 0xf;
    const std::uint16_t questions = r.u16();
    const std::uint16_t answers = r.u16();
    r.u16();
    r.u16();
    for (int i = 0; i < questions && r.ok; ++i) {
        r.name();
        r.u32();
    }
    for (int i = 0; i < answers && r.ok; ++i) {
        DnsRecord record;
        record.name = r.name();
        record.type = r.u16();
        r.u16();
        record.ttl = r.u32();
        const std::uint16_t length = r.u16();
        if (!r.ok || r.pos + length > bytes.size())
            break;
        const std::size_t end = r.pos + length;
        if (record.type == 1 && length == 4) {
            record.data = std::to_string(bytes[r.pos]) + "." + std::to_string(bytes[r.pos + 1])
                    + "." + std::to_string(bytes[r.pos + 2]) + "."
                    + std::to_string(bytes[r.pos + 3]);
        } else if (record.type == 5 || record.type == 12) {
            record.data = r.name() + ".";
        } else if (record.type == 33) {
            const auto priority = r.u16();
            const auto weight = r.u16();
            const auto port = r.u16();
            record.data = std::to_string(priority) + " " + std::to_string(weight) + " "
                    + std::to_string(port) + " " + r.name() + ".";
        }
        r.pos = end;
        reply.answers.push_back(std::move(record));
    }
    return reply;
}

} // namespace

std::string rcodeName(int rcode)
{
    static const char *names[] = {
        "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED"
    };
    return rcode >= 0 && rcode < 6 ? names[rcode] : "RCODE" + std::to_string(rcode);
}

asio::awaitable<DnsReply> queryDns(const PodInfo &pod, std::string name, std::uint16_t type,
                                   std::chrono::milliseconds timeout)
{
    DnsReply reply;
    if (!name.empty() && name.back() == '.')
        name.pop_back();
    static thread_local std::mt19937 random{ std::random_device{}() };
    const auto id = std::uint16_t(random());
    std::vector<std::uint8_t> query{
        std::uint8_t(id >> 8), std::uint8_t(id & 0xff), 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0
    };
    putName(query, name);
    query.insert(query.end(), { std::uint8_t(type >> 8), std::uint8_t(type & 0xff), 0, 1 });

    const auto executor = co_await asio::this_coro::executor;
    udp::socket socket(executor);
    boost::system::error_code ec;
    const auto server = asio::ip::make_address_v4(pod.dnsServer, ec);
    const auto local = asio::ip::make_address_v4(pod.ip, ec);
    if (ec) {
        reply.error = "bad address";
        co_return reply;
    }
    socket.open(udp::v4(), ec);
    if (!ec)
        socket.bind(udp::endpoint(local, 0), ec);
    const int port = pod.realPort ? pod.realPort(pod.dnsServer, 53) : 53;
    const udp::endpoint target(server, static_cast<unsigned short>(port));
    if (!ec)
        socket.send_to(asio::buffer(query), target, 0, ec);
    if (ec) {
        reply.error = "connection refused";
        co_return reply;
    }
    std::vector<std::uint8_t> answer(65535);
    asio::steady_timer timer(executor);
    timer.expires_after(timeout);
    auto result = co_await (socket.async_receive(asio::buffer(answer), io::kTuple)
                            || timer.async_wait(io::kTuple));
    if (result.index() == 1) {
        reply.error = "connection timed out; no servers could be reached";
        co_return reply;
    }
    auto [rec, n] = std::get<0>(result);
    if (rec) {
        reply.error = rec == asio::error::connection_refused ? "connection refused" : rec.message();
        co_return reply;
    }
    answer.resize(n);
    co_return parseReply(answer, id);
}

asio::awaitable<ResolvedName> resolve(const PodInfo &pod, const std::string &name,
                                      std::uint16_t type)
{
    std::vector<std::string> candidates;
    if (!name.empty() && name.back() == '.') {
        candidates.push_back(name.substr(0, name.size() - 1));
    } else {
        const std::vector<std::string> search{ pod.namespace_ + ".svc.cluster.local",
                                               "svc.cluster.local", "cluster.local" };
        const bool absoluteFirst = std::count(name.begin(), name.end(), '.') >= 5;
        if (absoluteFirst)
            candidates.push_back(name);
        for (const auto &domain : search)
            candidates.push_back(name + "." + domain);
        if (!absoluteFirst)
            candidates.push_back(name);
    }
    ResolvedName last;
    for (const auto &candidate : candidates) {
        ResolvedName attempt;
        attempt.fqdn = candidate;
        attempt.reply = co_await queryDns(pod, candidate, type);
        if (!attempt.reply.error.empty())
            co_return attempt;
        if (attempt.reply.rcode == 0 && !attempt.reply.answers.empty())
            co_return attempt;
        if (last.fqdn.empty() || attempt.reply.rcode == 3 || last.reply.rcode != 3)
            last = std::move(attempt);
    }
    last.fqdn = name;
    co_return last;
}

asio::awaitable<std::optional<std::string>> resolveAddress(const PodInfo &pod,
                                                           const std::string &host)
{
    boost::system::error_code ec;
    asio::ip::make_address_v4(host, ec);
    if (!ec)
        co_return host;
    if (host == "localhost")
        co_return pod.ip;
    const auto resolved = co_await resolve(pod, host);
    for (const auto &record : resolved.reply.answers)
        if (record.type == 1)
            co_return record.data;
    co_return std::nullopt;
}

} // namespace clusterlab::shell
