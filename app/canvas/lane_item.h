#pragma once

#include "canvas/item_types.h"

#include <QGraphicsItem>

namespace clusterlab::app {

/// LaneItem is one column of the canvas with its title: "Outside the cluster", a set of
/// tiers, or a node in the node view.
class LaneItem : public QGraphicsItem
{
public:
    LaneItem(const QString &title, const QString &subtitle, bool alternate);

    enum { Type = LaneItemType };
    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    void setRect(const QRectF &rect);
    void setTitle(const QString &title, const QString &subtitle);
    QString title() const { return m_title; }

private:
    QString m_title, m_subtitle;
    QRectF m_rect;
    bool m_alternate;
};

} // namespace clusterlab::app
