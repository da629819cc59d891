#pragma once

#include "net/session_tracker.h"
#include "net/workload.h"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace clusterlab::net {

/// classifyFirstBytes says which workload a client speaks from its first bytes: an HTTP
/// request line -> Http; a RESP array or an inline PING -> Redis; anything else -> Echo.
/// nullopt while the bytes are still the start of a method or PING ("GE", "P").
std::optional<Workload> classifyFirstBytes(std::string_view bytes);

/// Sniffed is the workload chosen for a connection and the bytes read to choose it.
struct Sniffed
{
    Workload workload = Workload::Echo;
    std::string bytes;
};

/// sniffWorkload waits up to `wait` for the client's first bytes and classifies them; a
/// client that stays silent (or undecided) that long gets Echo.
/// Thread: the connection's strand.
asio::awaitable<Sniffed> sniffWorkload(tcp::socket &socket, std::chrono::milliseconds wait);

/// serveEcho writes back every byte it reads, starting with `initial`.
/// Ends quietly on eof, reset, close() or 60 idle seconds.
asio::awaitable<void> serveEcho(beast::tcp_stream &stream, std::string initial,
                                SessionControl &control);

} // namespace clusterlab::net
