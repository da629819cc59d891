#pragma once

#include "cli/options.h"

#include <iosfwd>
#include <string>

namespace clusterlab::app {

/// runHeadless applies the manifests (or the demo text), waits for the Pods, prints the
/// tables and serves until SIGINT/SIGTERM (or returns at once with --once).
/// Returns the process exit status. Thread: the main thread, which it blocks.
int runHeadless(const Options &options, const std::string &demoText, std::ostream &out,
                std::ostream &err);

} // namespace clusterlab::app
