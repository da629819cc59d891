#include "canvas/service_item.h"

#include "canvas/canvas_metrics.h"
#include "canvas/canvas_scene.h"
#include "canvas/canvas_theme.h"

#include <QFontMetricsF>
#include <QGraphicsSceneContextMenuEvent>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace clusterlab::app {

using namespace metrics;

ServiceItem::ServiceItem(const ServiceDisplay &display, const QColor &colour)
    : m_display(display), m_colour(colour)
{
    setFlags(ItemIsSelectable | ItemSendsScenePositionChanges | ItemIsFocusable);
    setCacheMode(DeviceCoordinateCache);
    setZValue(z::kService);
}

qreal ServiceItem::height() const
{
    return kGateHeight + kGatePortLine * std::max<qsizetype>(0, m_display.ports.size() - 1);
}

QRectF ServiceItem::boundingRect() const
{
    return QRectF(-8, -8, kGateWidth + 16, height() + 16);
}

void ServiceItem::setDisplay(const ServiceDisplay &display)
{
    if (display == m_display)
        return;
    const bool taller = display.ports.size() != m_display.ports.size();
    if (taller)
        prepareGeometryChange();
    m_display = display;
    update();
}

void ServiceItem::setColour(const QColor &colour)
{
    if (colour == m_colour)
        return;
    m_colour = colour;
    update();
}

void ServiceItem::setEndpoints(int ready, int notReady)
{
    if (ready == m_ready && notReady == m_notReady)
        return;
    m_ready = ready;
    m_notReady = notReady;
    update();
}

void ServiceItem::setConnections(quint64 total, quint64 failed)
{
    if (total == m_total && failed == m_failed)
        return;
    m_total = total;
    m_failed = failed;
    update();
}

void ServiceItem::flash()
{
    m_flash = 1.0;
    update();
}

bool ServiceItem::advance(qreal seconds)
{
    if (m_flash <= 0)
        return false;
    m_flash = std::max(0.0, m_flash - seconds / 0.7);
    update();
    return m_flash > 0;
}

QPointF ServiceItem::edgeAnchor(bool incoming) const
{
    return mapToScene(incoming ? QPointF(0, height() / 2) : QPointF(kGateWidth, height() / 2));
}

void ServiceItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const CanvasTheme &theme = themeOf(this);
    const QRectF body(0, 0, kGateWidth, height());
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    if (lod < 0.3) {
        painter->fillRect(body, m_colour);
        return;
    }
    painter->setRenderHint(QPainter::Antialiasing);
    if (m_flash > 0) {
        QColor glow = theme.refused;
        glow.setAlphaF(0.55 * m_flash);
        painter->setPen(Qt::NoPen);
        painter->setBrush(glow);
        painter->drawRoundedRect(body.adjusted(-7, -7, 7, 7), 12, 12);
    }
    const bool empty = m_display.hasSelector ? m_ready + m_notReady == 0 : false;
    QPen border(isSelected() ? theme.selection : m_colour,
                (isSelected() ? 3.2 : 2.2) * std::min(theme.strokeScale, 1.5));
    if (empty)
        border.setStyle(Qt::DashLine);
    painter->setPen(border);
    painter->setBrush(theme.cardFill);
    painter->drawRoundedRect(body, 8, 8);
    // The gate's two posts: what enters on the left leaves on the right, to one Pod.
    painter->setPen(Qt::NoPen);
    painter->setBrush(m_colour);
    painter->drawRoundedRect(QRectF(0, 0, 10, body.height()), 4, 4);
    painter->drawRoundedRect(QRectF(body.width() - 10, 0, 10, body.height()), 4, 4);
    paintText(painter, body);
}

void ServiceItem::paintText(QPainter *painter, const QRectF &body)
{
    static const CanvasFont titleFonts(10.5, true);
    static const CanvasFont smallFonts(8.3);
    static const CanvasFont boldSmallFonts(8.3, true);
    const CanvasTheme &theme = themeOf(this);
    const QFont &titleFont = titleFonts.of(theme);
    const QFont &smallFont = smallFonts.of(theme);
    const qreal left = 18, width = body.width() - 36;
    QString title = QStringLiteral("svc/") + m_display.name;
    // The type takes the room it needs ("LoadBalancer" is long); with large text the name
    // comes first and the type gives way.
    const qreal typeWidth = QFontMetricsF(smallFont).horizontalAdvance(m_display.type) + 8;
    bool showType = true;
    if (theme.fontScale > 1)
        showType = QFontMetricsF(titleFont).horizontalAdvance(title) <= width - typeWidth;
    const qreal titleWidth = showType ? width - typeWidth : width;
    if (QFontMetricsF(titleFont).horizontalAdvance(title) > titleWidth)
        title = m_display.name; // the whole name says more than "svc/" and an ellipsis
    painter->setFont(titleFont);
    painter->setPen(theme.text);
    painter->drawText(QRectF(left, 5, width, 20), Qt::AlignVCenter | Qt::AlignLeft,
                      elided(title, titleFont, titleWidth));
    if (showType) {
        painter->setFont(smallFont);
        painter->setPen(m_colour);
        painter->drawText(QRectF(left, 5, width, 20), Qt::AlignVCenter | Qt::AlignRight,
                          m_display.type);
    }
    qreal y = 26;
    painter->setPen(theme.text);
    for (const QString &port : m_display.ports) {
        const QFont &font = smallFonts.fitting(theme, port, width);
        painter->setFont(font);
        painter->drawText(QRectF(left, y, width, kGatePortLine), Qt::AlignVCenter | Qt::AlignLeft,
                          elided(port, font, width));
        y += kGatePortLine;
    }
    painter->setPen(theme.subtext);
    QString selector = QStringLiteral("selector ") + m_display.selector;
    if (m_display.affinity == QLatin1String("ClientIP"))
        selector += QStringLiteral(" · affinity");
    const QFont &selectorFont = smallFonts.fitting(theme, selector, width);
    painter->setFont(selectorFont);
    painter->drawText(QRectF(left, y, width, 16), Qt::AlignVCenter | Qt::AlignLeft,
                      elided(selector, selectorFont, width));
    y += 17;
    painter->setFont(boldSmallFonts.of(theme));
    if (m_display.hasSelector && m_ready + m_notReady == 0) {
        painter->setPen(theme.refused);
        painter->drawText(QRectF(left, y, width, 16), Qt::AlignVCenter | Qt::AlignLeft,
                          QStringLiteral("selects no Pods"));
    } else {
        painter->setPen(theme.text);
        QString text = QStringLiteral("%1 ready").arg(m_ready);
        if (m_notReady)
            text += QStringLiteral(", %1 not ready").arg(m_notReady);
        painter->drawText(QRectF(left, y, width, 16), Qt::AlignVCenter | Qt::AlignLeft, text);
    }
    painter->setPen(m_failed ? theme.refused : theme.text);
    QString counts = QStringLiteral("%1 conn").arg(m_total);
    if (m_failed)
        counts += QStringLiteral(" · %1 refused").arg(m_failed);
    painter->drawText(QRectF(left, y, width, 16), Qt::AlignVCenter | Qt::AlignRight, counts);
}

QVariant ServiceItem::itemChange(GraphicsItemChange change, const QVariant &value)
{
    if (change == ItemScenePositionHasChanged)
        adjustEdges();
    return QGraphicsItem::itemChange(change, value);
}

void ServiceItem::contextMenuEvent(QGraphicsSceneContextMenuEvent *event)
{
    if (auto *canvas = qobject_cast<CanvasScene *>(scene()))
        canvas->menus().showServiceMenu(m_display.uid, event);
}

} // namespace clusterlab::app
