#pragma once

#include <QColor>
#include <QHash>
#include <QPointF>
#include <QRectF>
#include <QString>

#include <array>
#include <functional>
#include <optional>
#include <vector>

namespace clusterlab::app {

/// TrafficSegment is one hop packets travel: a client to a Service's gate, or a gate to an
/// endpoint Pod. It keeps the rate of flows on it (an exponential moving average) and turns
/// into a stream when that rate is too high to draw packet by packet.
struct TrafficSegment
{
    QString fromKey,
            toKey; ///< "outside", "pod:<uid>", "svc:<uid>", "ent:<id>|<node>", "node:<name>"
    std::array<QPointF, 4> curve; ///< cubic Bezier, scene coordinates
    QColor colour;
    double rate = 0; ///< flows per second
    int hits = 0; ///< flows since the last advance
    bool streaming = false;
    double phase = 0; ///< of the moving dots in a stream, 0..1
    int packets = 0; ///< packets travelling on it now

    QPointF at(double t) const;
    QRectF bounds() const;
};

/// TrafficPacket is one connection travelling its hops: client -> gate -> Pod, or client ->
/// entry (-> node) -> gate -> Pod when it came in from outside; a reply goes back the same way.
struct TrafficPacket
{
    static constexpr int kMaxHops = 4;
    std::array<int, kMaxHops> hops{ -1, -1, -1, -1 }; ///< segment indexes, the used ones first
    int count = 0; ///< hops used
    double t = 0; ///< 0..1 over all hops
    bool reply = false;
};

/// TrafficFlash is a refused or reset connection: a red ring at the gate.
struct TrafficFlash
{
    QPointF at;
    double t = 0;
};

/// TrafficModel moves packets, keeps per-segment rates, switches busy segments to streams
/// (hysteresis), and caps the packets in flight: past kMaxPackets new packets are dropped
/// (animation detail only; counts come from the engine). Thread: GUI thread.
class TrafficModel
{
public:
    static constexpr int kMaxPackets = 700;
    static constexpr double kStreamOn = 14; ///< flows/s on a segment that start a stream
    static constexpr double kStreamOff = 7;
    static constexpr double kHopSeconds = 0.55; ///< per hop, at slowdown 1
    static constexpr double kStreamSpeed = 260; ///< px/s of the dots in a stream

    using Resolver = std::function<std::optional<std::array<QPointF, 4>>(const QString &from,
                                                                         const QString &to)>;

    /// segment finds or makes the segment between two ends; -1 when they cannot be placed.
    int segment(const QString &fromKey, const QString &toKey, const QColor &colour,
                const Resolver &resolve);
    /// send records one flow over its hops (segment indexes; -1 ones are skipped) and
    /// launches a packet unless every hop streams.
    void send(const std::array<int, TrafficPacket::kMaxHops> &hops, bool reply);
    void send(int first, int second, bool reply) { send({ first, second, -1, -1 }, reply); }
    void flash(const QPointF &at);
    /// setSlowdown makes packets and streams travel `factor` times slower (presentation).
    void setSlowdown(double factor) { m_slowdown = factor; }
    double slowdown() const { return m_slowdown; }
    /// hopSeconds is how long a packet takes for one hop now.
    double hopSeconds() const { return kHopSeconds * m_slowdown; }
    /// advance moves time on; returns whether anything still moves.
    bool advance(double seconds);
    /// relocate re-reads the geometry of live segments (after layout or a drag); segments
    /// whose ends are gone are dropped with their packets.
    void relocate(const Resolver &resolve);
    /// recolour gives every segment the colour colourOf returns for it (after a theme change).
    void recolour(const std::function<QColor(const TrafficSegment &)> &colourOf);
    /// dirtyRect covers everything drawn now and in the previous frame.
    QRectF dirtyRect();
    void clear();

    const std::vector<TrafficSegment> &segments() const { return m_segments; }
    const std::vector<TrafficPacket> &packets() const { return m_packets; }
    const std::vector<TrafficFlash> &flashes() const { return m_flashes; }
    quint64 droppedPackets() const { return m_dropped; }
    /// packetPos is where a packet is drawn (nothing while it is inside a stream).
    std::optional<QPointF> packetPos(const TrafficPacket &packet) const;
    static double streamWidth(double rate);
    static double streamSpacing(double rate);

private:
    std::vector<TrafficSegment> m_segments;
    QHash<QString, int> m_index; ///< "from>to" -> segment
    std::vector<TrafficPacket> m_packets;
    std::vector<TrafficFlash> m_flashes;
    QRectF m_lastDrawn;
    quint64 m_dropped = 0;
    double m_slowdown = 1;
};

} // namespace clusterlab::app
