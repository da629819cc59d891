#pragma once

#include <QList>
#include <QString>

namespace clusterlab::app {

/// EditorProblem is one diagnostic as the editor shows it: where (1-based line and column
/// in characters of the text, 0 = unknown), how bad, and the API server's message.
struct EditorProblem
{
    bool warning = false;
    int line = 0;
    int column = 0;
    QString message;
    QString fieldPath;

    bool operator==(const EditorProblem &) const = default;
};

using EditorProblems = QList<EditorProblem>;

} // namespace clusterlab::app
