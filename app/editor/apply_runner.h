#pragma once

#include "engine.h"

#include <QObject>

#include <functional>

namespace clusterlab::app {

/// runApply hands decoded objects to Engine::apply (all or nothing) and calls done with the
/// result on the GUI thread, if context still exists. The wait for the engine happens on a
/// pool thread: the GUI thread never blocks. Thread: GUI thread.
void runApply(Engine &engine, std::vector<manifest::DecodedObject> objects, QObject *context,
              std::function<void(const cluster::ApplyResult &)> done);

} // namespace clusterlab::app
