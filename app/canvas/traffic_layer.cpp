#include "canvas/traffic_layer.h"

#include "canvas/canvas_theme.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>
#include <QStyleOptionGraphicsItem>

namespace clusterlab::app {

namespace {

QString rateText(double rate)
{
    if (rate >= 1000)
        return QStringLiteral("%1k/s").arg(rate / 1000, 0, 'f', 1);
    return QStringLiteral("%1/s").arg(qRound(rate));
}

} // namespace

TrafficLayer::TrafficLayer(TrafficModel &model) : m_model(model)
{
    setZValue(z::kTraffic);
    setAcceptedMouseButtons(Qt::NoButton);
    setFlag(ItemHasNoContents, false);
}

QRectF TrafficLayer::boundingRect() const
{
    return m_area;
}

void TrafficLayer::setArea(const QRectF &area)
{
    if (area == m_area)
        return;
    prepareGeometryChange();
    m_area = area;
}

void TrafficLayer::refresh()
{
    const QRectF dirty = m_model.dirtyRect();
    if (!dirty.isEmpty())
        update(dirty);
}

void TrafficLayer::paintStream(QPainter *painter, const TrafficSegment &s, qreal lod)
{
    QPolygonF line; // a cubic flattened once: cheaper to stroke than the curve
    for (int i = 0; i <= 16; ++i)
        line << s.at(i / 16.0);
    QColor faint = s.colour;
    faint.setAlpha(55);
    const double width = TrafficModel::streamWidth(s.rate);
    // The faint band is wide and soft already: no antialiasing, the costly part of a stroke.
    painter->setRenderHint(QPainter::Antialiasing, false);
    painter->setPen(QPen(faint, width, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    painter->drawPolyline(line);
    // Dots flow along it, their spacing shrinking as the rate grows: one pixmap blit each, in
    // device pixels, so they stay round and cheap at any zoom.
    const QTransform toDevice = painter->worldTransform();
    const double scale = std::max(0.35, toDevice.m11());
    const int dot = std::max(3, int(std::lround(width * 0.75 * scale)));
    const QPixmap &sprite = dotSprite(s.colour, dot);
    // Denser than a dot every ~9 screen pixels reads as a line, and costs without showing more.
    const double spacing =
            std::max(TrafficModel::streamSpacing(s.rate), std::max(9.0, 1.6 * dot) / scale);
    double length = 0;
    for (int i = 1; i < line.size(); ++i)
        length += QLineF(line[i - 1], line[i]).length();
    const int dots = std::max(1, int(length / spacing));
    painter->save();
    painter->resetTransform();
    for (int i = 0; i < dots; ++i) {
        const QPointF at = toDevice.map(s.at(std::min((i + s.phase) / dots, 1.0)));
        painter->drawPixmap(QPointF(at.x() - dot / 2.0, at.y() - dot / 2.0), sprite);
    }
    painter->restore();
    painter->setRenderHint(QPainter::Antialiasing, lod > 0.35);
    if (lod > 0.45) {
        static const CanvasFont fonts(8.5, true);
        painter->setFont(fonts.of(themeOf(this)));
        const QPointF mid = s.at(0.5) + QPointF(-14, -width - 4);
        painter->setPen(s.colour.darker(themeOf(this).dark ? 60 : 130));
        painter->drawText(mid, rateText(s.rate));
    }
}

void TrafficLayer::paintEntryGlows(QPainter *painter, const QRectF &exposed)
{
    // A node's entry lights up while connections it took in travel (the entry chips light
    // their own pills): which node forwarded is what the node view is there to show.
    for (const TrafficSegment &s : m_model.segments()) {
        if (!(s.packets > 0 || s.streaming) || !exposed.contains(s.curve[3])
            || !s.toKey.startsWith(QLatin1String("node:")))
            continue;
        QColor glow = s.colour;
        glow.setAlpha(90);
        painter->setPen(QPen(s.colour, 2.5));
        painter->setBrush(glow);
        painter->drawEllipse(s.curve[3], 11, 11);
    }
}

const QPixmap &TrafficLayer::packetSprite(const QColor &colour, int size)
{
    // A packet is a dot with a ring in the card colour, so it stands out on any edge.
    const quint64 key = (quint64(colour.rgba()) << 8) | quint64(size & 0xff) | (1ull << 7);
    auto it = m_sprites.find(key);
    if (it == m_sprites.end()) {
        QPixmap pixmap(size + 2, size + 2);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        const CanvasTheme &theme = themeOf(this);
        // On a projector a dark ring keeps the packet apart from the white canvas.
        p.setPen(theme.contrast ? QPen(theme.cardBorder, 1.6) : QPen(theme.cardFill, 1.2));
        p.setBrush(colour);
        p.drawEllipse(QRectF(1, 1, size, size));
        p.end();
        it = m_sprites.insert(key, pixmap);
    }
    return *it;
}

const QPixmap &TrafficLayer::dotSprite(const QColor &colour, int size)
{
    const quint64 key = (quint64(colour.rgba()) << 8) | quint64(size & 0x7f);
    auto it = m_sprites.find(key);
    if (it == m_sprites.end()) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(colour);
        p.drawEllipse(QRectF(0, 0, size, size));
        p.end();
        it = m_sprites.insert(key, pixmap);
    }
    return *it;
}

void TrafficLayer::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const QRectF exposed = option->exposedRect;
    painter->setRenderHint(QPainter::Antialiasing, lod > 0.35);
    for (const TrafficSegment &s : m_model.segments())
        if (s.streaming && exposed.intersects(s.bounds()))
            paintStream(painter, s, lod);
    paintEntryGlows(painter, exposed);
    const auto &segments = m_model.segments();
    const QTransform toDevice = painter->worldTransform();
    const double scale = std::max(0.35, toDevice.m11());
    const double packetScale = themeOf(this).packetScale;
    const int size = std::max(5, int(std::lround(11 * packetScale * scale)));
    const int replySize = std::max(4, int(std::lround(7 * packetScale * scale)));
    painter->save();
    painter->resetTransform(); // packets are sprites blitted in device pixels
    for (const TrafficPacket &p : m_model.packets()) {
        const auto at = m_model.packetPos(p);
        if (!at || !exposed.contains(*at))
            continue;
        const TrafficSegment &s = segments[p.hops[0]];
        const int d = p.reply ? replySize : size;
        const QPixmap &sprite = packetSprite(p.reply ? s.colour.lighter(135) : s.colour, d);
        const QPointF device = toDevice.map(*at);
        painter->drawPixmap(
                QPointF(device.x() - sprite.width() / 2.0, device.y() - sprite.height() / 2.0),
                sprite);
    }
    painter->restore();
    const QColor red = themeOf(this).refused;
    for (const TrafficFlash &f : m_model.flashes()) {
        QColor ring = red;
        ring.setAlphaF(1 - f.t);
        painter->setPen(QPen(ring, 3));
        painter->setBrush(Qt::NoBrush);
        const qreal r = 8 + 34 * f.t;
        painter->drawEllipse(f.at, r, r);
    }
}

} // namespace clusterlab::app
