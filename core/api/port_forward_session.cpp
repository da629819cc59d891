#include "api/port_forward_session.h"

#include "api/port_forward_connection.h"
#include "io/awaitable.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include <charconv>

namespace clusterlab::api {

namespace net = boost::asio;

namespace {

/// kStreamCreationTimeout is how long the kubelet waits for both streams of a request.
constexpr std::chrono::seconds kStreamCreationTimeout{ 30 };
/// kMaxToPod bounds what kubectl sent that the Pod has not read yet (SPDY has no flow
/// control here); past it the stream is reset.
constexpr std::size_t kMaxToPod = 16 * 1024 * 1024;
/// kMaxOutgoing bounds what waits to go to a kubectl that does not read (pings, resets):
/// past it the connection ends.
constexpr std::size_t kMaxOutgoing = 32 * 1024 * 1024;

} // namespace

PortForwardSession::PortForwardSession(net::any_io_executor executor, PortForwardSpec spec,
                                       PortForwardResolver resolver)
    : m_executor(std::move(executor)),
      m_spec(std::move(spec)),
      m_resolver(std::move(resolver)),
      m_outgoingReady(m_executor),
      m_room(m_executor, net::steady_timer::time_point::max())
{
}

bool PortForwardSession::receive(std::string_view bytes)
{
    m_reader.feed(bytes);
    for (;;) {
        std::string error;
        auto frame = m_reader.next(error);
        if (!error.empty()) {
            m_error = error;
            send(m_writer.goAway(m_lastStream, 1)); // PROTOCOL_ERROR
            return false;
        }
        if (m_outgoing.size() > kMaxOutgoing) {
            m_error = "kubectl reads nothing of what it is sent";
            return false;
        }
        if (!frame)
            return true;
        if (!frame->control) {
            onData(*frame);
            continue;
        }
        switch (frame->type) {
        case spdy::FrameType::SynStream:
            onSynStream(*frame);
            break;
        case spdy::FrameType::RstStream:
            onReset(frame->streamId);
            break;
        case spdy::FrameType::Ping:
            if (frame->code & 1) // the client's ping: answer it; ours would be even
                send(m_writer.ping(frame->code));
            break;
        case spdy::FrameType::GoAway:
            m_goneAway = true;
            break;
        default: // SETTINGS, WINDOW_UPDATE, HEADERS: spdystream uses none of them
            break;
        }
    }
}

std::string PortForwardSession::rejection(const spdy::Headers &headers)
{
    // pkg/kubelet/cri/streaming/portforward/httpstream.go: httpStreamReceived.
    const auto port = headers.find("port");
    if (port == headers.end() || port->second.empty())
        return "\"port\" header is required";
    unsigned value = 0;
    const auto &text = port->second;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value > 65535)
        return "unable to parse \"" + text + "\" as a port";
    if (value < 1)
        return "port \"" + text + "\" must be > 0";
    const auto type = headers.find("streamtype");
    if (type == headers.end() || type->second.empty())
        return "\"streamType\" header is required";
    if (type->second != "error" && type->second != "data")
        return "invalid stream type \"" + type->second + "\"";
    return {};
}

std::string PortForwardSession::requestIdOf(const spdy::Frame &frame) const
{
    const auto id = frame.headers.find("requestid");
    if (id != frame.headers.end() && !id->second.empty())
        return id->second;
    // Clients older than request ids: the error stream, then the data stream two ids later.
    const bool data = frame.headers.at("streamtype") == "data";
    return std::to_string(frame.streamId - (data ? 2 : 0));
}

void PortForwardSession::onSynStream(const spdy::Frame &frame)
{
    if (m_goneAway || frame.streamId == 0 || frame.streamId % 2 == 0
        || frame.streamId <= m_lastStream) {
        send(m_writer.rstStream(frame.streamId, spdy::ResetStatus::ProtocolError));
        return;
    }
    m_lastStream = frame.streamId;
    if (!rejection(frame.headers).empty()) {
        send(m_writer.rstStream(frame.streamId, spdy::ResetStatus::Cancel));
        return;
    }
    const std::string requestId = requestIdOf(frame);
    auto [it, created] = m_pairs.try_emplace(requestId);
    Pair &pair = it->second;
    if (created)
        pair.created = std::chrono::steady_clock::now();
    const bool data = frame.headers.at("streamtype") == "data";
    std::uint32_t &slot = data ? pair.dataStream : pair.errorStream;
    if (slot != 0) { // "data stream already assigned": the kubelet resets the newcomer
        send(m_writer.rstStream(frame.streamId, spdy::ResetStatus::Cancel));
        return;
    }
    slot = frame.streamId;
    pair.port = std::stoi(frame.headers.at("port"));
    m_streams[frame.streamId] = requestId;
    send(m_writer.synReply(frame.streamId, {}));
    if (pair.errorStream && pair.dataStream && !pair.started)
        start(requestId, pair);
}

