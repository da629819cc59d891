#pragma once

#include "editor/editor_problem.h"

#include <QPlainTextEdit>
#include <QUrl>

class QCompleter;
class QStringListModel;

namespace clusterlab::app {

class YamlHighlighter;

/// CodeEditor is the YAML text of one document: a line-number gutter with problem marks,
/// the current line highlighted, problems underlined (errors red, warnings amber) with the
/// message on hover, spaces-only indentation (Tab inserts two spaces, Shift+Tab removes
/// them), Ctrl+/ toggling comments, and completion of field names and enum values.
/// Dropped file URLs are handed on (filesDropped) instead of being pasted as text.
class CodeEditor : public QPlainTextEdit
{
    Q_OBJECT
public:
    explicit CodeEditor(QWidget *parent = nullptr);

    void setProblems(const EditorProblems &problems);
    const EditorProblems &problems() const { return m_problems; }
    /// jumpTo puts the cursor at a 1-based line and column and shows it.
    void jumpTo(int line, int column);
    /// toggleComment comments out the selected lines, or uncomments them when all are.
    void toggleComment();
    /// complete opens the completion list for the word at the cursor.
    void complete();
    YamlHighlighter *highlighter() const { return m_highlighter; }

    int gutterWidth() const;
    void paintGutter(QPaintEvent *event);

signals:
    void filesDropped(const QList<QUrl> &urls);

protected:
    void keyPressEvent(QKeyEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    bool event(QEvent *event) override;
    bool canInsertFromMimeData(const QMimeData *source) const override;
    void insertFromMimeData(const QMimeData *source) override;

private:
    void updateSelections();
    void indentSelection(bool in);
    void insertCompletion(const QString &text);
    QString wordBeforeCursor() const;
    const EditorProblem *problemAt(const QTextCursor &cursor) const;
    QTextCursor problemRange(const EditorProblem &problem) const;

    QWidget *m_gutter;
    YamlHighlighter *m_highlighter;
    QCompleter *m_completer;
    QStringListModel *m_completions;
    EditorProblems m_problems;
};

} // namespace clusterlab::app
