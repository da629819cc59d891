#include "canvas/traffic_model.h"

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

void TrafficModel::send(int first, int second, bool reply)
{
    bool visible = false;
    for (int index : { first, second })
        if (index >= 0) {
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
    m_packets.push_back({ first, second, 0.0, reply });
    for (int index : { first, second })
        if (index >= 0)
            ++m_segments[index].packets;
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
    for (TrafficPacket &p : m_packets) {
        const double hops = p.second >= 0 ? 2.0 : 1.0;
        p.t += seconds / (hopSeconds() * hops * (p.reply ? 0.8 : 1.0));
    }
    std::erase_if(m_packets, [this](const TrafficPacket &p) {
        if (p.t < 1)
            return false;
        for (int index : { p.first, p.second })
            if (index >= 0)
                --m_segments[index].packets;
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
    double t = packet.t;
    int index = packet.first;
    int later = packet.second;
    if (packet.reply && later >= 0)
        std::swap(index, later); // a reply travels Pod -> gate -> client
    if (later >= 0) {
        if (t >= 0.5) {
            index = later;
            t = (t - 0.5) * 2;
        } else {
            t *= 2;
        }
    }
    if (index < 0)
        return std::nullopt;
    const TrafficSegment &s = m_segments[index];
    if (s.streaming)
        return std::nullopt;
    return s.at(packet.reply ? 1 - t : t);
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
        const int first = p.first >= 0 ? remap[p.first] : -1;
        const int second = p.second >= 0 ? remap[p.second] : -1;
        if ((p.first >= 0 && first < 0) || (p.second >= 0 && second < 0))
            continue;
        p.first = first;
        p.second = second;
        packets.push_back(p);
        for (int index : { first, second })
            if (index >= 0)
                ++m_segments[index].packets;
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
