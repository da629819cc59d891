// libFuzzer target: the DNS server's request handling. The bytes are one query as it
// arrives over UDP (or over TCP without its length prefix); they go to dns::parseQuery
// (core/net/dns_message.h) and through answerDnsQuery (core/net/dns_server.h), the pure
// handler the server runs, which encodes whatever the parse yields. A reply must fit the UDP
// limit, carry the query's id and itself be a response.
#include "net/dns_message.h"
#include "net/dns_server.h"
#include "net/dns_zone.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

namespace {

namespace net = clusterlab::net;

/// zone is a small cluster's DNS: ClusterIP, headless and named-port Services, and a
/// StatefulSet Pod's hostname, as the engine publishes them.
const net::DnsZone &zone()
{
    static const net::DnsZone instance = [] {
        net::DnsZone z;
        z.addService("default", "kubernetes", { "127.96.0.1" }, { { "https", 443, "TCP" } });
        z.addService("kube-system", "kube-dns", { "127.96.0.10" },
                     { { "dns", 53, "UDP" }, { "dns-tcp", 53, "TCP" } });
        z.addService("default", "backend", { "127.96.0.20" }, { { "http", 80, "TCP" } });
        z.addService("default", "redis", { "127.64.1.5", "127.64.2.7" },
                     { { "redis", 6379, "TCP" } }, true);
        z.addPodHostname("default", "redis", "redis-0", "127.64.1.5");
        return z;
    }();
    return instance;
}

void checkReply(std::span<const std::uint8_t> query, const std::vector<std::uint8_t> &reply,
                std::size_t maxSize)
{
    if (reply.empty())
        return;
    if (reply.size() > maxSize || reply.size() < 12 || reply[0] != query[0] || reply[1] != query[1])
        std::abort();
    if (net::dns::parseQuery(reply).status != net::dns::ParseStatus::Drop)
        std::abort(); // QR is set: a server never answers its own answer
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::span<const std::uint8_t> packet(data, size);
    const auto parsed = net::dns::parseQuery(packet);
    if (parsed.status == net::dns::ParseStatus::Ok && !parsed.query.question)
        std::abort();
    checkReply(packet, net::answerDnsQuery(zone(), packet, 4096), 4096);
    checkReply(packet, net::answerDnsQuery(zone(), packet, 65535), 65535);
    return 0;
}
