#pragma once

#include "canvas/item_types.h"
#include "canvas/slot_table.h"

#include <QGraphicsItem>
#include <QSizeF>

namespace clusterlab::app {

/// NodeItem is a node in the node view: a box holding the Pods scheduled onto it, with its
/// InternalIP and, on its left edge, the entry where its kube-proxy takes connections in
/// from outside (node ports, LoadBalancer addresses it answers for).
class NodeItem : public QGraphicsItem
{
public:
    NodeItem(const QString &name, const QString &podCIDR, const QString &internalIP = {});

    enum { Type = NodeItemType };
    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    QString name() const { return m_name; }
    void setSize(const QSizeF &size);
    void setSummary(const QString &summary);
    SlotTable &podSlots() { return m_slots; }
    /// slotPos is the top-left of a card slot, scene coordinates (same grid as a group).
    QPointF slotPos(int slot) const;
    /// entryAnchor is the node's entry from outside, scene coordinates.
    QPointF entryAnchor() const;

private:
    QString m_name, m_cidr, m_internalIP, m_summary;
    QSizeF m_size;
    SlotTable m_slots;
};

} // namespace clusterlab::app
