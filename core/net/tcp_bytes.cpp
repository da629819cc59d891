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
    kFinWait1 = 4,
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
    // The received count follows sequence numbers, in which the peer's FIN takes one: take it
    // off again. A socket still open whose close completed both ways is in CLOSE (its
    // TIME-WAIT went to a separate socket); a reset one is too, and then counts one short.
    const auto state = info.tcpi_state;
    const bool finReceived = state == kCloseWait || state == kLastAck || state == kClosing
            || state == kTimeWait || state == kClose;
    // Written = payload sent once (retransmissions off) + not sent yet: unlike the acknowledged
    // count it does not depend on how soon the peer's ACK came. Our FIN is in the not-sent
    // part only while something is still queued before it.
    const bool finQueued = state == kFinWait1 || state == kClosing || state == kLastAck;
    TcpBytes bytes{ info.tcpi_bytes_received,
                    info.tcpi_bytes_sent - info.tcpi_bytes_retrans + info.tcpi_notsent_bytes };
    if (finReceived && bytes.received > 0)
        --bytes.received;
    if (finQueued && info.tcpi_notsent_bytes > 0)
        --bytes.written;
    return bytes;
}

} // namespace clusterlab::net
