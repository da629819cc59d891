#include "canvas/node_item.h"

#include "canvas/canvas_metrics.h"
#include "canvas/canvas_theme.h"

#include <QPainter>

namespace clusterlab::app {

using namespace metrics;

namespace {
constexpr qreal kEntryY = 28; ///< of the entry on the left edge
constexpr qreal kEntryRadius = 6;
constexpr qreal kTextLeft = 18;
} // namespace

NodeItem::NodeItem(const QString &name, const QString &podCIDR, const QString &internalIP)
    : m_name(name), m_cidr(podCIDR), m_internalIP(internalIP)
{
    setZValue(z::kGroup);
    setAcceptedMouseButtons(Qt::NoButton);
}

QRectF NodeItem::boundingRect() const
{
    return QRectF(QPointF(-kEntryRadius - 2, -1), m_size + QSizeF(kEntryRadius + 3, 2));
}

void NodeItem::setSize(const QSizeF &size)
{
    if (size == m_size)
        return;
    prepareGeometryChange();
    m_size = size;
}

void NodeItem::setSummary(const QString &summary)
{
    if (summary == m_summary)
        return;
    m_summary = summary;
    update();
}

QPointF NodeItem::slotPos(int slot) const
{
    const int column = slot / kRowsPerColumn, row = slot % kRowsPerColumn;
    return pos()
            + QPointF(kGroupPad + column * (kPodWidth + kGap),
                      kGroupHeader + row * (kPodHeight + kGap));
}

QPointF NodeItem::entryAnchor() const
{
    return mapToScene(QPointF(0, kEntryY));
}

void NodeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    static const CanvasFont titleFonts(10.5, true);
    static const CanvasFont smallFonts(8.3);
    const CanvasTheme &theme = themeOf(this);
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(theme.tierBorder, 1.5 * theme.strokeScale));
    painter->setBrush(theme.tierFill);
    painter->drawRoundedRect(QRectF(QPointF(0, 0), m_size), 10, 10);
    painter->setFont(titleFonts.of(theme));
    painter->setPen(theme.text);
    // Text starts clear of the entry and the glow it gets while connections come in.
    painter->drawText(QRectF(kTextLeft, 3, m_size.width() - kTextLeft - 12, 18),
                      Qt::AlignVCenter | Qt::AlignLeft, m_name);
    painter->setFont(smallFonts.of(theme));
    if (!m_internalIP.isEmpty()) {
        painter->setPen(theme.subtext);
        painter->drawText(QRectF(12, 3, m_size.width() - 24, 18), Qt::AlignVCenter | Qt::AlignRight,
                          QStringLiteral("InternalIP %1").arg(m_internalIP));
    }
    // The entry from outside: a port on the left edge, level with the address line.
    painter->setPen(QPen(theme.tierBorder, 1.5 * theme.strokeScale));
    painter->setBrush(theme.cardFill);
    painter->drawEllipse(QPointF(0, kEntryY), kEntryRadius, kEntryRadius);
    painter->setPen(theme.subtext);
    painter->drawText(QRectF(kTextLeft, 20, m_size.width() - kTextLeft - 12, 14),
                      Qt::AlignVCenter | Qt::AlignLeft,
                      QStringLiteral("Pod IPs %1 · %2").arg(m_cidr, m_summary));
}

} // namespace clusterlab::app
