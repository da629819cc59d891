#include "canvas/pod_item.h"

#include "canvas/canvas_metrics.h"
#include "canvas/canvas_scene.h"
#include "canvas/canvas_theme.h"
#include "canvas/edge_item.h"

#include <QGraphicsSceneMouseEvent>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace clusterlab::app {

using namespace metrics;

EdgeEnd::~EdgeEnd() = default;

void EdgeEnd::adjustEdges()
{
    for (EdgeItem *edge : std::as_const(m_edges))
        edge->adjust();
}

PodItem::PodItem(const PodDisplay &display) : m_display(display)
{
    setFlags(ItemIsSelectable | ItemIsMovable | ItemSendsGeometryChanges | ItemIsFocusable);
    setCacheMode(DeviceCoordinateCache);
    setZValue(z::kPod);
    setAcceptHoverEvents(false);
}

QRectF PodItem::boundingRect() const
{
    return QRectF(-2, -2, kPodWidth + 4, kPodHeight + 4);
}

QRectF PodItem::labelsRect()
{
    return QRectF(12, kPodHeight - 20, kPodWidth - 20, 16);
}

void PodItem::setDisplay(const PodDisplay &display)
{
    if (display == m_display)
        return;
    m_display = display;
    update();
}

void PodItem::setRequests(quint64 requests)
{
    if (requests == m_requests)
        return;
    m_requests = requests;
    update();
}

QPointF PodItem::edgeAnchor(bool incoming) const
{
    return mapToScene(incoming ? QPointF(0, kPodHeight / 2) : QPointF(kPodWidth, kPodHeight / 2));
}

void PodItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const CanvasTheme &theme = themeOf(this);
    const QColor colour = stateColour(theme, m_display.state);
    const QRectF card(0, 0, kPodWidth, kPodHeight);
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const bool terminating = m_display.state == PodState::Terminating;
    if (lod < 0.3) { // far away: a coloured block is all that reads
        painter->fillRect(card, terminating ? colour.lighter(140) : colour);
        return;
    }
    painter->setRenderHint(QPainter::Antialiasing);
    QPen border(isSelected() ? theme.selection : theme.cardBorder,
                isSelected() ? 3 : 1.2 * theme.strokeScale);
    if (m_display.state == PodState::Pending || terminating)
        border.setStyle(Qt::DashLine);
    painter->setPen(border);
    QColor fill = theme.cardFill;
    if (terminating)
        fill = theme.dark ? fill.darker(130) : QColor(0xfb, 0xee, 0xea);
    painter->setBrush(fill);
    painter->drawRoundedRect(card, 7, 7);
    // The state strip on the left: its colour is the first thing a class sees.
    painter->setPen(Qt::NoPen);
    painter->setBrush(colour);
    painter->drawRoundedRect(QRectF(0, 0, 7, kPodHeight), 3.5, 3.5);
    if (terminating) {
        painter->setBrush(QBrush(colour.lighter(theme.dark ? 80 : 170), Qt::BDiagPattern));
        painter->drawRoundedRect(card.adjusted(7, 1, -1, -1), 6, 6);
    }
    paintDetail(painter, card, colour);
}

void PodItem::paintDetail(QPainter *painter, const QRectF &card, const QColor &colour)
{
    static const CanvasFont nameFonts(9, true);
    static const CanvasFont smallFonts(8.2);
    static const CanvasFont statusFonts(8.2, true);
    static const CanvasFont counterFonts(13, true);
    const CanvasTheme &theme = themeOf(this);
    const QFont &nameFont = nameFonts.of(theme);
    paintStateIcon(painter, QRectF(12, 7, 14, 14), m_display.state, colour);
    painter->setFont(nameFont);
    painter->setPen(theme.text);
    painter->drawText(QRectF(30, 4, card.width() - 33, 20), Qt::AlignVCenter | Qt::AlignLeft,
                      elided(m_display.name, nameFont, card.width() - 33));
    painter->setPen(theme.subtext);
    const QString where = (m_display.ip.isEmpty() ? QStringLiteral("no IP yet") : m_display.ip)
            + QStringLiteral("  ·  ")
            + (m_display.node.isEmpty() ? QStringLiteral("unscheduled") : m_display.node);
    painter->setFont(smallFonts.fitting(theme, where, card.width() - 18));
    painter->drawText(QRectF(13, 24, card.width() - 18, 16), Qt::AlignVCenter | Qt::AlignLeft,
                      where);
    QString status = m_display.status;
    if (m_display.state == PodState::Running)
        status += QStringLiteral(" · Ready");
    else if (m_display.state == PodState::NotReady)
        status += QStringLiteral(" · not ready");
    painter->setFont(statusFonts.of(theme));
    painter->setPen(colour);
    painter->drawText(QRectF(13, 41, card.width() - 70, 16), Qt::AlignVCenter | Qt::AlignLeft,
                      status);
    painter->setFont(counterFonts.of(theme));
    painter->setPen(m_requests ? theme.text : theme.subtext);
    painter->drawText(QRectF(card.width() - 90, 38, 84, 22), Qt::AlignVCenter | Qt::AlignRight,
                      QString::number(m_requests));
    const QString labels =
            m_display.labels.isEmpty() ? QStringLiteral("no labels") : m_display.labels;
    const QFont &labelsFont = smallFonts.fitting(theme, labels, labelsRect().width());
    painter->setFont(labelsFont);
    painter->setPen(theme.subtext);
    painter->drawText(labelsRect(), Qt::AlignVCenter | Qt::AlignLeft,
                      elided(labels, labelsFont, labelsRect().width()));
}

QVariant PodItem::itemChange(GraphicsItemChange change, const QVariant &value)
{
    if (change == ItemPositionHasChanged)
        adjustEdges();
    return QGraphicsItem::itemChange(change, value);
}

void PodItem::mousePressEvent(QGraphicsSceneMouseEvent *event)
{
    m_pressPos = pos();
    QGraphicsItem::mousePressEvent(event);
}

void PodItem::mouseReleaseEvent(QGraphicsSceneMouseEvent *event)
{
    QGraphicsItem::mouseReleaseEvent(event);
    if (pos() != m_pressPos)
        if (auto *canvas = qobject_cast<CanvasScene *>(scene()))
            canvas->layout().podDragged(m_display.uid, pos());
}

void PodItem::mouseDoubleClickEvent(QGraphicsSceneMouseEvent *event)
{
    if (auto *canvas = qobject_cast<CanvasScene *>(scene()))
        emit canvas->editLabelsRequested(m_display.uid, mapRectToScene(labelsRect()));
    event->accept();
}

void PodItem::contextMenuEvent(QGraphicsSceneContextMenuEvent *event)
{
    if (auto *canvas = qobject_cast<CanvasScene *>(scene()))
        canvas->menus().showPodMenu(m_display.uid, event);
}

} // namespace clusterlab::app
