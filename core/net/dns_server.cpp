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

dns::ResourceRecord soaFor(const DnsZone &zone)
{
    dns::SoaRecord soa;
    soa.mname = "ns.dns." + zone.domain;
    soa.rname = "hostmaster." + zone.domain;
    soa.serial = 1;
    return { zone.domain, kTtl, soa };
}

void addAnswers(const DnsZone &zone, const std::string &owner, const std::string &fqdn,
                std::uint16_t type, dns::Response &response)
{
    const bool any = type == static_cast<std::uint16_t>(dns::RecordType::ANY);
    if (type == static_cast<std::uint16_t>(dns::RecordType::A) || any)
        if (const auto *ips = zone.addresses(fqdn))
            for (const auto &ip : *ips)
                if (auto v4 = dns::parseIPv4(ip))
                    response.answers.push_back({ owner, kTtl, dns::ARecord{ *v4 } });
    if (type == static_cast<std::uint16_t>(dns::RecordType::SRV) || any)
        if (const auto *targets = zone.services(fqdn))
            for (const auto &t : *targets) {
                const auto share = static_cast<std::uint16_t>(100 / targets->size());
                dns::SrvRecord srv{ 0, share, static_cast<std::uint16_t>(t.port), t.target };
                response.answers.push_back({ owner, kSrvTtl, srv });
                if (const auto *ips = zone.addresses(t.target))
                    for (const auto &ip : *ips)
                        if (auto v4 = dns::parseIPv4(ip))
                            response.additional.push_back({ t.target, kTtl, dns::ARecord{ *v4 } });
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
    const auto fqdn = zone.qualify(question.name);
    if (!fqdn || (question.klass != dns::kClassIN && question.klass != dns::kClassANY)) {
        response.rcode = dns::Rcode::Refused;
        return dns::encodeResponse(response, udpLimit);
    }
    response.authoritative = true;
    if (!zone.exists(*fqdn)) {
        response.rcode = dns::Rcode::NXDomain;
        response.authority.push_back(soaFor(zone));
        return dns::encodeResponse(response, udpLimit);
    }
    addAnswers(zone, question.name, *fqdn, question.type, response);
    if (response.answers.empty())
        response.authority.push_back(soaFor(zone)); // NODATA, e.g. AAAA for a known name
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
