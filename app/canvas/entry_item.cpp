#include "canvas/entry_item.h"

#include "canvas/canvas_metrics.h"
#include "canvas/canvas_theme.h"

#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace clusterlab::app {

using namespace metrics;

namespace {
constexpr qreal kWidth = kOutsideWidth - 36;
constexpr qreal kTextHeight = 44; ///< title and the line under it
constexpr qreal kPillHeight = 20;
constexpr qreal kPillGap = 6;
constexpr int kPillsPerRow = 3;
} // namespace

EntryItem::EntryItem(const EntryPoint &entry, const QStringList &nodes, const QColor &colour)
    : m_entry(entry), m_nodes(nodes), m_colour(colour)
{
    setZValue(z::kService);
    setCacheMode(DeviceCoordinateCache);
    setAcceptedMouseButtons(Qt::NoButton);
    setAcceptHoverEvents(true);
    setToolTip(explanation());
}

qreal EntryItem::height() const
{
    const int rows = std::max<int>(1, (int(m_nodes.size()) + kPillsPerRow - 1) / kPillsPerRow);
    return kTextHeight + rows * (kPillHeight + kPillGap) + 4;
}

QRectF EntryItem::boundingRect() const
{
    return QRectF(-1, -1, kWidth + 2, height() + 2);
}

void EntryItem::set(const EntryPoint &entry, const QStringList &nodes, const QColor &colour)
{
    if (entry == m_entry && nodes == m_nodes && colour == m_colour)
        return;
    if (nodes.size() != m_nodes.size())
        prepareGeometryChange();
    m_entry = entry;
    m_nodes = nodes;
    m_colour = colour;
    setToolTip(explanation());
    update();
}

void EntryItem::noteNode(const QString &node)
{
    if (m_seen.contains(node))
        return;
    m_seen << node;
    update();
}

void EntryItem::setLit(const QStringList &nodes)
{
    if (nodes == m_lit)
        return;
    m_lit = nodes;
    update();
}

QRectF EntryItem::pillRect(int index) const
{
    const int columns = std::clamp<int>(int(m_nodes.size()), 1, kPillsPerRow);
    const qreal width = (kWidth - 20 - (columns - 1) * kPillGap) / columns;
    const int row = index / kPillsPerRow, column = index % kPillsPerRow;
    return QRectF(10 + column * (width + kPillGap), kTextHeight + row * (kPillHeight + kPillGap),
                  width, kPillHeight);
}

std::optional<QPointF> EntryItem::pillAnchor(const QString &node) const
{
    const int index = int(m_nodes.indexOf(node));
    if (index < 0)
        return std::nullopt;
    return mapToScene(pillRect(index).center());
}

QString EntryItem::explanation() const
{
    const bool nodePort = m_entry.via == QLatin1String("NodePort");
    QString text = nodePort
            ? QStringLiteral("Node port %1 of Service %2: every node's kube-proxy listens on "
                             "its InternalIP (127.244.N.1) and on 127.0.0.1, port %1, and "
                             "forwards to port %3.")
                      .arg(m_entry.port)
                      .arg(m_entry.name)
                      .arg(m_entry.servicePort)
            : QStringLiteral("%1 %2:%3 of Service %4: one node answers on this address and "
                             "forwards to port %5.")
                      .arg(m_entry.via, m_entry.address)
                      .arg(m_entry.port)
                      .arg(m_entry.name)
                      .arg(m_entry.servicePort);
    text += m_entry.policy == QLatin1String("Local")
            ? QStringLiteral(" externalTrafficPolicy Local: only Pods on the node that forwarded "
                             "answer, and they see the client's own address.")
            : QStringLiteral(" externalTrafficPolicy Cluster: Pods on any node answer; they see "
                             "the forwarding node's address.");
    return text;
}

void EntryItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    static const CanvasFont titleFonts(9.5, true);
    static const CanvasFont smallFonts(8.3);
    static const CanvasFont pillFonts(8, true);
    const CanvasTheme &theme = themeOf(this);
    const QRectF body(0, 0, kWidth, height());
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    if (lod < 0.3) {
        painter->fillRect(body, m_colour);
        return;
    }
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(QPen(m_colour, 1.8 * std::min(theme.strokeScale, 1.5)));
    painter->setBrush(theme.cardFill);
    painter->drawRoundedRect(body, 8, 8);
    painter->setPen(Qt::NoPen);
    painter->setBrush(m_colour);
    painter->drawRoundedRect(QRectF(0, 0, 7, body.height()), 3, 3);
    const QString title = m_entry.label();
    painter->setFont(titleFonts.fitting(theme, title, kWidth - 22));
    painter->setPen(theme.text);
    painter->drawText(QRectF(14, 4, kWidth - 22, 20), Qt::AlignVCenter | Qt::AlignLeft, title);
    const QFont &small = smallFonts.of(theme);
    painter->setFont(small);
    painter->setPen(theme.subtext);
    const QString line = QStringLiteral("→ %1:%2 · %3")
                                 .arg(m_entry.name)
                                 .arg(m_entry.servicePort)
                                 .arg(m_entry.policy);
    painter->drawText(QRectF(14, 22, kWidth - 22, 18), Qt::AlignVCenter | Qt::AlignLeft,
                      elided(line, small, kWidth - 22));
    const bool everyNode = m_entry.via == QLatin1String("NodePort");
    painter->setFont(pillFonts.of(theme));
    for (int i = 0; i < m_nodes.size(); ++i) {
        const QRectF pill = pillRect(i);
        const bool seen = m_seen.contains(m_nodes[i]), lit = m_lit.contains(m_nodes[i]);
        QPen pen(m_colour, seen ? 2.2 : 1.3);
        if (!everyNode && !seen)
            pen.setStyle(Qt::DashLine);
        painter->setPen(pen);
        QColor fill = m_colour;
        fill.setAlpha(lit ? 255 : seen ? 70 : 18);
        painter->setBrush(fill);
        painter->drawRoundedRect(pill, kPillHeight / 2, kPillHeight / 2);
        painter->setPen(lit ? theme.cardFill : everyNode || seen ? theme.text : theme.subtext);
        painter->drawText(pill, Qt::AlignCenter, elided(m_nodes[i], painter->font(), pill.width()));
    }
}

} // namespace clusterlab::app
