#include "canvas/pod_state_icon.h"

#include "canvas/canvas_theme.h"

#include <QPainter>
#include <QPainterPath>

namespace clusterlab::app {

QColor stateColour(const CanvasTheme &theme, PodState state)
{
    switch (state) {
    case PodState::Pending:
        return theme.pending;
    case PodState::Creating:
        return theme.creating;
    case PodState::Running:
        return theme.running;
    case PodState::NotReady:
        return theme.notReady;
    case PodState::Terminating:
        return theme.terminating;
    case PodState::Failed:
        return theme.failed;
    case PodState::Succeeded:
        return theme.pending;
    }
    return theme.pending;
}

void paintStateIcon(QPainter *painter, const QRectF &rect, PodState state, const QColor &colour)
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QRectF r = rect.adjusted(1, 1, -1, -1);
    QPen pen(colour, 2.0, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    switch (state) {
    case PodState::Running: { // filled dot with a check mark
        painter->setPen(Qt::NoPen);
        painter->setBrush(colour);
        painter->drawEllipse(r);
        QPainterPath check;
        check.moveTo(r.left() + r.width() * 0.27, r.center().y());
        check.lineTo(r.left() + r.width() * 0.44, r.top() + r.height() * 0.70);
        check.lineTo(r.left() + r.width() * 0.75, r.top() + r.height() * 0.32);
        painter->setPen(QPen(Qt::white, 1.8, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(check);
        break;
    }
    case PodState::NotReady: // half-filled dot: running, not ready
        painter->setPen(pen);
        painter->setBrush(Qt::NoBrush);
        painter->drawEllipse(r);
        painter->setPen(Qt::NoPen);
        painter->setBrush(colour);
        painter->drawPie(r, 90 * 16, 180 * 16);
        break;
    case PodState::Pending: // dashed ring: waiting for a node
        pen.setStyle(Qt::DotLine);
        painter->setPen(pen);
        painter->setBrush(Qt::NoBrush);
        painter->drawEllipse(r);
        break;
    case PodState::Creating: { // hourglass
        QPolygonF glass;
        glass << r.topLeft() << r.topRight() << r.center() << r.bottomRight() << r.bottomLeft()
              << r.center();
        painter->setPen(pen);
        painter->setBrush(colour.lighter(150));
        painter->drawPolygon(glass);
        break;
    }
    case PodState::Terminating:
    case PodState::Failed: { // cross
        painter->setPen(QPen(colour, 2.6, Qt::SolidLine, Qt::RoundCap));
        const QRectF c = r.adjusted(2, 2, -2, -2);
        painter->drawLine(c.topLeft(), c.bottomRight());
        painter->drawLine(c.topRight(), c.bottomLeft());
        break;
    }
    case PodState::Succeeded:
        painter->setPen(pen);
        painter->drawEllipse(r);
        break;
    }
    painter->restore();
}

} // namespace clusterlab::app
