#pragma once

#include "canvas/item_types.h"

#include <QGraphicsItem>
#include <QSizeF>

namespace clusterlab::app {

/// TierItem frames one tier (its Services' gates and its workload groups). People can drag
/// a tier; everything in it moves along and the position is kept.
class TierItem : public QGraphicsItem
{
public:
    explicit TierItem(const QString &name);

    enum { Type = TierItemType };
    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    QString name() const { return m_name; }
    void setSize(const QSizeF &size);
    QSizeF size() const { return m_size; }
    /// moveQuietly places the tier without telling the scene (layout, not a drag).
    void moveQuietly(const QPointF &pos);

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent *event) override;

private:
    QString m_name;
    QSizeF m_size;
    bool m_quiet = false;
    bool m_dragged = false;
};

} // namespace clusterlab::app
