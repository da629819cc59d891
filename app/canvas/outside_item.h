#pragma once

#include "canvas/item_types.h"

#include <QGraphicsItem>
#include <QStringList>

namespace clusterlab::app {

/// OutsideItem is "this computer", outside the cluster: the simulated users (with their
/// request rate) and curl, where requests from outside start. The entry chips (EntryItem)
/// stand under it.
class OutsideItem : public QGraphicsItem
{
public:
    OutsideItem();

    enum { Type = OutsideItemType };
    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    void setUsersRate(double perSecond);
    /// setPortForwards names the Pods `kubectl port-forward` connections from here are open
    /// to (shown instead of the curl hint while there are any).
    void setPortForwards(const QStringList &pods);
    const QStringList &portForwards() const { return m_forwards; }
    /// usersAnchor is where the users' requests leave, scene coordinates.
    QPointF usersAnchor() const;
    /// entriesAnchor is where requests leave for the entry chips below (left of the users),
    /// scene coordinates.
    QPointF entriesAnchor() const;

private:
    double m_rate = 0;
    QStringList m_forwards;
};

} // namespace clusterlab::app
