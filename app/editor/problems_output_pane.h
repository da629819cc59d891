#pragma once

#include <QStringList>
#include <QTabWidget>

class QPlainTextEdit;

namespace clusterlab::app {

class ManifestDocument;
class ProblemsView;

/// ProblemsOutputPane is the pane below the editor's text: the Problems tab (the current
/// document's problems, counted in the tab's title) and the Output tab (what apply, open,
/// restore and export printed, each after a "$ command" line). Thread: GUI thread.
class ProblemsOutputPane : public QTabWidget
{
    Q_OBJECT
public:
    explicit ProblemsOutputPane(QWidget *parent = nullptr);

    ProblemsView *problemsView() const { return m_problems; }
    /// showProblemsOf lists the document's problems (nullptr: none) and counts them in the
    /// Problems tab's title.
    void showProblemsOf(ManifestDocument *document);
    /// appendOutput prints "$ command" and then the lines, in the Output tab.
    void appendOutput(const QString &command, const QStringList &lines);
    /// outputText is what was printed, oldest first.
    QString outputText() const;
    void raiseProblems();
    void raiseOutput();

private:
    ProblemsView *m_problems;
    QPlainTextEdit *m_output;
};

} // namespace clusterlab::app
