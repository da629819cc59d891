#include "canvas/group_item.h"

#include "canvas/canvas_metrics.h"
#include "canvas/canvas_scene.h"
#include "canvas/canvas_theme.h"

#include <QGraphicsSceneMouseEvent>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace clusterlab::app {

using namespace metrics;

GroupItem::GroupItem(const GroupDisplay &display) : m_display(display), m_size(sizeFor(0))
{
    setZValue(z::kGroup);
    setFlags(ItemIsSelectable);
    setCacheMode(DeviceCoordinateCache);
}

QSizeF GroupItem::sizeFor(int slotCount)
{
    const int columns = std::max(1, (slotCount + kRowsPerColumn - 1) / kRowsPerColumn);
    const int rows = std::clamp(slotCount, 1, kRowsPerColumn);
    const qreal width = 2 * kGroupPad + columns * kPodWidth + (columns - 1) * kGap;
    const qreal height = kGroupHeader + kGroupPad + rows * kPodHeight + (rows - 1) * kGap;
    return { std::max(width, kGroupMinWidth), slotCount == 0 ? kGroupHeader + 24 : height };
}

QPointF GroupItem::slotPos(int slot) const
{
    const int column = slot / kRowsPerColumn, row = slot % kRowsPerColumn;
    return pos()
            + QPointF(kGroupPad + column * (kPodWidth + kGap),
                      kGroupHeader + row * (kPodHeight + kGap));
}

QRectF GroupItem::boundingRect() const
{
    return QRectF(QPointF(-2, -2), m_size + QSizeF(4, 4));
}

void GroupItem::setDisplay(const GroupDisplay &display)
{
    if (display == m_display)
        return;
    m_display = display;
    update();
}

void GroupItem::setSize(const QSizeF &size)
{
    if (size == m_size)
        return;
    prepareGeometryChange();
    m_size = size;
}

QRectF GroupItem::plusRect() const
{
    return QRectF(m_size.width() - 34, 20, 24, 24);
}

QRectF GroupItem::countRect() const
{
    return QRectF(m_size.width() - 74, 20, 38, 24);
}

QRectF GroupItem::minusRect() const
{
    return QRectF(m_size.width() - 100, 20, 24, 24);
}

void GroupItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    static const CanvasFont titleFonts(9.5, true);
    static const CanvasFont smallFonts(8.3);
    const CanvasTheme &theme = themeOf(this);
    const QFont &titleFont = titleFonts.of(theme);
    const QFont &smallFont = smallFonts.of(theme);
    const QRectF box(QPointF(0, 0), m_size);
    painter->setRenderHint(QPainter::Antialiasing);
    QPen pen(isSelected() ? theme.selection : theme.tierBorder,
             (isSelected() ? 2.5 : 1.2) * theme.strokeScale);
    pen.setStyle(m_display.scalable ? Qt::SolidLine : Qt::DotLine);
    painter->setPen(pen);
    painter->setBrush(theme.dark ? theme.laneAltFill : theme.laneAltFill.lighter(103));
    painter->drawRoundedRect(box, 9, 9);
    if (option->levelOfDetailFromTransform(painter->worldTransform()) < 0.3)
        return;
    const QString kind = m_display.kind == QLatin1String("Pod") ? QStringLiteral("Pods")
                                                                : m_display.kind.toLower();
    const QString title = m_display.scalable ? kind + QLatin1Char('/') + m_display.name
                                             : QStringLiteral("Pods without a controller");
    const qreal textWidth = m_size.width() - 20;
    painter->setFont(titleFont);
    painter->setPen(theme.text);
    painter->drawText(QRectF(10, 2, textWidth, 18), Qt::AlignVCenter | Qt::AlignLeft,
                      elided(title, titleFont, textWidth));
    painter->setFont(smallFont);
    painter->setPen(theme.subtext);
    QString summary = QStringLiteral("%1/%2 ready")
                              .arg(m_display.ready)
                              .arg(m_display.desired >= 0 ? m_display.desired : m_display.pods);
    if (m_display.desired >= 0 && m_display.pods != m_display.desired)
        summary += QStringLiteral(" · %1 Pods").arg(m_display.pods);
    painter->drawText(QRectF(10, 24, m_size.width() - 120, 16), Qt::AlignVCenter | Qt::AlignLeft,
                      summary);
    if (!m_display.scalable)
        return;
    paintButton(painter, minusRect(), QStringLiteral("−"));
    paintButton(painter, plusRect(), QStringLiteral("+"));
    painter->setFont(titleFont);
    painter->setPen(theme.text);
    painter->setBrush(theme.cardFill);
    painter->drawRoundedRect(countRect(), 4, 4);
    painter->drawText(countRect(), Qt::AlignCenter, QString::number(m_display.desired));
}

void GroupItem::paintButton(QPainter *painter, const QRectF &rect, const QString &text)
{
    static const CanvasFont fonts(12, true);
    const CanvasTheme &theme = themeOf(this);
    painter->setPen(QPen(theme.tierBorder, theme.strokeScale));
    painter->setBrush(theme.buttonFill);
    painter->drawRoundedRect(rect, 5, 5);
    painter->setFont(fonts.of(theme));
    painter->setPen(theme.buttonText);
    painter->drawText(rect, Qt::AlignCenter, text);
}

void GroupItem::mousePressEvent(QGraphicsSceneMouseEvent *event)
{
    auto *canvas = qobject_cast<CanvasScene *>(scene());
    if (!canvas || !m_display.scalable || event->button() != Qt::LeftButton) {
        QGraphicsItem::mousePressEvent(event);
        return;
    }
    const QPointF p = event->pos();
    if (minusRect().contains(p))
        canvas->scaleGroupBy(m_display.key, -1);
    else if (plusRect().contains(p))
        canvas->scaleGroupBy(m_display.key, +1);
    else if (countRect().contains(p))
        emit canvas->editReplicasRequested(m_display.key, mapRectToScene(countRect()));
    else
        QGraphicsItem::mousePressEvent(event);
}

void GroupItem::contextMenuEvent(QGraphicsSceneContextMenuEvent *event)
{
    if (auto *canvas = qobject_cast<CanvasScene *>(scene()))
        canvas->menus().showGroupMenu(m_display.key, event);
}

} // namespace clusterlab::app
