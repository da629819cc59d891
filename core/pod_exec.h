#pragma once

#include "api/exec.h"

namespace clusterlab {

class Engine;

/// execStarter runs `kubectl exec` commands in the containers of engine's Pods: each in its
/// own shell::Shell, as coroutines on a strand of the engine's io_context (the data plane's
/// threads, never the engine strand), with the Pod's environment, files and IP.
/// Thread: the returned starter is called on API threads; it waits for the strand briefly.
api::ExecStarter execStarter(Engine &engine);

} // namespace clusterlab
