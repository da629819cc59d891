#pragma once

#include "editor/editor_problem.h"

#include <QTreeWidget>

namespace clusterlab::app {

/// ProblemsView lists a document's problems (errors first) as "line:column  message";
/// clicking one asks to jump there.
class ProblemsView : public QTreeWidget
{
    Q_OBJECT
public:
    explicit ProblemsView(QWidget *parent = nullptr);

    void setProblems(const QString &documentName, const EditorProblems &problems);
    int errorCount() const { return m_errors; }
    int warningCount() const { return m_warnings; }

signals:
    void jumpRequested(int line, int column);

private:
    int m_errors = 0;
    int m_warnings = 0;
};

} // namespace clusterlab::app
