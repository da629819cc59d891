#pragma once

#include "api/exec.h"

#include <memory>

namespace clusterlab::api {

/// startAttach attaches to the container of a checked pods/attach request: every line its
/// main process writes from now on (spec.attachLog, what `kubectl logs -f --tail=0` shows)
/// goes to sink on stdout, with "\r\n" when the client asked for a TTY. Input is read and
/// dropped (the simulated servers read no stdin). It ends, Success, when the log closes (the
/// Pod is gone); terminate() (the client went away) unsubscribes.
/// Thread: any; lines are written on the log writer's thread.
std::shared_ptr<ExecProcess> startAttach(const ExecSpec &spec, std::shared_ptr<ExecSink> sink);

} // namespace clusterlab::api
