#include "canvas/outside_item.h"

#include "canvas/canvas_metrics.h"
#include "canvas/canvas_theme.h"

#include <QPainter>
#include <QPainterPath>

namespace clusterlab::app {

using namespace metrics;

namespace {
constexpr qreal kWidth = kOutsideWidth - 36;
constexpr qreal kHeight = 150;
constexpr qreal kTallest = 176; ///< with presentation text: one line more
} // namespace

OutsideItem::OutsideItem()
{
    setZValue(z::kService);
    setCacheMode(DeviceCoordinateCache);
    setAcceptedMouseButtons(Qt::NoButton);
}

QRectF OutsideItem::boundingRect() const
{
    return QRectF(-1, -1, kWidth + 2, kTallest + 2);
}

void OutsideItem::setUsersRate(double perSecond)
{
    if (perSecond == m_rate)
        return;
    m_rate = perSecond;
    update();
}

void OutsideItem::setPortForwards(const QStringList &pods)
{
    if (pods == m_forwards)
        return;
    m_forwards = pods;
    update();
}

QPointF OutsideItem::usersAnchor() const
{
    return mapToScene(QPointF(kWidth, 62));
}

QPointF OutsideItem::entriesAnchor() const
{
    // Beside the users, in the lane's margin: packets go down it and turn into a pill, so
    // they cross no chip's text on the way.
    return mapToScene(QPointF(-9, 62));
}

void OutsideItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    static const CanvasFont titleFonts(10.5, true);
    static const CanvasFont fonts(9, true);
    static const CanvasFont smallFonts(8.3);
    const CanvasTheme &theme = themeOf(this);
    const QFont &titleFont = titleFonts.of(theme);
    const QFont &font = fonts.of(theme);
    const QFont &smallFont = smallFonts.of(theme);
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(theme.cardBorder, 1.2 * theme.strokeScale));
    painter->setBrush(theme.cardFill);
    const qreal height = theme.fontScale > 1 ? kTallest : kHeight;
    painter->drawRoundedRect(QRectF(0, 0, kWidth, height), 9, 9);
    painter->setFont(titleFont);
    painter->setPen(theme.text);
    painter->drawText(QRectF(12, 6, kWidth - 24, 20), Qt::AlignVCenter | Qt::AlignLeft,
                      QStringLiteral("This computer"));
    // Users: three heads.
    painter->setPen(Qt::NoPen);
    painter->setBrush(theme.subtext);
    for (int i = 0; i < 3; ++i) {
        const QPointF c(22 + i * 11, 56);
        painter->drawEllipse(c, 4, 4);
        QPainterPath body;
        body.addRoundedRect(QRectF(c.x() - 6, c.y() + 5, 12, 9), 4, 4);
        painter->drawPath(body);
    }
    painter->setFont(font);
    painter->setPen(theme.text);
    painter->drawText(QRectF(62, 44, kWidth - 70, 18), Qt::AlignVCenter | Qt::AlignLeft,
                      QStringLiteral("users"));
    painter->setFont(smallFont);
    painter->setPen(m_rate > 0 ? theme.running : theme.subtext);
    painter->drawText(QRectF(62, 61, kWidth - 70, 16), Qt::AlignVCenter | Qt::AlignLeft,
                      m_rate > 0 ? QStringLiteral("%1 requests/s").arg(m_rate, 0, 'g', 4)
                                 : QStringLiteral("paused"));
    painter->setFont(font);
    painter->setPen(theme.text);
    painter->drawText(QRectF(14, 92, kWidth - 24, 18), Qt::AlignVCenter | Qt::AlignLeft,
                      QStringLiteral("$ curl, dig, redis-cli"));
    painter->setFont(smallFont);
    if (!m_forwards.isEmpty()) { // straight into a Pod, past every Service
        painter->setPen(QColor(0x60, 0x7d, 0x8b));
        painter->drawText(
                QRectF(14, 110, kWidth - 24, height - 114), Qt::AlignLeft | Qt::TextWordWrap,
                QStringLiteral("kubectl port-forward into %1").arg(m_forwards.join(", ")));
        return;
    }
    painter->setPen(theme.subtext);
    painter->drawText(QRectF(14, 110, kWidth - 24, height - 114), Qt::AlignLeft | Qt::TextWordWrap,
                      QStringLiteral("reach every ClusterIP from here (a real cluster would not)"));
}

} // namespace clusterlab::app
