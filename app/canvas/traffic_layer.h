#pragma once

#include "canvas/item_types.h"
#include "canvas/traffic_model.h"

#include <QGraphicsItem>
#include <QHash>
#include <QPixmap>

namespace clusterlab::app {

/// TrafficLayer paints all of the traffic in one item: packets in their Service's colour,
/// streams whose width and dot density follow the rate, and red flashes for refused
/// connections. One item instead of one per packet keeps 10,000 flows/s cheap.
class TrafficLayer : public QGraphicsItem
{
public:
    explicit TrafficLayer(TrafficModel &model);

    enum { Type = TrafficLayerType };
    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    void setArea(const QRectF &area);
    /// refresh repaints what changed since the last frame.
    void refresh();
    /// clearSprites forgets the cached dots (after a theme change).
    void clearSprites() { m_sprites.clear(); }

private:
    void paintEntryGlows(QPainter *painter, const QRectF &exposed);
    void paintStream(QPainter *painter, const TrafficSegment &segment, qreal lod);
    const QPixmap &dotSprite(const QColor &colour, int size);
    const QPixmap &packetSprite(const QColor &colour, int size);

    TrafficModel &m_model;
    QRectF m_area;
    QHash<quint64, QPixmap> m_sprites; ///< round dots by colour and size
};

} // namespace clusterlab::app
