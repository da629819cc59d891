#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace clusterlab::api {

/// PortForwardSpec is one `pods/portforward` request the API server agreed to serve: the Pod,
/// and how the client upgraded: a WebSocket carrying SPDY/3.1 (kubectl 1.31+, the
/// subprotocol "SPDY/3.1+portforward.k8s.io") or SPDY/3.1 straight on the connection.
struct PortForwardSpec
{
    std::string namespace_;
    std::string pod;
    std::string podUid;
    bool websocket = false;
    std::string protocol; ///< the subprotocol or X-Stream-Protocol-Version answered
};

/// ForwardObserver hears about one forwarded connection once it reached the Pod.
/// Thread: the port-forward session's strand.
class ForwardObserver
{
public:
    virtual ~ForwardObserver() = default;
    /// opened: the connection to the Pod is up, from localAddress:localPort.
    virtual void opened(const std::string &localAddress, int localPort) = 0;
    /// closed: it ended, after bytes to and from the Pod.
    virtual void closed(std::uint64_t toPod, std::uint64_t fromPod) = 0;
};

/// ForwardTarget is where one port of a Pod is served: connect to address:port (the Pod's
/// IP and the port its container really listens on). failure (when not empty) says why the
/// port cannot be reached, in the kubelet's words after "error forwarding port N to pod P,
/// uid U: ". observer (may be null) is told about the connection.
struct ForwardTarget
{
    std::string address;
    int port = 0;
    std::string failure;
    std::shared_ptr<ForwardObserver> observer;
};

/// PortForwardResolver finds where port of the Pod is served now.
/// Thread: the session's strand; may wait for the engine briefly.
using PortForwardResolver = std::function<ForwardTarget(const PortForwardSpec &spec, int port)>;

} // namespace clusterlab::api
