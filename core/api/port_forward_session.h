#pragma once

#include "api/port_forward.h"
#include "api/spdy_frames.h"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace clusterlab::api {

/// PortForwardSession is the kubelet's side of the port-forward protocol (portforward.k8s.io)
/// over SPDY/3.1. For each connection kubectl forwards it opens two streams, an error stream
/// and a data stream, with the headers streamtype, port and requestid; once both are open the
/// session connects to the Pod's port and copies bytes both ways until either side ends, then
/// closes both streams (a failure first goes out on the error stream), as the kubelet and
/// containerd do. Pairs left incomplete for 30 s are dropped, as the kubelet drops them.
/// The transport (WebSocket or raw connection) feeds receive() and sends takeOutgoing().
/// Thread: everything on one strand, the executor given.
class PortForwardSession : public std::enable_shared_from_this<PortForwardSession>
{
public:
    PortForwardSession(boost::asio::any_io_executor executor, PortForwardSpec spec,
                       PortForwardResolver resolver);

    /// receive handles bytes from kubectl; false when they break the protocol (end the
    /// connection then: SPDY cannot go on after a bad header block).
    bool receive(std::string_view bytes);
    /// takeOutgoing hands over the bytes queued for kubectl (whole frames, in order).
    std::string takeOutgoing();
    /// outgoingReady is cancelled whenever there is something to send.
    boost::asio::steady_timer &outgoingReady() { return m_outgoingReady; }
    /// close ends every forwarded connection: kubectl went away.
    void close();
    /// sweep drops pairs that stayed incomplete too long; call it every few seconds.
    void sweep();
    /// lastError says why receive() gave up.
    const std::string &lastError() const { return m_error; }

private:
    struct Connection;
    struct Pair
    {
        std::uint32_t errorStream = 0, dataStream = 0;
        int port = 0;
        std::chrono::steady_clock::time_point created;
        bool started = false;
        std::shared_ptr<Connection> connection;
    };

    /// onSynStream accepts (SYN_REPLY) or resets a stream kubectl opens, and starts the
    /// forward once a request has both its streams.
    void onSynStream(const spdy::Frame &frame);
    /// onData queues kubectl's bytes for the Pod (held until the pair is complete).
    void onData(const spdy::Frame &frame);
    /// onReset ends the forward whose stream kubectl reset.
    void onReset(std::uint32_t streamId);
    /// rejection says why kubectl's stream cannot be accepted (the kubelet's words), or "".
    static std::string rejection(const spdy::Headers &headers);
    /// requestIdOf is the requestid header, or for older clients one made of the stream id.
    std::string requestIdOf(const spdy::Frame &frame) const;
    /// start begins forwarding the complete pair.
    void start(const std::string &requestId, Pair &pair);
    // The forwarded connection's coroutines (port_forward_connection.cpp); keep holds the
    // session while they run.
    /// forward asks where the port is served, connects, then copies both ways.
    boost::asio::awaitable<void> forward(std::shared_ptr<PortForwardSession> keep,
                                         std::shared_ptr<Connection> connection);
    /// podToClient sends what the Pod writes to kubectl, on the data stream.
    boost::asio::awaitable<void> podToClient(std::shared_ptr<Connection> connection);
    /// clientToPod writes what kubectl sent to the Pod; after kubectl's FIN the Pod gets
    /// its end of input and a second to answer (containerd's grace).
    boost::asio::awaitable<void> clientToPod(std::shared_ptr<PortForwardSession> keep,
                                             std::shared_ptr<Connection> connection);
    /// finish ends a forwarded connection: the failure (if any) on its error stream, then
    /// FIN on both streams, except on resetStream (a stream kubectl or the session reset).
    void finish(std::shared_ptr<Connection> connection, const std::string &failure,
                std::uint32_t resetStream = 0);
    /// send queues a frame for kubectl (nothing once the session is closed).
    void send(std::string frame);
    /// waitForRoom holds a Pod's reader while too much waits to go to kubectl.
    boost::asio::awaitable<void> waitForRoom(const Connection &connection);

    boost::asio::any_io_executor m_executor;
    PortForwardSpec m_spec;
    PortForwardResolver m_resolver;
    spdy::HeaderCodec m_codec;
    spdy::FrameReader m_reader{ m_codec };
    spdy::FrameWriter m_writer{ m_codec };
    boost::asio::steady_timer m_outgoingReady;
    boost::asio::steady_timer m_room; ///< never expires; cancelled when output drained
    std::string m_outgoing;
    std::map<std::string, Pair> m_pairs; ///< by request id
    std::map<std::uint32_t, std::string> m_streams; ///< stream id -> request id
    std::uint32_t m_lastStream = 0;
    bool m_goneAway = false;
    bool m_closed = false;
    std::string m_error;
};

} // namespace clusterlab::api
