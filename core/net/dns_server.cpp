#include "net/dns_server.h"

#include "io/awaitable.h"
#include "io/io_errors.h"
#include "net/dataplane_util.h"
#include "net/dns_message.h"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <atomic>
#include <chrono>
#include <iostream>
#include <map>
#include <mutex>

namespace clusterlab::net {

namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using udp = net::ip::udp;
using namespace std::chrono_literals;
using namespace net::experimental::awaitable_operators;
constexpr std::uint32_t kTtl = 5;
constexpr std::uint32_t kSrvTtl = 30;
constexpr auto kTcpIdle = 10s;

/// soaFor is the SOA of apex (the domain or a reverse zone) for NXDOMAIN and NODATA answers.
dns::ResourceRecord soaFor(const DnsZone &zone, const std::string &apex)
{
    dns::SoaRecord soa;
    soa.mname = "ns.dns." + zone.domain;
    soa.rname = "hostmaster." + zone.domain;
    soa.serial = 1;
    return { apex, kTtl, soa };
}

bool isType(std::uint16_t type, dns::RecordType wanted)
{
    return type == static_cast<std::uint16_t>(wanted);
}

void addAddressRecords(const DnsZone &zone, const std::string &owner, const std::string &fqdn,
                       std::vector<dns::ResourceRecord> &section)
{
    if (const auto *ips = zone.addresses(fqdn))
        for (const auto &ip : *ips)
            if (auto v4 = dns::parseIPv4(ip))
                section.push_back({ owner, kTtl, dns::ARecord{ *v4 } });
}

/// addAliasAnswers answers for an ExternalName Service as CoreDNS's plugin.A/AAAA/TXT/CNAME
/// do. A CNAME query gets the CNAME alone. For A (and ANY) the chain is chased while it stays
/// in the domain and the A records of its end are added; an in-domain end without them gives
/// NODATA, not a dangling CNAME. AAAA and TXT chase the same way and, as the cluster has no
/// AAAA or TXT records, answer only for a chain leaving the domain. That chain ends in its
/// CNAME: CoreDNS would look the outside name up through its upstream, ClusterLab has none and
/// leaves the rest to the client's resolver. Other types (MX, SRV, PTR...) are NODATA.
void addAliasAnswers(const DnsZone &zone, const std::string &owner, const std::string &fqdn,
                     std::uint16_t type, dns::Response &response)
{
    const auto chain = zone.aliasChain(fqdn);
    if (chain.empty())
        return; // a loop or a chain too long: nothing, like CoreDNS
    if (isType(type, dns::RecordType::CNAME)) {
        response.answers.push_back(
                { owner, kTtl, dns::NameRecord{ dns::RecordType::CNAME, chain.front() } });
        return;
    }
    const bool address = isType(type, dns::RecordType::A) || isType(type, dns::RecordType::ANY);
    if (!address && !isType(type, dns::RecordType::AAAA) && !isType(type, dns::RecordType::TXT))
        return;
    std::vector<dns::ResourceRecord> records;
    std::string from = owner;
    for (const auto &target : chain) {
        records.push_back({ from, kTtl, dns::NameRecord{ dns::RecordType::CNAME, target } });
        from = target;
    }
    if (zone.inDomain(chain.back())) {
        const std::size_t before = records.size();
        if (address)
            addAddressRecords(zone, chain.back(), chain.back(), records);
        if (records.size() == before)
            return;
    }
    for (auto &record : records)
        response.answers.push_back(std::move(record));
}

/// answerReverse answers a name in one of the zone's reverse zones: PTR records for an IP the
/// cluster knows, NODATA for other types, NXDOMAIN for an unknown IP.
void answerReverse(const DnsZone &zone, const std::string &apex, const dns::Question &question,
                   dns::Response &response)
{
    response.authoritative = true;
    const std::string name = dnsLower(question.name);
    if (!zone.exists(name)) {
        response.rcode = dns::Rcode::NXDomain;
        response.authority.push_back(soaFor(zone, apex));
        return;
    }
    if (isType(question.type, dns::RecordType::PTR) || isType(question.type, dns::RecordType::ANY))
        for (const auto &target : zone.pointers(name))
            response.answers.push_back(
                    { question.name, kTtl, dns::NameRecord{ dns::RecordType::PTR, target } });
    if (response.answers.empty())
        response.authority.push_back(soaFor(zone, apex));
}

void addAnswers(const DnsZone &zone, const std::string &owner, const std::string &fqdn,
                std::uint16_t type, dns::Response &response)
{
    const bool any = isType(type, dns::RecordType::ANY);
    if (isType(type, dns::RecordType::A) || any)
        addAddressRecords(zone, owner, fqdn, response.answers);
    if (isType(type, dns::RecordType::SRV) || any)
        if (const auto *targets = zone.services(fqdn))
            for (const auto &t : *targets) {
                const auto share = static_cast<std::uint16_t>(100 / targets->size());
                dns::SrvRecord srv{ 0, share, static_cast<std::uint16_t>(t.port), t.target };
                response.answers.push_back({ owner, kSrvTtl, srv });
                addAddressRecords(zone, t.target, t.target, response.additional);
            }
}

} // namespace

