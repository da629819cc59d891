#pragma once

#include "model/pod.h"

#include <QColor>
#include <QString>

class QPainter;
class QRectF;

namespace clusterlab::app {

struct CanvasTheme;

/// PodState is what a Pod card shows at a glance, each with its own colour and icon.
enum class PodState { Pending, Creating, Running, NotReady, Terminating, Failed, Succeeded };

/// PodDisplay is the display copy of a Pod a card holds (never a pointer into core).
struct PodDisplay
{
    QString uid, ns, name, ip, node, status, labels;
    PodState state = PodState::Pending;
    bool ready = false;
    bool operator==(const PodDisplay &) const = default;
};

/// podStateOf classifies a Pod for its card and its grid cell.
PodState podStateOf(const model::Pod &pod);
/// podDisplayOf copies what a card shows from a Pod.
PodDisplay podDisplayOf(const model::Pod &pod);
/// stateColour is the colour of a state in a theme.
QColor stateColour(const CanvasTheme &theme, PodState state);
/// paintStateIcon draws a state's icon (filled dot, ring, hourglass, cross, check) in rect.
void paintStateIcon(QPainter *painter, const QRectF &rect, PodState state, const QColor &colour);

} // namespace clusterlab::app
