#pragma once

#include "api/port_forward.h"

namespace clusterlab {

class Engine;

/// portForwardResolver finds the ports of engine's Pods for `kubectl port-forward`: the
/// Pod's IP and the port its container really listens on. Each forwarded connection is a
/// flow (via "PortForward", no Service) from this computer straight into the Pod, so the
/// canvas draws it and the Pod's log shows it, as on a node where the kubelet connects to
/// the port inside the Pod. Thread: the resolver is called on API threads; it waits for the
/// engine strand briefly.
api::PortForwardResolver portForwardResolver(Engine &engine);

} // namespace clusterlab
