#pragma once

#include "canvas/edge_end.h"
#include "canvas/item_types.h"
#include "canvas/pod_state_icon.h"

#include <QGraphicsItem>
#include <QHash>
#include <QVector>

namespace clusterlab::app {

/// PodGridItem shows the Pods of a large group as a compact grid of coloured cells (one per
/// Pod, in the group's slot order) under a line of counts, so thousands of Pods stay readable
/// and every one can still be hovered, selected and deleted.
class PodGridItem : public QGraphicsItem, public EdgeEnd
{
public:
    struct Cell
    {
        QString uid, name;
        PodState state = PodState::Pending;
    };

    PodGridItem();

    enum { Type = PodGridItemType };
    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    /// setCells replaces the cells (index = slot; an empty uid is a free slot).
    void setCells(QVector<Cell> cells);
    static QSizeF sizeFor(int slotCount);
    /// cellCentre is the centre of a slot's cell, scene coordinates.
    QPointF cellCentre(int slot) const;
    /// uidAt is the Pod under a point in item coordinates ("" for none).
    QString uidAt(const QPointF &pos) const;
    QPointF edgeAnchor(bool incoming) const override;
    int count() const { return m_count; }

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;
    void hoverMoveEvent(QGraphicsSceneHoverEvent *event) override;
    void contextMenuEvent(QGraphicsSceneContextMenuEvent *event) override;

private:
    int slotAt(const QPointF &pos) const;
    QRectF cellRect(int slot) const;

    QVector<Cell> m_cells;
    QHash<int, int> m_stateCounts; ///< PodState -> Pods
    int m_count = 0;
    QSizeF m_size;
};

} // namespace clusterlab::app
