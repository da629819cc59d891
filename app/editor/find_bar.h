#pragma once

#include <QWidget>

class QCheckBox;
class QLineEdit;
class QPlainTextEdit;

namespace clusterlab::app {

/// FindBar finds and replaces text in the current editor: Enter finds the next match,
/// Shift+Enter the previous, Escape closes; Replace all is one undoable edit.
class FindBar : public QWidget
{
    Q_OBJECT
public:
    explicit FindBar(QWidget *parent = nullptr);

    void setEditor(QPlainTextEdit *editor) { m_editor = editor; }
    /// open shows the bar with the editor's selection as the text to find.
    void open(bool replace);
    bool find(bool backwards = false);
    void replace();
    /// replaceAll returns how many matches were replaced.
    int replaceAll();
    QLineEdit *findEdit() const { return m_find; }
    QLineEdit *replaceEdit() const { return m_replace; }

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    QPlainTextEdit *m_editor = nullptr;
    QLineEdit *m_find;
    QLineEdit *m_replace;
    QCheckBox *m_case;
};

} // namespace clusterlab::app
