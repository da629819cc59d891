#pragma once

#include "manifest/decode.h"
#include "manifest/diagnostic.h"
#include "model/object.h"

#include <string>
#include <vector>

namespace clusterlab::manifest {

/// validate checks an object as the API server does on create (after v1 defaulting), and
/// returns every field error in the API server's order, worded exactly as it words them.
/// An empty list means the object is valid. Thread: any; pure function.
std::vector<FieldError> validate(const model::Object &object);

/// validateUpdate checks an update of previous to current: the fields that may not change
/// (apps/v1 spec.selector, a Service's allocated clusterIP, StatefulSet spec fields) plus
/// validate(current), in the order the update strategies use. Thread: any; pure function.
std::vector<FieldError> validateUpdate(const model::Object &previous, const model::Object &current);

/// validateDecoded runs validate() on a decoded object and turns each error into a Diagnostic
/// at the line:column where the user wrote the culprit (or its nearest written parent).
/// Thread: any; pure function.
std::vector<Diagnostic> validateDecoded(const DecodedObject &decoded);

/// qualifiedKind is GroupKind.String(): "Service", "Deployment.apps",
/// "EndpointSlice.discovery.k8s.io"; an unknown kind is returned unchanged.
std::string qualifiedKind(const std::string &kind);

} // namespace clusterlab::manifest
