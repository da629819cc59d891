#pragma once

#include "classroom/lesson.h"

#include <optional>
#include <string>
#include <vector>

namespace clusterlab::app {

/// LessonProblem is one thing wrong with a lesson file, at its line and column (1-based).
struct LessonProblem
{
    std::string source;
    int line = 0;
    int column = 0;
    std::string message;
    /// format writes "source:line:column: message", as compilers and kubectl do.
    std::string format() const;
};

/// LessonRead is a lesson, or the problems that stopped it from being read.
struct LessonRead
{
    std::optional<Lesson> lesson;
    std::vector<LessonProblem> problems;
};

/// readLesson reads a lesson file (the format the README documents): strict, so a typo in a
/// field name is an error at its line rather than a step that silently does nothing; every
/// file an action names must be one the lesson carries, and its manifests must decode.
/// Pure: no Qt, no engine.
LessonRead readLesson(const std::string &text, const std::string &source);

} // namespace clusterlab::app
