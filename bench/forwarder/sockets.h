#pragma once

#include <chrono>
#include <string>
#include <sys/types.h>

namespace bench {

/// Endpoint is an IPv4 address on 127.0.0.0/8 and a TCP port.
struct Endpoint
{
    std::string ip;
    int port = 0;
    /// text is "ip:port".
    std::string text() const { return ip + ":" + std::to_string(port); }
};

/// connectTcp connects a blocking TCP socket to `to` within `timeout`, with TCP_NODELAY;
/// returns the fd, or -1.
int connectTcp(const Endpoint &to, std::chrono::milliseconds timeout);

/// canConnect says whether something accepts connections at `to` (the socket is closed).
bool canConnect(const Endpoint &to);

/// waitUntilAccepting retries canConnect every 50 ms until it succeeds or `limit` passes.
bool waitUntilAccepting(const Endpoint &to, std::chrono::milliseconds limit);

/// listenTcp binds a listening socket to `at` (port 0: any free port); returns the fd or -1.
int listenTcp(const Endpoint &at);

/// localPort is the port a socket is bound to; 0 on error.
int localPort(int fd);

/// listensIn says whether process pid holds the listening socket at `at` (from /proc/net/tcp
/// and /proc/PID/fd), so the bench never measures another program bound to the same address.
bool listensIn(pid_t pid, const Endpoint &at);

/// closeWithReset closes a socket with SO_LINGER 0, so neither side keeps it in TIME-WAIT.
void closeWithReset(int fd);

} // namespace bench
