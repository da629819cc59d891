#include "net/tcp_bytes.h"

// Linux's own tcp_info (glibc's <netinet/tcp.h> lacks the byte counters); kept to this file so
// it never meets glibc's definition.
#include <linux/tcp.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace clusterlab::net {

TcpBytes tcpBytesOf(int fd)
{
    tcp_info info{};
    socklen_t length = sizeof info;
    if (::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &length) != 0)
        return {};
    return { info.tcpi_bytes_received, info.tcpi_bytes_acked };
}

} // namespace clusterlab::net
