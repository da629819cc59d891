#include "canvas/canvas_items.h"

#include "canvas/edge_item.h"

namespace clusterlab::app {

EdgeItem *CanvasItems::edge(const QString &serviceUid, const QString &podUid) const
{
    return edges.value(serviceUid + QLatin1Char('>') + podUid);
}

void CanvasItems::deleteEdges(QList<EdgeItem *> gone)
{
    for (EdgeItem *edge : gone) {
        edges.remove(edge->data(0).toString());
        delete edge;
    }
}

} // namespace clusterlab::app
