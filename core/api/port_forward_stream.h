#pragma once

#include "api/port_forward.h"
#include "api/routes.h"

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>

namespace clusterlab::api {

/// servePortForward answers a checked pods/portforward request on stream: it accepts the
/// upgrade (a WebSocket with the subprotocol SPDY/3.1+portforward.k8s.io, as kubectl 1.31+
/// asks, or 101 Switching Protocols to SPDY/3.1 for older kubectl) and runs the port-forward
/// protocol over it (PortForwardSession) until kubectl goes away. resolve finds where each
/// forwarded port of the Pod is served. Thread: the session's strand.
boost::asio::awaitable<void> servePortForward(boost::beast::tcp_stream &stream,
                                              const Request &request, PortForwardSpec spec,
                                              const PortForwardResolver &resolve);

} // namespace clusterlab::api
