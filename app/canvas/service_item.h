#pragma once

#include "canvas/edge_end.h"
#include "canvas/item_types.h"
#include "state/service_display.h"

#include <QColor>
#include <QGraphicsItem>

namespace clusterlab::app {

/// ServiceItem is a Service drawn as the gate in front of the Pods it selects: name, type,
/// ClusterIP:port -> targetPort (and the port really bound), its endpoints and connections.
/// A Service whose selector matches nothing says so. Refused connections flash it red.
class ServiceItem : public QGraphicsItem, public EdgeEnd
{
public:
    ServiceItem(const ServiceDisplay &display, const QColor &colour);

    enum { Type = ServiceItemType };
    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    const ServiceDisplay &display() const { return m_display; }
    void setDisplay(const ServiceDisplay &display);
    QString uid() const { return m_display.uid; }
    QColor colour() const { return m_colour; }
    void setColour(const QColor &colour);
    qreal height() const;
    /// setEndpoints shows how many endpoints are ready and not ready.
    void setEndpoints(int ready, int notReady);
    /// setConnections shows the exact counts: finished connections and refused/reset ones.
    void setConnections(quint64 total, quint64 failed);
    quint64 connections() const { return m_total; }
    /// flash turns the gate red for a moment (a refused or reset connection).
    void flash();
    /// advance fades the flash; returns whether it is still visible.
    bool advance(qreal seconds);
    QPointF edgeAnchor(bool incoming) const override;
    /// entry is where packets enter the gate (left middle), scene coordinates.
    QPointF entry() const { return edgeAnchor(true); }

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;
    void contextMenuEvent(QGraphicsSceneContextMenuEvent *event) override;

private:
    void paintText(QPainter *painter, const QRectF &body);

    ServiceDisplay m_display;
    QColor m_colour;
    int m_ready = 0, m_notReady = 0;
    quint64 m_total = 0, m_failed = 0;
    qreal m_flash = 0;
};

} // namespace clusterlab::app
