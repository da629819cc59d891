#pragma once

#include "canvas/edge_end.h"
#include "canvas/item_types.h"
#include "canvas/pod_state_icon.h"

#include <QGraphicsItem>

namespace clusterlab::app {

/// PodItem is a Pod's card: name, Pod IP, node, phase and readiness (colour and icon), its
/// labels and a live request counter. Cards can be dragged; the position is kept.
class PodItem : public QGraphicsItem, public EdgeEnd
{
public:
    explicit PodItem(const PodDisplay &display);

    enum { Type = PodItemType };
    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    const PodDisplay &display() const { return m_display; }
    void setDisplay(const PodDisplay &display);
    /// setRequests shows the number of connections this Pod served.
    void setRequests(quint64 requests);
    quint64 requests() const { return m_requests; }
    QString uid() const { return m_display.uid; }
    QPointF edgeAnchor(bool incoming) const override;
    /// labelsRect is where the labels are drawn (double-click edits them), item coordinates.
    static QRectF labelsRect();

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseDoubleClickEvent(QGraphicsSceneMouseEvent *event) override;
    void contextMenuEvent(QGraphicsSceneContextMenuEvent *event) override;

private:
    void paintDetail(QPainter *painter, const QRectF &card, const QColor &colour);

    PodDisplay m_display;
    quint64 m_requests = 0;
    QPointF m_pressPos;
};

} // namespace clusterlab::app
