#pragma once

#include "canvas/item_types.h"

#include <QColor>
#include <QGraphicsItem>
#include <QPainterPath>

namespace clusterlab::app {

class EdgeEnd;

/// EdgeItem is a selector edge from a Service's gate to one endpoint Pod (or to the grid of
/// a collapsed group): solid for a ready endpoint, dashed for one that is not.
class EdgeItem : public QGraphicsItem
{
public:
    EdgeItem(EdgeEnd *from, EdgeEnd *to, const QColor &colour, bool ready);
    ~EdgeItem() override;

    enum { Type = EdgeItemType };
    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    /// adjust re-routes the edge after an end moved.
    void adjust();
    void setReady(bool ready);
    bool ready() const { return m_ready; }
    void setColour(const QColor &colour);
    /// setLabel shows a short text at the middle (e.g. "2,981 ready" for a collapsed group).
    void setLabel(const QString &label);
    EdgeEnd *from() const { return m_from; }
    EdgeEnd *to() const { return m_to; }

private:
    EdgeEnd *m_from;
    EdgeEnd *m_to;
    QColor m_colour;
    bool m_ready;
    QString m_label;
    QPainterPath m_path;
};

} // namespace clusterlab::app
