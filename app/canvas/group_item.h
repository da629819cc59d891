#pragma once

#include "canvas/item_types.h"
#include "canvas/slot_table.h"

#include <QGraphicsItem>
#include <QSizeF>

namespace clusterlab::app {

/// GroupDisplay is what a group's header shows.
struct GroupDisplay
{
    QString key, kind, ns, name;
    int desired = -1; ///< spec.replicas; -1 for bare Pods
    int pods = 0, ready = 0;
    bool scalable = false;
    bool operator==(const GroupDisplay &) const = default;
};

/// GroupItem frames the Pods of one Deployment/StatefulSet (or the bare Pods of a tier): its
/// kind and name, ready/desired, and the -/+ buttons and the replica count that scale it.
/// Its slots keep each Pod's place; the group grows column by column to the right.
class GroupItem : public QGraphicsItem
{
public:
    explicit GroupItem(const GroupDisplay &display);

    enum { Type = GroupItemType };
    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    const GroupDisplay &display() const { return m_display; }
    void setDisplay(const GroupDisplay &display);
    void setSize(const QSizeF &size);
    QSizeF size() const { return m_size; }
    SlotTable &podSlots() { return m_slots; }
    const SlotTable &podSlots() const { return m_slots; }
    /// slotPos is the top-left of a card slot in scene coordinates.
    QPointF slotPos(int slot) const;
    /// sizeFor is the size that fits n slots (expanded groups).
    static QSizeF sizeFor(int slotCount);
    bool compact() const { return m_compact; }
    void setCompact(bool compact) { m_compact = compact; }
    /// buttons, in item coordinates, for tests and hit testing.
    QRectF minusRect() const;
    QRectF countRect() const;
    QRectF plusRect() const;

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;
    void contextMenuEvent(QGraphicsSceneContextMenuEvent *event) override;

private:
    void paintButton(QPainter *painter, const QRectF &rect, const QString &text);

    GroupDisplay m_display;
    QSizeF m_size;
    SlotTable m_slots;
    bool m_compact = false;
};

} // namespace clusterlab::app
