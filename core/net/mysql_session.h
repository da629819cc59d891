#pragma once

#include "net/pod_context.h"

namespace clusterlab::net {

/// serveMySql speaks the MySQL protocol subset on an accepted connection: a protocol-10
/// greeting offering mysql_native_password (any user and password are let in, no TLS),
/// then COM_QUERY (see mysql::answerQuery), COM_INIT_DB, COM_PING and COM_QUIT.
/// The login, each query, COM_INIT_DB and COM_QUIT write general query log lines to output.
/// Ends quietly on eof, reset, close() or 10 idle minutes.
/// Thread: the connection's strand.
asio::awaitable<void> serveMySql(beast::tcp_stream &stream, PodContext &pod,
                                 SessionControl &control, int port, const ContainerOutput &output);

} // namespace clusterlab::net
