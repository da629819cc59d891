#pragma once

#include <QList>
#include <QPointF>

namespace clusterlab::app {

class EdgeItem;

/// EdgeEnd is an item that edges attach to: it knows its edges and where they meet it.
class EdgeEnd
{
public:
    virtual ~EdgeEnd();
    /// edgeAnchor is where an edge meets this item, in scene coordinates: the left side for
    /// what comes in, the right side for what goes out.
    virtual QPointF edgeAnchor(bool incoming) const = 0;

    void addEdge(EdgeItem *edge) { m_edges << edge; }
    void removeEdge(EdgeItem *edge) { m_edges.removeAll(edge); }
    const QList<EdgeItem *> &edges() const { return m_edges; }
    /// adjustEdges re-routes every attached edge (after this item moved).
    void adjustEdges();

private:
    QList<EdgeItem *> m_edges;
};

} // namespace clusterlab::app
