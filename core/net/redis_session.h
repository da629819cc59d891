#pragma once

#include "net/pod_context.h"

#include <string>

namespace clusterlab::net {

/// serveRedis answers RESP2 commands (and inline ones) from the Pod's RedisStore, pipelined
/// commands in order. `initial` holds bytes already read (by the sniffer). Each command but
/// AUTH writes a line to output as `redis-cli MONITOR` prints it.
/// Ends quietly on QUIT, eof, reset, close() or 10 idle minutes.
/// Thread: the connection's strand.
asio::awaitable<void> serveRedis(beast::tcp_stream &stream, std::string initial, PodContext &pod,
                                 SessionControl &control, int port, const ContainerOutput &output);

} // namespace clusterlab::net
