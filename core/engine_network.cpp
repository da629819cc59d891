// Engine's calls into the network: the data plane's facts, kube-proxy's rules view, the exact
// flow counts, the users' rate and the balance mode, and one HTTP GET from this computer to a
// Service (curl) or to a loopback address and port (httpGet).
#include "engine.h"
#include "engine_impl.h"
#include "net/http_client.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

namespace clusterlab {

std::future<NetworkFacts> Engine::networkFacts()
{
    return call([this](cluster::Cluster &) {
        return m_impl->dataPlane ? m_impl->dataPlane->facts() : NetworkFacts();
    });
}

DataPlane *Engine::dataPlane()
{
    return m_impl->dataPlane.get();
}

std::future<ProxyRulesView> Engine::proxyRules(ProxyMode mode, std::string node)
{
    return call([this, mode, node = std::move(node)](cluster::Cluster &c) {
        auto *plane = m_impl->dataPlane.get();
        return buildProxyRules(c.store(), mode, node,
                               plane ? plane->counters().snapshot()
                                     : std::map<net::ServicePortKey, net::PortCounts>{},
                               plane ? plane->lastFlow() : std::nullopt);
    });
}

std::map<net::ServicePortKey, net::PortCounts> Engine::flowCounts() const
{
    return m_impl->dataPlane ? m_impl->dataPlane->counters().snapshot()
                             : std::map<net::ServicePortKey, net::PortCounts>{};
}

void Engine::setUsersRate(double perSecond)
{
    m_impl->options.usersRate = perSecond;
    if (m_impl->dataPlane)
        m_impl->dataPlane->users().setRate(perSecond);
}

double Engine::usersRate() const
{
    return m_impl->dataPlane ? m_impl->dataPlane->users().rate() : 0.0;
}

void Engine::setBalanceMode(net::BalanceMode mode)
{
    if (m_impl->dataPlane)
        m_impl->dataPlane->forwarder().setMode(mode);
}

std::future<std::string> Engine::curl(const std::string &ns, const std::string &service,
                                      const std::string &path)
{
    auto promise = std::make_shared<std::promise<std::string>>();
    auto future = promise->get_future();
    post([this, ns, service, path, promise](cluster::Cluster &c) {
        const auto svc = c.store().getAs<model::Service>(ns, service);
        if (!svc || svc->spec.ports.empty() || svc->spec.clusterIP.empty()
            || svc->spec.clusterIP == "None" || !m_impl->dataPlane) {
            promise->set_value("curl: (6) Could not resolve host: " + service);
            return;
        }
        const int port = int(svc->spec.ports.front().port);
        const int bound =
                m_impl->dataPlane->forwarder().boundPort(svc->spec.clusterIP, port).value_or(port);
        const auto endpoint = asio::ip::tcp::endpoint(
                asio::ip::make_address_v4(svc->spec.clusterIP), static_cast<unsigned short>(bound));
        asio::co_spawn(
                m_impl->io,
                [endpoint, service, path, promise]() -> asio::awaitable<void> {
                    net::ClientOptions options;
                    options.localIp = "127.0.0.1";
                    options.timeout = std::chrono::seconds(5);
                    auto reply = co_await net::httpGet(endpoint, service, path, {}, options);
                    if (reply)
                        promise->set_value(reply->body);
                    else
                        promise->set_value("curl: (7) Failed to connect to "
                                           + endpoint.address().to_string() + " port "
                                           + std::to_string(endpoint.port()) + ": "
                                           + reply.error().message());
                },
                asio::detached);
    });
    return future;
}

std::future<Engine::HttpAnswer> Engine::httpGet(const std::string &ip, int port,
                                                const std::string &path,
                                                std::chrono::milliseconds timeout)
{
    auto promise = std::make_shared<std::promise<HttpAnswer>>();
    auto future = promise->get_future();
    boost::system::error_code ec;
    const auto address = asio::ip::make_address_v4(ip, ec);
    if (ec || (address.to_uint() >> 24) != 127 || port < 1 || port > 65535) {
        promise->set_value({ 0, {}, "not a loopback address and port: " + ip });
        return future;
    }
    const asio::ip::tcp::endpoint endpoint(address, static_cast<unsigned short>(port));
    asio::co_spawn(
            m_impl->io,
            [endpoint, path, timeout, promise]() -> asio::awaitable<void> {
                net::ClientOptions options;
                options.localIp = "127.0.0.1";
                options.timeout = timeout;
                std::vector<std::pair<std::string, std::string>> headers{ { "Accept",
                                                                            "application/json" } };
                auto reply = co_await net::httpGet(endpoint, endpoint.address().to_string(), path,
                                                   std::move(headers), options);
                if (reply)
                    promise->set_value({ reply->status, std::move(reply->body), {} });
                else
                    promise->set_value({ 0, {}, reply.error().message() });
            },
            asio::detached);
    return future;
}

} // namespace clusterlab