std::vector<std::uint8_t> answerDnsQuery(const DnsZone &zone, std::span<const std::uint8_t> packet,
                                         std::size_t maxSize)
{
    const auto parsed = dns::parseQuery(packet);
    if (parsed.status == dns::ParseStatus::Drop)
        return {};
    dns::Response response;
    response.id = parsed.query.id;
    response.opcode = parsed.query.opcode;
    response.recursionDesired = parsed.query.recursionDesired;
    response.question = parsed.query.question;
    response.edns = parsed.query.edns;
    const std::size_t limit = std::min<std::size_t>(
            maxSize, parsed.query.edns ? parsed.query.ednsUdpSize : std::size_t{ 512 });
    const std::size_t udpLimit = maxSize >= 65535 ? maxSize : limit;
    if (parsed.status != dns::ParseStatus::Ok) {
        response.rcode = parsed.status == dns::ParseStatus::NotImp ? dns::Rcode::NotImp
                                                                   : dns::Rcode::FormErr;
        return dns::encodeResponse(response, udpLimit);
    }
    const auto &question = *parsed.query.question;
    const std::string lowered = dnsLower(question.name);
    const bool inClass = question.klass == dns::kClassIN || question.klass == dns::kClassANY;
    const auto reverseZone = zone.reverseZoneOf(lowered);
    if (inClass && reverseZone) {
        answerReverse(zone, *reverseZone, question, response);
        return dns::encodeResponse(response, udpLimit);
    }
    // Other reverse names are not ours, even when "arpa" happens to be a namespace.
    const bool reverse = lowered == "arpa" || lowered.ends_with(".arpa");
    const auto fqdn = reverse ? std::nullopt : zone.qualify(question.name);
    if (!fqdn || !inClass) {
        response.rcode = dns::Rcode::Refused;
        return dns::encodeResponse(response, udpLimit);
    }
    response.authoritative = true;
    if (!zone.exists(*fqdn)) {
        response.rcode = dns::Rcode::NXDomain;
        response.authority.push_back(soaFor(zone, zone.domain));
        return dns::encodeResponse(response, udpLimit);
    }
    if (zone.cname.contains(*fqdn))
        addAliasAnswers(zone, question.name, *fqdn, question.type, response);
    else
        addAnswers(zone, question.name, *fqdn, question.type, response);
    if (response.answers.empty()) // NODATA, e.g. AAAA for a known name
        response.authority.push_back(soaFor(zone, zone.domain));
    return dns::encodeResponse(response, udpLimit);
}

struct DnsServer::State : std::enable_shared_from_this<DnsServer::State>
{
    State(net::io_context &context, std::string address, int wantedPort)
        : ioc(context),
          strand(net::make_strand(context)),
          ip(std::move(address)),
          port(wantedPort),
          udpSocket(strand),
          acceptor(strand),
          zone(std::make_shared<const DnsZone>())
    {
    }

    net::awaitable<void> serveUdp();
    net::awaitable<void> serveTcp();
    net::awaitable<void> serveTcpClient(tcp::socket socket);

    net::io_context &ioc;
    net::strand<net::io_context::executor_type> strand;
    const std::string ip;
    const int port;
    udp::socket udpSocket; // strand only once started
    tcp::acceptor acceptor; // strand only once started
    std::atomic<std::shared_ptr<const DnsZone>> zone;
    std::atomic<int> boundPort{ 0 };
    std::atomic<bool> stopped{ false };
    mutable std::mutex mutex; // guards notice, clients, nextClient
    std::string notice;
    std::map<std::uint64_t, std::weak_ptr<tcp::socket>> clients;
    std::uint64_t nextClient = 0;
};

net::awaitable<void> DnsServer::State::serveUdp()
{
    std::vector<std::uint8_t> buffer(65535);
    udp::endpoint sender;
    for (;;) {
        auto [ec, n] =
                co_await udpSocket.async_receive_from(net::buffer(buffer), sender, io::kTuple);
        if (ec == net::error::operation_aborted || stopped.load())
            co_return;
        if (ec)
            continue; // e.g. ECONNREFUSED left by an earlier reply; UDP carries on
        const auto reply = answerDnsQuery(*zone.load(), { buffer.data(), n }, 4096);
        if (!reply.empty())
            co_await udpSocket.async_send_to(net::buffer(reply), sender, io::kTuple);
    }
}

net::awaitable<void> DnsServer::State::serveTcp()
{
    for (;;) {
        auto [ec, socket] = co_await acceptor.async_accept(net::make_strand(ioc), io::kTuple);
        if (ec == net::error::operation_aborted || stopped.load())
            co_return;
        if (ec) {
            io::reportFailure(ec, "DNS accept on " + ip);
            net::steady_timer backoff(strand, 100ms);
            co_await backoff.async_wait(io::kTuple);
            continue;
        }
        auto executor = socket.get_executor();
        net::co_spawn(executor, shared_from_this()->serveTcpClient(std::move(socket)),
                      net::detached);
    }
}

