#include "canvas/lane_item.h"

#include "canvas/canvas_metrics.h"
#include "canvas/canvas_theme.h"

#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace clusterlab::app {

LaneItem::LaneItem(const QString &title, const QString &subtitle, bool alternate)
    : m_title(title), m_subtitle(subtitle), m_alternate(alternate)
{
    setZValue(z::kLane);
    setAcceptedMouseButtons(Qt::NoButton);
}

QRectF LaneItem::boundingRect() const
{
    return m_rect;
}

void LaneItem::setRect(const QRectF &rect)
{
    if (rect == m_rect)
        return;
    prepareGeometryChange();
    m_rect = rect;
}

void LaneItem::setTitle(const QString &title, const QString &subtitle)
{
    if (title == m_title && subtitle == m_subtitle)
        return;
    m_title = title;
    m_subtitle = subtitle;
    update();
}

void LaneItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    static const CanvasFont titleFonts(12.5, true);
    static const CanvasFont subFonts(8.5);
    const CanvasTheme &theme = themeOf(this);
    const QFont &subFont = subFonts.of(theme);
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(m_alternate ? theme.laneAltFill : theme.laneFill);
    painter->drawRoundedRect(m_rect, 14, 14);
    if (option->levelOfDetailFromTransform(painter->worldTransform()) < 0.15)
        return;
    const QRectF header(m_rect.left() + 16, m_rect.top() + 6, m_rect.width() - 32, 24);
    const QFont &titleFont = titleFonts.fitting(theme, m_title, header.width());
    painter->setFont(titleFont);
    painter->setPen(theme.laneText);
    painter->drawText(header, Qt::AlignVCenter | Qt::AlignLeft,
                      elided(m_title, titleFont, header.width()));
    painter->setFont(subFont);
    painter->setPen(theme.subtext);
    painter->drawText(header.translated(0, 18), Qt::AlignVCenter | Qt::AlignLeft,
                      elided(m_subtitle, subFont, header.width()));
}

} // namespace clusterlab::app
