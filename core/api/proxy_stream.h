#pragma once

#include "api/port_forward.h"
#include "api/proxy.h"
#include "api/routes.h"

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>

namespace clusterlab::api {

/// serveProxy answers a checked pods/proxy or services/proxy request on stream as
/// kube-apiserver does: it connects to the Pod's IP and port (resolve says where that port
/// really listens), sends the request on with its path after ".../proxy" (without the
/// client's credentials and hop-by-hop headers, with X-Forwarded-For), and writes the Pod's
/// answer back. A Pod that cannot be reached gets 503 ServiceUnavailable "error trying to
/// reach service: dial tcp IP:PORT: connect: connection refused". The connection to the Pod
/// is reported to resolve's observer, so the canvas draws it. Thread: the session's strand.
boost::asio::awaitable<void> serveProxy(boost::beast::tcp_stream &stream, const Request &request,
                                        ProxySpec spec, const PortForwardResolver &resolve);

} // namespace clusterlab::api
