#pragma once

#include "manifest/field_reader.h"
#include "model/label_selector.h"
#include "model/pod.h"

namespace clusterlab::manifest::detail {

void readObjectMeta(FieldReader &r, model::ObjectMeta &meta);
void readLabelSelector(FieldReader &r, model::LabelSelector &selector);
void readPodSpec(FieldReader &r, model::PodSpec &spec);
void readPodTemplate(FieldReader &r, model::PodTemplateSpec &tmpl);

} // namespace clusterlab::manifest::detail
