#include "canvas/highlight_item.h"

#include "canvas/canvas_theme.h"

#include <QPainter>

#include <cmath>
#include <numbers>

namespace clusterlab::app {

namespace {
constexpr qreal kGap = 7; ///< between the item and the outline
constexpr qreal kRing = 5; ///< the outline's width, always drawn
constexpr qreal kHalo = 16; ///< the pulsing halo's width
constexpr double kPeriod = 1.4; ///< seconds per pulse
} // namespace

HighlightItem::HighlightItem()
{
    setZValue(z::kHighlight);
    setAcceptedMouseButtons(Qt::NoButton);
    setAcceptHoverEvents(false);
}

QRectF HighlightItem::boundingRect() const
{
    const qreal pad = kGap + kHalo / 2 + 1;
    return m_target.adjusted(-pad, -pad, pad, pad);
}

void HighlightItem::follow(const QRectF &sceneRect)
{
    if (sceneRect == m_target)
        return;
    prepareGeometryChange();
    m_target = sceneRect;
}

bool HighlightItem::advance(double seconds)
{
    m_phase = std::fmod(m_phase + seconds / kPeriod, 1.0);
    update();
    return true;
}

void HighlightItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const CanvasTheme &theme = themeOf(this);
    const QRectF ring = m_target.adjusted(-kGap, -kGap, kGap, kGap);
    const double pulse = 0.5 + 0.5 * std::sin(2 * std::numbers::pi * m_phase);
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setBrush(Qt::NoBrush);
    QColor halo = theme.highlight;
    halo.setAlphaF(0.18 + 0.3 * pulse);
    painter->setPen(QPen(halo, kHalo));
    painter->drawRoundedRect(ring, 14, 14);
    painter->setPen(QPen(theme.highlight, kRing));
    painter->drawRoundedRect(ring, 14, 14);
}

} // namespace clusterlab::app