void PortForwardSession::start(const std::string &requestId, Pair &pair)
{
    if (!pair.connection) // bytes may have come before both streams did
        pair.connection = std::make_shared<Connection>(m_executor);
    auto connection = pair.connection;
    pair.started = true;
    connection->requestId = requestId;
    connection->errorStream = pair.errorStream;
    connection->dataStream = pair.dataStream;
    connection->port = pair.port;
    net::co_spawn(m_executor, forward(shared_from_this(), connection), net::detached);
}

void PortForwardSession::onData(const spdy::Frame &frame)
{
    const auto stream = m_streams.find(frame.streamId);
    if (stream == m_streams.end())
        return; // a stream already finished: its last bytes have nowhere to go
    auto pair = m_pairs.find(stream->second);
    if (pair == m_pairs.end())
        return;
    if (frame.streamId != pair->second.dataStream)
        return; // the error stream: kubectl only closes it
    auto connection = pair->second.connection;
    if (!connection) { // bytes before the error stream: hold them until both streams exist
        connection = std::make_shared<Connection>(m_executor);
        connection->requestId = stream->second;
        connection->dataStream = frame.streamId;
        pair->second.connection = connection;
    }
    if (connection->done)
        return;
    if (!frame.data.empty()) {
        connection->queued += frame.data.size();
        connection->toPod.push_back(frame.data);
    }
    if (frame.fin())
        connection->clientFin = true;
    connection->wake.cancel();
    if (connection->queued > kMaxToPod) {
        send(m_writer.rstStream(frame.streamId, spdy::ResetStatus::Cancel));
        finish(connection, {}, frame.streamId);
    }
}

void PortForwardSession::onReset(std::uint32_t streamId)
{
    const auto stream = m_streams.find(streamId);
    if (stream == m_streams.end())
        return;
    const auto pair = m_pairs.find(stream->second);
    if (pair != m_pairs.end() && pair->second.connection)
        finish(pair->second.connection, {}, streamId);
    else if (pair != m_pairs.end())
        m_pairs.erase(pair);
    m_streams.erase(streamId);
}

void PortForwardSession::finish(std::shared_ptr<Connection> held, const std::string &failure,
                                std::uint32_t resetStream)
{
    Connection &connection = *held;
    if (connection.done)
        return;
    connection.done = true;
    boost::system::error_code ignored;
    connection.socket.close(ignored);
    connection.wake.cancel();
    m_room.cancel(); // its reader may wait for room
    // As the kubelet's deferred Closes: the failure on the error stream, then FIN on both
    // (kubectl waits for the error stream's end), except on a stream kubectl reset.
    if (!failure.empty() && connection.errorStream && resetStream != connection.errorStream)
        send(m_writer.data(connection.errorStream, failure));
    for (const std::uint32_t id : { connection.errorStream, connection.dataStream })
        if (id && id != resetStream)
            send(m_writer.data(id, {}, true));
    if (connection.observer)
        connection.observer->closed(connection.toPodBytes, connection.fromPodBytes);
    connection.observer.reset();
    m_streams.erase(connection.errorStream);
    m_streams.erase(connection.dataStream);
    m_pairs.erase(connection.requestId);
}

void PortForwardSession::send(std::string frame)
{
    if (m_closed)
        return;
    m_outgoing += frame;
    m_outgoingReady.cancel();
}

std::string PortForwardSession::takeOutgoing()
{
    std::string out;
    out.swap(m_outgoing);
    m_room.cancel();
    return out;
}

void PortForwardSession::sweep()
{
    const auto now = std::chrono::steady_clock::now();
    for (auto it = m_pairs.begin(); it != m_pairs.end();) {
        Pair &pair = it->second;
        const bool complete = pair.errorStream && pair.dataStream;
        if (complete || now - pair.created < kStreamCreationTimeout) {
            ++it;
            continue;
        }
        if (pair.errorStream) {
            send(m_writer.data(pair.errorStream,
                               "(conn=" + m_spec.pod + ", request=" + it->first
                                       + ") timed out waiting for streams"));
            send(m_writer.data(pair.errorStream, {}, true));
        }
        for (const auto id : { pair.errorStream, pair.dataStream })
            if (id)
                m_streams.erase(id);
        if (pair.connection)
            pair.connection->done = true;
        it = m_pairs.erase(it);
    }
}

void PortForwardSession::close()
{
    if (m_closed)
        return;
    m_closed = true; // nothing more is sent: kubectl is gone
    std::vector<std::shared_ptr<Connection>> connections;
    for (auto &[id, pair] : m_pairs)
        if (pair.connection)
            connections.push_back(pair.connection);
    for (auto &connection : connections) // started or not: each ends now
        finish(connection, {});
    m_pairs.clear();
    m_streams.clear();
    m_outgoingReady.cancel();
    m_room.cancel();
}

} // namespace clusterlab::api
