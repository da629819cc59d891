#pragma once

#include "canvas/item_types.h"

#include <QGraphicsItem>

namespace clusterlab::app {

/// CurlBubbleItem shows the answer of "curl this Service" beside its gate: the Pod chain
/// that served it. A click closes it.
class CurlBubbleItem : public QGraphicsItem
{
public:
    CurlBubbleItem(const QString &title, const QString &answer);

    enum { Type = CurlBubbleItemType };
    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;

private:
    QString m_title;
    QStringList m_lines;
    QSizeF m_size;
};

} // namespace clusterlab::app