net::awaitable<void> DnsServer::State::serveTcpClient(tcp::socket socket)
{
    auto self = shared_from_this();
    auto shared = std::make_shared<tcp::socket>(std::move(socket));
    std::uint64_t id;
    {
        std::lock_guard lock(mutex);
        id = nextClient++;
        clients.emplace(id, shared);
    }
    std::vector<std::uint8_t> message;
    for (int served = 0; served < 1000 && !stopped.load(); ++served) {
        std::uint8_t prefix[2];
        net::steady_timer deadline(shared->get_executor(), kTcpIdle);
        auto got = co_await (net::async_read(*shared, net::buffer(prefix), io::kTuple)
                             || deadline.async_wait(io::kTuple));
        if (got.index() == 1 || std::get<0>(std::get<0>(got)))
            break;
        message.resize(static_cast<std::size_t>(prefix[0] << 8 | prefix[1]));
        deadline.expires_after(kTcpIdle);
        auto body = co_await (net::async_read(*shared, net::buffer(message), io::kTuple)
                              || deadline.async_wait(io::kTuple));
        if (body.index() == 1 || std::get<0>(std::get<0>(body)))
            break;
        auto reply = answerDnsQuery(*zone.load(), message, 65535);
        if (reply.empty())
            break;
        const std::uint8_t length[2] = { static_cast<std::uint8_t>(reply.size() >> 8),
                                         static_cast<std::uint8_t>(reply.size()) };
        const std::array<net::const_buffer, 2> out{ net::buffer(length), net::buffer(reply) };
        auto [writeError, written] = co_await net::async_write(*shared, out, io::kTuple);
        if (writeError)
            break;
    }
    boost::system::error_code ignored;
    shared->close(ignored);
    std::lock_guard lock(mutex);
    clients.erase(id);
}

DnsServer::DnsServer(boost::asio::io_context &ioc, std::string ip, int port)
    : m_state(std::make_shared<State>(ioc, std::move(ip), port))
{
}

DnsServer::~DnsServer()
{
    stop();
}

bool DnsServer::start(std::string &error)
{
    auto &s = *m_state;
    const auto address = dataplane::parseLoopbackAddress(s.ip, error);
    if (!address)
        return false;
    auto udpResult = dataplane::bindWithFallback(s.udpSocket, *address, s.port, udp::v4());
    if (udpResult.port == 0) {
        error = "DNS: " + udpResult.problem;
        return false;
    }
    // TCP must use the port UDP got, so clients find both on one number.
    auto tcpResult = dataplane::bindWithFallback(s.acceptor, *address, udpResult.port, tcp::v4());
    boost::system::error_code ec;
    if (tcpResult.port == udpResult.port)
        s.acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (tcpResult.port != udpResult.port || ec) {
        error = "DNS: "
                + (ec ? "cannot listen on " + s.ip + ": " + dataplane::describe(ec)
                      : tcpResult.problem);
        s.udpSocket.close(ec);
        s.acceptor.close(ec);
        return false;
    }
    {
        std::lock_guard lock(s.mutex);
        s.notice = udpResult.notice.empty() ? std::string() : "DNS: " + udpResult.notice;
    }
    s.boundPort.store(udpResult.port);
    const auto logFailure = [](std::exception_ptr e) {
        if (!e)
            return;
        try {
            std::rethrow_exception(e);
        } catch (const std::exception &ex) {
            std::cerr << "clusterlab net: DNS server stopped: " << ex.what() << '\n';
        }
    };
    net::co_spawn(s.strand, m_state->serveUdp(), logFailure);
    net::co_spawn(s.strand, m_state->serveTcp(), logFailure);
    return true;
}

int DnsServer::boundPort() const
{
    return m_state->boundPort.load();
}

std::string DnsServer::notice() const
{
    std::lock_guard lock(m_state->mutex);
    return m_state->notice;
}

void DnsServer::setZone(std::shared_ptr<const DnsZone> zone)
{
    m_state->zone.store(zone ? std::move(zone) : std::make_shared<const DnsZone>());
}

std::shared_ptr<const DnsZone> DnsServer::zone() const
{
    return m_state->zone.load();
}

std::vector<std::string> DnsServer::resolve(const std::string &name,
                                            const std::string &fromNamespace) const
{
    return m_state->zone.load()->resolve(name, fromNamespace);
}

void DnsServer::stop()
{
    if (m_state->stopped.exchange(true))
        return;
    net::post(m_state->strand, [state = m_state] {
        boost::system::error_code ignored;
        state->udpSocket.close(ignored);
        state->acceptor.close(ignored);
    });
    std::vector<std::shared_ptr<tcp::socket>> open;
    {
        std::lock_guard lock(m_state->mutex);
        for (const auto &[id, weak] : m_state->clients)
            if (auto socket = weak.lock())
                open.push_back(std::move(socket));
    }
    for (auto &socket : open)
        net::post(socket->get_executor(), [socket] {
            boost::system::error_code ignored;
            socket->close(ignored);
        });
}

} // namespace clusterlab::net
