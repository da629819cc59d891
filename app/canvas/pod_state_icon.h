#pragma once

#include "state/pod_display.h"

#include <QColor>

class QPainter;
class QRectF;

namespace clusterlab::app {

struct CanvasTheme;

/// stateColour is the colour of a state in a theme.
QColor stateColour(const CanvasTheme &theme, PodState state);
/// paintStateIcon draws a state's icon (filled dot, ring, hourglass, cross, check) in rect.
void paintStateIcon(QPainter *painter, const QRectF &rect, PodState state, const QColor &colour);

} // namespace clusterlab::app
