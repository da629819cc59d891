#pragma once

#include "manifest/decode.h"

#include <vector>

namespace clusterlab::app {

class ClusterMirror;

/// lintManifest finds what the API server accepts but will not work as meant, as warnings at
/// the field's line:column: a Service selector that matches no Pod (neither running nor
/// declared in the same file), a targetPort no selected container declares, and a port name
/// used by two containers of one Pod (worded as the API server's Pod warnings).
/// mirror may be null (no cluster known). Thread: GUI thread (reads the mirror).
std::vector<manifest::Diagnostic> lintManifest(const std::vector<manifest::DecodedObject> &objects,
                                               const ClusterMirror *mirror);

} // namespace clusterlab::app
