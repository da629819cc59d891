#pragma once

#include "canvas/item_types.h"

#include <QGraphicsItem>

namespace clusterlab::app {

/// HighlightItem points at one item for a lesson step: a thick outline in the theme's
/// highlight colour around it, always drawn so it shows in screenshots and exports, with a
/// halo that pulses while the animation clock runs. It takes no mouse buttons, so the item
/// under it stays usable.
class HighlightItem : public QGraphicsItem
{
public:
    HighlightItem();

    enum { Type = HighlightItemType };
    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    /// follow puts the outline around a scene rectangle (nothing happens when it is the same).
    void follow(const QRectF &sceneRect);
    QRectF target() const { return m_target; }
    /// advance moves the pulse on; returns true (a highlight keeps the clock running).
    bool advance(double seconds);

private:
    QRectF m_target;
    double m_phase = 0; ///< of the pulse, 0..1
};

} // namespace clusterlab::app
