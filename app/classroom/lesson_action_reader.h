#pragma once

#include "classroom/lesson.h"

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace clusterlab::app {

/// readLessonActions reads a step's do: list (or a fault's): each action one field, the
/// files it names the lesson's own. A problem throws lesson_fields::Invalid at its mark.
std::vector<LessonAction> readLessonActions(const YAML::Node &node, const Lesson &lesson);

/// lessonViewName is a canvas view a lesson names: "lanes" or "nodes" (else Invalid).
std::string lessonViewName(const YAML::Node &node);

/// lessonPlaceholders lists the ${name.field} placeholders in a terminal command line, each
/// as {name, field}; an unknown field or an unclosed ${ throws Invalid at node.
std::vector<std::pair<std::string, std::string>> lessonPlaceholders(const std::string &command,
                                                                    const YAML::Node &node);

} // namespace clusterlab::app
