#pragma once

#include "canvas/item_types.h"
#include "state/service_entries.h"

#include <QColor>
#include <QGraphicsItem>
#include <QStringList>

#include <optional>

namespace clusterlab::app {

/// EntryItem is a chip in the outside lane for one way into a Service from outside the
/// cluster (an EntryPoint): "NodePort :30080" or "LB 127.250.0.1:80", the Service port it
/// leads to, the externalTrafficPolicy, and one pill per node. Packets that came in through
/// it pass through the pill of the node whose kube-proxy forwarded them. Every node serves a
/// node port (solid pills); a LoadBalancer or external address enters through one node: its
/// pills are dashed until a flow shows which node answered.
class EntryItem : public QGraphicsItem
{
public:
    EntryItem(const EntryPoint &entry, const QStringList &nodes, const QColor &colour);

    enum { Type = EntryItemType };
    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    const EntryPoint &entry() const { return m_entry; }
    QStringList nodes() const { return m_nodes; }
    /// set takes a new description, node list and colour; sizes change only with the nodes.
    void set(const EntryPoint &entry, const QStringList &nodes, const QColor &colour);
    qreal height() const;
    /// noteNode records that node forwarded a connection that came in here.
    void noteNode(const QString &node);
    /// forwardedBy lists the nodes seen forwarding, in the order first seen.
    QStringList forwardedBy() const { return m_seen; }
    /// setLit lights the pills of the nodes whose connections are travelling now.
    void setLit(const QStringList &nodes);
    QStringList lit() const { return m_lit; }
    /// pillAnchor is the centre of node's pill, scene coordinates (none for a node not shown).
    std::optional<QPointF> pillAnchor(const QString &node) const;

private:
    QRectF pillRect(int index) const;
    QString explanation() const;

    EntryPoint m_entry;
    QStringList m_nodes;
    QStringList m_seen;
    QStringList m_lit;
    QColor m_colour;
};

} // namespace clusterlab::app
