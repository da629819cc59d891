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

    void onSynStream(const spdy::Frame &frame);
    void onData(const spdy::Frame &frame);
    void onReset(std::uint32_t streamId);
    /// rejection says why kubectl's stream cannot be accepted (the kubelet's words), or "".
    static std::string rejection(const spdy::Headers &headers);
    std::string requestIdOf(const spdy::Frame &frame) const;
    void start(const std::string &requestId, Pair &pair);
    boost::asio::awaitable<void> forward(std::shared_ptr<Connection> connection);
    boost::asio::awaitable<void> podToClient(std::shared_ptr<Connection> connection);
    boost::asio::awaitable<void> clientToPod(std::shared_ptr<Connection> connection);
    /// finish ends a forwarded connection: the failure (if any) on its error stream, then
    /// FIN on both streams; reset: kubectl reset a stream, so nothing more is sent.
    void finish(std::shared_ptr<Connection> connection, const std::string &failure,
                bool reset = false);
    void send(std::string frame);
    /// waitForRoom holds a Pod's reader while too much waits to go to kubectl.
    boost::asio::awaitable<void> waitForRoom();

    boost::asio::any_io_executor m_executor;
    PortForwardSpec m_spec;
    PortForwardResolver m_resolver;
    spdy::HeaderCodec m_codec;
    spdy::FrameReader m_reader{ m_codec };
    spdy::FrameWriter m_writer{ m_codec };
    boost::asio::steady_timer m_outgoingReady;
    boost::asio::steady_timer m_room;
    std::string m_outgoing;
    std::map<std::string, Pair> m_pairs; ///< by request id
    std::map<std::uint32_t, std::string> m_streams; ///< stream id -> request id
    std::uint32_t m_lastStream = 0;
    bool m_goneAway = false;
    bool m_closed = false;
    std::string m_error;
};

} // namespace clusterlab::api
