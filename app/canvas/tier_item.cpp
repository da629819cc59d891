#include "canvas/tier_item.h"

#include "canvas/canvas_scene.h"
#include "canvas/canvas_theme.h"

#include <QGraphicsSceneMouseEvent>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace clusterlab::app {

TierItem::TierItem(const QString &name) : m_name(name)
{
    setZValue(z::kTier);
    setFlags(ItemIsMovable | ItemSendsGeometryChanges);
    setCacheMode(DeviceCoordinateCache);
}

QRectF TierItem::boundingRect() const
{
    return QRectF(QPointF(-1, -1), m_size + QSizeF(2, 2));
}

void TierItem::setSize(const QSizeF &size)
{
    if (size == m_size)
        return;
    prepareGeometryChange();
    m_size = size;
}

void TierItem::moveQuietly(const QPointF &pos)
{
    m_quiet = true;
    setPos(pos);
    m_quiet = false;
}

void TierItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    static const CanvasFont fonts(9, true);
    const CanvasTheme &theme = themeOf(this);
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(theme.tierBorder, 1.2 * theme.strokeScale));
    painter->setBrush(theme.tierFill);
    painter->drawRoundedRect(QRectF(QPointF(0, 0), m_size), 12, 12);
    if (option->levelOfDetailFromTransform(painter->worldTransform()) < 0.3)
        return;
    painter->setFont(fonts.of(theme));
    painter->setPen(theme.tierText);
    painter->drawText(QRectF(14, 6, m_size.width() - 28, 18), Qt::AlignVCenter | Qt::AlignLeft,
                      QStringLiteral("tier: ") + m_name);
}

QVariant TierItem::itemChange(GraphicsItemChange change, const QVariant &value)
{
    if (change == ItemPositionChange && !m_quiet) {
        const QPointF delta = value.toPointF() - pos();
        if (auto *canvas = qobject_cast<CanvasScene *>(scene()))
            canvas->layout().moveTierMembers(m_name, delta);
        m_dragged = true;
    }
    return QGraphicsItem::itemChange(change, value);
}

void TierItem::mouseReleaseEvent(QGraphicsSceneMouseEvent *event)
{
    QGraphicsItem::mouseReleaseEvent(event);
    if (m_dragged)
        if (auto *canvas = qobject_cast<CanvasScene *>(scene()))
            canvas->tierDragged(m_name);
    m_dragged = false;
}

} // namespace clusterlab::app
