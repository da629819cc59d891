#pragma once

#include "net/pod_context.h"

#include <string>

namespace clusterlab::net {

/// serveHttp answers HTTP/1.1 requests on an accepted connection with keep-alive: each
/// request (but /hostname and the health paths) makes the Pod's calls now and answers
/// with the Pod's name, IP and node and what the calls returned, as plain text, or JSON
/// for `Accept: application/json`. `initial` holds bytes already read (by the sniffer).
/// Each answered request writes one access-log line to output, in its image's format, with
/// the client address the Pod saw. Ends quietly on eof, reset, close() or 60 idle seconds.
/// Thread: the connection's strand.
asio::awaitable<void> serveHttp(beast::tcp_stream &stream, std::string initial, PodContext &pod,
                                SessionControl &control, const ContainerOutput &output);

} // namespace clusterlab::net
