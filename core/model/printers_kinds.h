#pragma once

// Row printers for the kinds beyond Service, Pod and Deployment (printers_kinds.cpp); used
// by tableFor only.

#include "model/printers.h"

namespace clusterlab::model::detail {

std::string age(const ObjectMeta &meta, Time now);
std::string orNone(const std::string &s);
std::string containerNames(const PodTemplateSpec &t);
std::string containerImages(const PodTemplateSpec &t);

/// otherKindTable fills columns and rows for kind; false when kind has no printer.
bool otherKindTable(const std::string &kind, const std::vector<ObjectPtr> &objects, Time now,
                    Table &table);

} // namespace clusterlab::model::detail
