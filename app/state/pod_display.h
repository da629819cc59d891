#pragma once

#include "model/pod.h"

#include <QString>

namespace clusterlab::app {

/// PodState is what a Pod shows at a glance (on its card, in its grid cell), each state with
/// its own colour and icon on the canvas.
enum class PodState { Pending, Creating, Running, NotReady, Terminating, Failed, Succeeded };

/// PodDisplay is the display copy of a Pod a card or the Inspector shows (never a pointer
/// into core).
struct PodDisplay
{
    QString uid, ns, name, ip, node, status, labels;
    PodState state = PodState::Pending;
    bool ready = false;
    bool operator==(const PodDisplay &) const = default;
};

/// podStateOf classifies a Pod for its card and its grid cell.
PodState podStateOf(const model::Pod &pod);
/// podDisplayOf copies what is shown of a Pod.
PodDisplay podDisplayOf(const model::Pod &pod);

} // namespace clusterlab::app
