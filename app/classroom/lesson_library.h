#pragma once

#include "classroom/lesson_reader.h"

#include <QString>
#include <QStringList>

namespace clusterlab::app {

/// builtInLessons lists the ids of the lessons ClusterLab carries, in teaching order.
QStringList builtInLessons();

/// loadLesson reads a lesson by file path, or by the id of a built-in lesson
/// ("services-clusterip"); an unknown name is a problem that lists the built-in ones.
LessonRead loadLesson(const QString &nameOrFile);

/// isLessonFile: a file that is a lesson (has a top-level `lesson:` and `steps:`), so a drop
/// on the window can tell a lesson from a manifest.
bool isLessonFile(const QString &path);

} // namespace clusterlab::app
