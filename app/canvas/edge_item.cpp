#include "canvas/edge_item.h"

#include "canvas/canvas_theme.h"
#include "canvas/edge_end.h"

#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace clusterlab::app {

EdgeItem::EdgeItem(EdgeEnd *from, EdgeEnd *to, const QColor &colour, bool ready)
    : m_from(from), m_to(to), m_colour(colour), m_ready(ready)
{
    setZValue(z::kEdge);
    setAcceptedMouseButtons(Qt::NoButton);
    m_from->addEdge(this);
    m_to->addEdge(this);
    adjust();
}

EdgeItem::~EdgeItem()
{
    m_from->removeEdge(this);
    m_to->removeEdge(this);
}

void EdgeItem::adjust()
{
    const QPointF a = m_from->edgeAnchor(false);
    const QPointF b = m_to->edgeAnchor(true);
    const qreal bend = std::max(30.0, std::abs(b.x() - a.x()) * 0.5);
    QPainterPath path(a);
    path.cubicTo(a + QPointF(bend, 0), b - QPointF(bend, 0), b);
    prepareGeometryChange();
    m_path = path;
}

QRectF EdgeItem::boundingRect() const
{
    return m_path.boundingRect().adjusted(-4, -14, 60, 14);
}

void EdgeItem::setReady(bool ready)
{
    if (ready == m_ready)
        return;
    m_ready = ready;
    update();
}

void EdgeItem::setColour(const QColor &colour)
{
    if (colour == m_colour)
        return;
    m_colour = colour;
    update();
}

void EdgeItem::setLabel(const QString &label)
{
    if (label == m_label)
        return;
    m_label = label;
    update();
}

void EdgeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    painter->setRenderHint(QPainter::Antialiasing, lod > 0.4);
    const CanvasTheme &theme = themeOf(this);
    QColor colour = m_colour;
    colour.setAlpha(theme.contrast ? 255 : m_ready ? 170 : 140);
    QPen pen(colour, (m_ready ? 1.8 : 1.5) * theme.strokeScale);
    if (!m_ready)
        pen.setDashPattern({ 4, 4 });
    painter->setPen(pen);
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(m_path);
    const QPointF end = m_path.currentPosition();
    painter->setBrush(colour);
    painter->setPen(Qt::NoPen);
    painter->drawEllipse(end, 3 * theme.strokeScale, 3 * theme.strokeScale);
    if (!m_label.isEmpty() && lod > 0.5) {
        static const CanvasFont fonts(8.5, true);
        painter->setFont(fonts.of(theme));
        painter->setPen(m_colour);
        painter->drawText(m_path.pointAtPercent(0.5) + QPointF(6, -4), m_label);
    }
}

} // namespace clusterlab::app
