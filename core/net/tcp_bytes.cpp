#include "net/tcp_bytes.h"

// Linux's own tcp_info (glibc's <netinet/tcp.h> lacks the byte counters); kept to this file so
// it never meets glibc's definition.
#include <linux/tcp.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace clusterlab::net {

namespace {

// The kernel's TCP states (include/net/tcp_states.h), as tcpi_state reports them.
enum : std::uint8_t {
    kFinWait2 = 5,
    kTimeWait = 6,
    kClose = 7,
    kCloseWait = 8,
    kLastAck = 9,
    kClosing = 11,
};

} // namespace

TcpBytes tcpBytesOf(int fd)
{
    tcp_info info{};
    socklen_t length = sizeof info;
    if (::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &length) != 0)
        return {};
    TcpBytes bytes{ info.tcpi_bytes_received, info.tcpi_bytes_acked };
    // Both counters follow sequence numbers, in which a FIN takes one: take it off again. A
    // socket still open whose close completed both ways is in CLOSE (its TIME-WAIT went to a
    // separate socket); a reset one is too, and is then counted one byte short each way.
    const auto state = info.tcpi_state;
    const bool finReceived = state == kCloseWait || state == kLastAck || state == kClosing
            || state == kTimeWait || state == kClose;
    const bool finAcked = state == kFinWait2 || state == kTimeWait || state == kClose;
    if (finReceived && bytes.received > 0)
        --bytes.received;
    if (finAcked && bytes.acked > 0)
        --bytes.acked;
    return bytes;
}

} // namespace clusterlab::net
