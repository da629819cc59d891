#include "pod_port_forward.h"

#include "dataplane.h"
#include "engine.h"

#include <boost/asio/ip/address_v4.hpp>

#include <atomic>

namespace clusterlab {

namespace {

/// FlowObserver reports one forwarded connection to the data plane's flow sink.
class FlowObserver : public api::ForwardObserver
{
public:
    FlowObserver(net::FlowSink &sink, net::FlowEvent event)
        : m_sink(sink), m_event(std::move(event))
    {
    }

    void opened(const std::string &localAddress, int localPort) override
    {
        static std::atomic<std::uint64_t> nextId{ std::uint64_t(1) << 62 };
        m_event.id = nextId.fetch_add(1, std::memory_order_relaxed);
        m_event.clientIP = localAddress;
        m_event.clientPort = localPort;
        m_event.startedAt = std::chrono::system_clock::now();
        m_event.attempts = 1;
        m_started = std::chrono::steady_clock::now();
        m_sink.onFlowStart(m_event);
    }

    void closed(std::uint64_t toPod, std::uint64_t fromPod) override
    {
        m_event.bytesToEndpoint = toPod;
        m_event.bytesFromEndpoint = fromPod;
        m_event.endedAt = std::chrono::system_clock::now();
        m_event.duration = std::chrono::duration_cast<std::chrono::microseconds>(
                std::chrono::steady_clock::now() - m_started);
        m_sink.onFlowEnd(m_event);
    }

private:
    net::FlowSink &m_sink;
    net::FlowEvent m_event;
    std::chrono::steady_clock::time_point m_started;
};

} // namespace

api::PortForwardResolver portForwardResolver(Engine &engine)
{
    return [&engine](const api::PortForwardSpec &spec, int port) {
        api::ForwardTarget target;
        DataPlane *plane = engine.dataPlane();
        if (!plane) {
            target.failure = "ClusterLab runs no data plane here, so no Pod port can be reached";
            return target;
        }
        target = engine.call([&](cluster::Cluster &c) {
                           api::ForwardTarget found;
                           const auto object = c.store().get("Pod", spec.namespace_, spec.pod);
                           const auto *pod = object ? std::get_if<model::Pod>(&*object) : nullptr;
                           if (!pod || pod->metadata.uid != spec.podUid
                               || !plane->podServing(spec.podUid) || pod->status.podIP.empty()) {
                               found.failure = "the Pod's sandbox is gone (the Pod was deleted "
                                               "or stopped)";
                               return found;
                           }
                           // Only a port the Pod's container listens on, at its loopback
                           // IP: never an address or port of anything else on this computer.
                           found.address = pod->status.podIP;
                           const auto ports = plane->podPorts();
                           const auto ip = ports.find(found.address);
                           const auto bound = ip == ports.end() ? nullptr : &ip->second;
                           if (bound && bound->count(port))
                               found.port = bound->at(port);
                           boost::system::error_code ec;
                           const auto address = boost::asio::ip::make_address_v4(found.address, ec);
                           if (ec || !address.is_loopback() || found.port == 0)
                               found.failure =
                                       "failed to connect to localhost:" + std::to_string(port)
                                       + " inside the Pod's network namespace, IPv4: dial tcp4 "
                                       + found.address + ":" + std::to_string(port)
                                       + ": connect: connection refused";
                           return found;
                       }).get();
        if (!target.failure.empty())
            return target;
        net::FlowEvent event;
        event.protocol = "TCP";
        event.via = "PortForward";
        event.endpointIP = target.address;
        event.endpointPort = port;
        event.endpointPod = spec.pod;
        target.observer = std::make_shared<FlowObserver>(*plane, std::move(event));
        return target;
    };
}

} // namespace clusterlab
