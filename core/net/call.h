#pragma once

#include "model/call.h"

namespace clusterlab::net {

// A Pod's downstream calls are read from the model alone (core/model/call.h), so the app can
// ask the same question without the data plane; the network code keeps its names for them.
using model::Call;
using model::callsOf;
using model::callUrl;
using model::kCallsAnnotation;
using model::parseCall;

} // namespace clusterlab::net
