#include "canvas/curl_bubble_item.h"

#include "canvas/canvas_theme.h"

#include <QFontMetricsF>
#include <QGraphicsScene>
#include <QGraphicsSceneMouseEvent>
#include <QPainter>
#include <QTimer>

namespace clusterlab::app {

namespace {

QFont monoFont()
{
    QFont font(QStringLiteral("monospace"));
    font.setStyleHint(QFont::TypeWriter);
    font.setPointSizeF(8.5);
    return font;
}

} // namespace

CurlBubbleItem::CurlBubbleItem(const QString &title, const QString &answer) : m_title(title)
{
    setZValue(z::kBubble);
    m_lines = answer.trimmed().split(QLatin1Char('\n'));
    if (m_lines.size() > 14) {
        m_lines = m_lines.mid(0, 14);
        m_lines << QStringLiteral("…");
    }
    const QFontMetricsF metrics(monoFont());
    qreal width = QFontMetricsF(canvasFont(9, true)).horizontalAdvance(m_title);
    for (const QString &line : std::as_const(m_lines))
        width = std::max(width, metrics.horizontalAdvance(line));
    m_size = QSizeF(std::min(width, 560.0) + 24, 30 + m_lines.size() * metrics.height() + 10);
    setToolTip(QStringLiteral("Click to close"));
}

QRectF CurlBubbleItem::boundingRect() const
{
    return QRectF(QPointF(-12, -1), m_size + QSizeF(14, 2));
}

void CurlBubbleItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const CanvasTheme &theme = themeOf(this);
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(theme.selection, 1.5));
    painter->setBrush(theme.cardFill);
    painter->drawRoundedRect(QRectF(QPointF(0, 0), m_size), 8, 8);
    QPolygonF pointer;
    pointer << QPointF(1, 14) << QPointF(-11, 22) << QPointF(1, 30);
    painter->drawPolygon(pointer);
    painter->setFont(canvasFont(9, true));
    painter->setPen(theme.selection);
    painter->drawText(QRectF(12, 4, m_size.width() - 24, 20), Qt::AlignVCenter | Qt::AlignLeft,
                      m_title);
    const QFont mono = monoFont();
    const qreal lineHeight = QFontMetricsF(mono).height();
    painter->setFont(mono);
    painter->setPen(theme.text);
    qreal y = 28;
    for (const QString &line : std::as_const(m_lines)) {
        painter->drawText(QRectF(12, y, m_size.width() - 24, lineHeight),
                          Qt::AlignVCenter | Qt::AlignLeft, line);
        y += lineHeight;
    }
}

void CurlBubbleItem::mousePressEvent(QGraphicsSceneMouseEvent *event)
{
    event->accept();
    hide();
    // Deleted after the event: the scene still refers to this item while delivering it.
    if (QGraphicsScene *owner = scene())
        QTimer::singleShot(0, owner, [owner, this] {
            owner->removeItem(this);
            delete this;
        });
}

} // namespace clusterlab::app
