#include "canvas/traffic_model.h"

#include <algorithm>
#include <cmath>

namespace clusterlab::app {

QPointF TrafficSegment::at(double t) const
{
    const double u = 1 - t;
    return u * u * u * curve[0] + 3 * u * u * t * curve[1] + 3 * u * t * t * curve[2]
            + t * t * t * curve[3];
}

QRectF TrafficSegment::bounds() const
{
    QRectF r(curve[0], curve[3]);
    r = r.normalized();
    for (const QPointF &p : curve)
        r = r.united(QRectF(p, QSizeF(1, 1)));
    return r.adjusted(-16, -16, 16, 16);
}

int TrafficModel::segment(const QString &fromKey, const QString &toKey, const QColor &colour,
                          const Resolver &resolve)
{
    const QString key = fromKey + QLatin1Char('>') + toKey;
    if (auto it = m_index.constFind(key); it != m_index.constEnd()) {
        m_segments[*it].colour = colour;
        return *it;
    }
    const auto curve = resolve(fromKey, toKey);
    if (!curve)
        return -1;
    TrafficSegment segment;
    segment.fromKey = fromKey;
    segment.toKey = toKey;
    segment.curve = *curve;
    segment.colour = colour;
    m_segments.push_back(segment);
    m_index.insert(key, int(m_segments.size() - 1));
    return int(m_segments.size() - 1);
}

void TrafficModel::send(const std::array<int, TrafficPacket::kMaxHops> &hops, bool reply)
{
    TrafficPacket packet;
    packet.reply = reply;
    bool visible = false;
    for (int index : hops)
        if (index >= 0 && packet.count < TrafficPacket::kMaxHops) {
            packet.hops[packet.count++] = index;
            if (!reply)
                ++m_segments[index].hits;
            visible = visible || !m_segments[index].streaming;
        }
    if (!visible)
        return;
    if (int(m_packets.size()) >= kMaxPackets) {
        ++m_dropped;
        return;
    }
    for (int i = 0; i < packet.count; ++i)
        ++m_segments[packet.hops[i]].packets;
    m_packets.push_back(packet);
}

void TrafficModel::flash(const QPointF &at)
{
    if (m_flashes.size() < 64)
        m_flashes.push_back({ at, 0.0 });
}

bool TrafficModel::advance(double seconds)
{
    constexpr double tau = 0.6; // seconds the rate remembers
    const double decay = std::exp(-seconds / tau);
    bool busy = false;
    for (TrafficSegment &s : m_segments) {
        s.rate = s.rate * decay + s.hits * (1 - decay) / std::max(seconds, 1e-3);
        s.hits = 0;
        if (!s.streaming && s.rate > kStreamOn)
            s.streaming = true;
        else if (s.streaming && s.rate < kStreamOff)
            s.streaming = false;
        if (s.streaming) {
            s.phase = std::fmod(
                    s.phase + seconds * kStreamSpeed / (m_slowdown * streamSpacing(s.rate)), 1.0);
            busy = true;
        }
        if (s.rate < 0.01)
            s.rate = 0;
    }
    for (TrafficPacket &p : m_packets)
        p.t += seconds / (hopSeconds() * std::max(p.count, 1) * (p.reply ? 0.8 : 1.0));
    std::erase_if(m_packets, [this](const TrafficPacket &p) {
        if (p.t < 1)
            return false;
        for (int i = 0; i < p.count; ++i)
            --m_segments[p.hops[i]].packets;
        return true;
    });
    for (TrafficFlash &f : m_flashes)
        f.t += seconds / 0.8;
    std::erase_if(m_flashes, [](const TrafficFlash &f) {
        return f.t >= 1;
    });
    return busy || !m_packets.empty() || !m_flashes.empty();
}

std::optional<QPointF> TrafficModel::packetPos(const TrafficPacket &packet) const
{
    if (packet.count == 0)
        return std::nullopt;
    // A reply travels the hops backwards: Pod -> gate -> ... -> client.
    const double along = packet.reply ? 1 - packet.t : packet.t;
    const int hop = std::clamp(int(along * packet.count), 0, packet.count - 1);
    const double t = along * packet.count - hop;
    const TrafficSegment &s = m_segments[packet.hops[hop]];
    if (s.streaming)
        return std::nullopt;
    return s.at(std::clamp(t, 0.0, 1.0));
}

void TrafficModel::relocate(const Resolver &resolve)
{
    std::vector<int> dead;
    for (int i = 0; i < int(m_segments.size()); ++i) {
        if (auto curve = resolve(m_segments[i].fromKey, m_segments[i].toKey))
            m_segments[i].curve = *curve;
        else
            dead.push_back(i);
    }
    if (dead.empty())
        return;
    // Rebuild without the dead segments; packets that used them go too.
    std::vector<int> remap(m_segments.size(), -1);
    std::vector<TrafficSegment> kept;
    m_index.clear();
    for (int i = 0; i < int(m_segments.size()); ++i)
        if (!std::binary_search(dead.begin(), dead.end(), i)) {
            remap[i] = int(kept.size());
            m_index.insert(m_segments[i].fromKey + QLatin1Char('>') + m_segments[i].toKey,
                           int(kept.size()));
            kept.push_back(m_segments[i]);
            kept.back().packets = 0;
        }
    m_segments = std::move(kept);
    std::vector<TrafficPacket> packets;
    for (TrafficPacket p : m_packets) {
        bool alive = true;
        for (int i = 0; i < p.count; ++i)
            alive = alive && (p.hops[i] = remap[p.hops[i]]) >= 0;
        if (!alive)
            continue;
        packets.push_back(p);
        for (int i = 0; i < p.count; ++i)
            ++m_segments[p.hops[i]].packets;
    }
    m_packets = std::move(packets);
}

void TrafficModel::recolour(const std::function<QColor(const TrafficSegment &)> &colourOf)
{
    for (TrafficSegment &s : m_segments)
        s.colour = colourOf(s);
}

QRectF TrafficModel::dirtyRect()
{
    QRectF now;
    for (const TrafficSegment &s : m_segments)
        if (s.streaming || s.packets > 0)
            now = now.united(s.bounds());
    for (const TrafficFlash &f : m_flashes)
        now = now.united(QRectF(f.at, QSizeF()).adjusted(-48, -48, 48, 48));
    const QRectF dirty = now.united(m_lastDrawn);
    m_lastDrawn = now;
    return dirty;
}

void TrafficModel::clear()
{
    m_segments.clear();
    m_index.clear();
    m_packets.clear();
    m_flashes.clear();
}

double TrafficModel::streamWidth(double rate)
{
    return std::clamp(1.5 + 1.6 * std::log2(1 + rate / 10), 2.0, 12.0);
}

double TrafficModel::streamSpacing(double rate)
{
    return std::clamp(kStreamSpeed / std::max(rate, 1.0), 7.0, 70.0);
}

} // namespace clusterlab::app
