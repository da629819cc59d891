#include "canvas/pod_grid_item.h"

#include "canvas/canvas_metrics.h"
#include "canvas/canvas_scene.h"
#include "canvas/canvas_theme.h"

#include <QGraphicsSceneHoverEvent>
#include <QGraphicsSceneMouseEvent>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

namespace clusterlab::app {

using namespace metrics;

namespace {
constexpr qreal kCountsLine = 20;
}

PodGridItem::PodGridItem() : m_size(sizeFor(0))
{
    setZValue(z::kPod);
    setAcceptHoverEvents(true);
    setCacheMode(DeviceCoordinateCache);
}

QSizeF PodGridItem::sizeFor(int slotCount)
{
    const int rows = std::max(1, (slotCount + kGridColumns - 1) / kGridColumns);
    return { kGridColumns * (kCell + kCellGap), kCountsLine + rows * (kCell + kCellGap) };
}

void PodGridItem::setCells(QVector<Cell> cells)
{
    const QSizeF size = sizeFor(int(cells.size()));
    if (size != m_size) {
        prepareGeometryChange();
        m_size = size;
    }
    m_cells = std::move(cells);
    m_stateCounts.clear();
    m_count = 0;
    for (const Cell &cell : std::as_const(m_cells))
        if (!cell.uid.isEmpty()) {
            ++m_stateCounts[int(cell.state)];
            ++m_count;
        }
    update();
}

QRectF PodGridItem::boundingRect() const
{
    return QRectF(QPointF(0, 0), m_size);
}

QRectF PodGridItem::cellRect(int slot) const
{
    const int row = slot / kGridColumns, column = slot % kGridColumns;
    return QRectF(column * (kCell + kCellGap), kCountsLine + row * (kCell + kCellGap), kCell,
                  kCell);
}

QPointF PodGridItem::cellCentre(int slot) const
{
    return mapToScene(cellRect(slot).center());
}

int PodGridItem::slotAt(const QPointF &pos) const
{
    if (pos.y() < kCountsLine || pos.x() < 0)
        return -1;
    const int column = int(pos.x() / (kCell + kCellGap));
    const int row = int((pos.y() - kCountsLine) / (kCell + kCellGap));
    const int slot = row * kGridColumns + column;
    if (column >= kGridColumns || slot >= m_cells.size())
        return -1;
    return slot;
}

QString PodGridItem::uidAt(const QPointF &pos) const
{
    const int slot = slotAt(pos);
    return slot < 0 ? QString() : m_cells[slot].uid;
}

QPointF PodGridItem::edgeAnchor(bool incoming) const
{
    return mapToScene(incoming ? QPointF(0, m_size.height() / 2)
                               : QPointF(m_size.width(), m_size.height() / 2));
}

void PodGridItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    static const CanvasFont fonts(8.5, true);
    const CanvasTheme &theme = themeOf(this);
    const QFont &font = fonts.of(theme);
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    if (lod > 0.35) {
        QStringList parts;
        const std::pair<PodState, const char *> names[] = {
            { PodState::Running, "running" },         { PodState::NotReady, "not ready" },
            { PodState::Creating, "creating" },       { PodState::Pending, "pending" },
            { PodState::Terminating, "terminating" }, { PodState::Failed, "failed" }
        };
        for (const auto &[state, name] : names)
            if (int n = m_stateCounts.value(int(state)))
                parts << QStringLiteral("%L1 %2").arg(n).arg(QLatin1String(name));
        painter->setFont(font);
        painter->setPen(theme.text);
        painter->drawText(
                QRectF(0, 0, m_size.width(), kCountsLine - 4), Qt::AlignVCenter | Qt::AlignLeft,
                QStringLiteral("%L1 Pods: ").arg(m_count) + parts.join(QStringLiteral(" · ")));
    }
    painter->setPen(Qt::NoPen);
    const QRectF exposed = option->exposedRect;
    for (int slot = 0; slot < m_cells.size(); ++slot) {
        const Cell &cell = m_cells[slot];
        if (cell.uid.isEmpty())
            continue;
        const QRectF r = cellRect(slot);
        if (!exposed.intersects(r))
            continue;
        painter->setBrush(stateColour(theme, cell.state));
        painter->drawRect(r);
    }
}

void PodGridItem::mousePressEvent(QGraphicsSceneMouseEvent *event)
{
    const QString uid = uidAt(event->pos());
    if (auto *canvas = qobject_cast<CanvasScene *>(scene()); canvas && !uid.isEmpty())
        canvas->selectPod(uid);
    event->accept();
}

void PodGridItem::hoverMoveEvent(QGraphicsSceneHoverEvent *event)
{
    const int slot = slotAt(event->pos());
    setToolTip(slot < 0 ? QString() : m_cells[slot].name);
}

void PodGridItem::contextMenuEvent(QGraphicsSceneContextMenuEvent *event)
{
    const QString uid = uidAt(event->pos());
    if (auto *canvas = qobject_cast<CanvasScene *>(scene()); canvas && !uid.isEmpty())
        canvas->menus().showPodMenu(uid, event);
}

} // namespace clusterlab::app
