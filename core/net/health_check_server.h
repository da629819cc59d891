#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <atomic>
#include <memory>
#include <string>

namespace clusterlab::net {

/// HealthCheckServer is kube-proxy's health check for one LoadBalancer Service with
/// externalTrafficPolicy Local on one node: HTTP on nodeIP:healthCheckNodePort answering 200
/// while the node has a ready endpoint of the Service and 503 otherwise, with kube-proxy's
/// JSON body ({"service":{"namespace":…,"name":…},"localEndpoints":N,
/// "serviceProxyHealthy":true}). A cloud load balancer probes it to send traffic only to
/// nodes with local endpoints. Thread: open/setLocalEndpoints/close from the control path;
/// connections on the io_context's threads.
class HealthCheckServer
{
public:
    HealthCheckServer(boost::asio::io_context &ioc, std::string ns, std::string name);
    ~HealthCheckServer();
    HealthCheckServer(const HealthCheckServer &) = delete;
    HealthCheckServer &operator=(const HealthCheckServer &) = delete;

    /// open listens on address:port; returns a problem ("cannot listen on …") or empty.
    std::string open(const std::string &address, int port);
    void setLocalEndpoints(int count);
    void close();

    /// body is what GET answers now; healthy says whether it answers 200.
    std::string body() const;
    bool healthy() const { return m_local.load() > 0; }

private:
    struct Shared;
    std::shared_ptr<Shared> m_shared;
    std::atomic<int> &m_local;
};

} // namespace clusterlab::net
