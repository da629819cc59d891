#pragma once

#include "logs/pod_logs.h"
#include "model/pod.h"
#include "net/pod_context.h"

#include <vector>

namespace clusterlab {

/// openContainerLogs opens the log of every container of the Pod in podLogs and returns the
/// outputs its PodServer's sessions write to (each in its image's format). A container whose
/// log is new has just started: it writes its image's start-up lines first, naming the ports
/// of listeners; a Pod server restarted for new ports keeps its logs as they are.
/// Thread: the engine strand (podLogs itself is thread-safe).
net::ContainerOutputs openContainerLogs(logs::PodLogs &podLogs, const model::Pod &pod,
                                        const std::vector<net::Listener> &listeners);

} // namespace clusterlab
