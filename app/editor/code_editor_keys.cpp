// CodeEditor's keyboard: spaces-only indentation, comment toggling, keeping the indentation
// on Enter, completion of field names and enum values, and the context menu.
#include "editor/code_editor.h"
#include "editor/yaml_completion.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QContextMenuEvent>
#include <QMenu>
#include <QScrollBar>
#include <QStringListModel>
#include <QTextBlock>

#include <algorithm>
#include <climits>

namespace clusterlab::app {

namespace {

int leadingSpaces(const QString &text)
{
    int i = 0;
    while (i < text.size() && text[i] == QLatin1Char(' '))
        ++i;
    return i;
}

} // namespace

void CodeEditor::indentSelection(bool in)
{
    QTextCursor cursor = textCursor();
    const int first = document()->findBlock(cursor.selectionStart()).blockNumber();
    const int last = document()->findBlock(cursor.selectionEnd()).blockNumber();
    cursor.beginEditBlock();
    for (int n = first; n <= last; ++n) {
        QTextCursor c(document()->findBlockByNumber(n));
        if (in) {
            c.insertText(QStringLiteral("  "));
        } else {
            const QString text = c.block().text();
            const int spaces = text.startsWith(QLatin1String("  ")) ? 2
                    : text.startsWith(QLatin1Char(' '))             ? 1
                                                                    : 0;
            c.movePosition(QTextCursor::Right, QTextCursor::KeepAnchor, spaces);
            c.removeSelectedText();
        }
    }
    cursor.endEditBlock();
}

void CodeEditor::toggleComment()
{
    QTextCursor cursor = textCursor();
    const int first = document()->findBlock(cursor.selectionStart()).blockNumber();
    const int last = document()->findBlock(cursor.selectionEnd()).blockNumber();
    bool allCommented = true;
    int indent = INT_MAX;
    for (int n = first; n <= last; ++n) {
        const QString text = document()->findBlockByNumber(n).text();
        if (text.trimmed().isEmpty())
            continue;
        allCommented = allCommented && text.trimmed().startsWith(QLatin1Char('#'));
        indent = std::min(indent, leadingSpaces(text));
    }
    if (indent == INT_MAX)
        return;
    cursor.beginEditBlock();
    for (int n = first; n <= last; ++n) {
        const QTextBlock block = document()->findBlockByNumber(n);
        const QString text = block.text();
        if (text.trimmed().isEmpty())
            continue;
        QTextCursor c(block);
        if (allCommented) {
            const int hash = int(text.indexOf(QLatin1Char('#')));
            c.setPosition(block.position() + hash);
            const bool space = hash + 1 < text.size() && text[hash + 1] == QLatin1Char(' ');
            c.setPosition(block.position() + hash + (space ? 2 : 1), QTextCursor::KeepAnchor);
            c.removeSelectedText();
        } else {
            c.setPosition(block.position() + indent);
            c.insertText(QStringLiteral("# "));
        }
    }
    cursor.endEditBlock();
}

QString CodeEditor::wordBeforeCursor() const
{
    QTextCursor cursor = textCursor();
    const QString line = cursor.block().text().left(cursor.positionInBlock());
    return line;
}

void CodeEditor::complete()
{
    const YamlCompletion completion = yamlCompletion(wordBeforeCursor());
    if (completion.candidates.isEmpty()) {
        m_completer->popup()->hide();
        return;
    }
    m_completions->setStringList(completion.candidates);
    m_completer->setCompletionPrefix(completion.prefix);
    if (m_completer->completionCount() == 0
        || (m_completer->completionCount() == 1
            && m_completer->currentCompletion() == completion.prefix)) {
        m_completer->popup()->hide();
        return;
    }
    m_completer->popup()->setCurrentIndex(m_completer->completionModel()->index(0, 0));
    QRect rect = cursorRect();
    rect.translate(gutterWidth(), 0);
    rect.setWidth(m_completer->popup()->sizeHintForColumn(0)
                  + m_completer->popup()->verticalScrollBar()->sizeHint().width() + 8);
    m_completer->complete(rect);
}

void CodeEditor::insertCompletion(const QString &text)
{
    QTextCursor cursor = textCursor();
    const QString prefix = m_completer->completionPrefix();
    cursor.beginEditBlock();
    cursor.movePosition(QTextCursor::Left, QTextCursor::KeepAnchor, int(prefix.size()));
    const bool isValue =
            cursor.block().text().left(cursor.positionInBlock()).contains(QLatin1Char(':'));
    cursor.insertText(isValue ? text : text + QStringLiteral(": "));
    cursor.endEditBlock();
    setTextCursor(cursor);
}

void CodeEditor::keyPressEvent(QKeyEvent *event)
{
    if (m_completer->popup()->isVisible()) {
        switch (event->key()) {
        case Qt::Key_Enter:
        case Qt::Key_Return:
        case Qt::Key_Tab:
        case Qt::Key_Escape:
        case Qt::Key_Backtab:
            event->ignore(); // the completer takes these
            return;
        default:
            break;
        }
    }
    const bool ctrl = event->modifiers() & Qt::ControlModifier;
    if (event->key() == Qt::Key_Tab && !ctrl) {
        if (textCursor().hasSelection())
            indentSelection(true);
        else
            insertPlainText(QStringLiteral("  "));
        return;
    }
    if (event->key() == Qt::Key_Backtab) {
        indentSelection(false);
        return;
    }
    if (ctrl && (event->key() == Qt::Key_Slash || event->key() == Qt::Key_Question)) {
        toggleComment();
        return;
    }
    if (ctrl && event->key() == Qt::Key_Space) {
        complete();
        return;
    }
    if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) && !ctrl
        && !(event->modifiers() & Qt::AltModifier)) {
        // Keep the indentation of the line (and step in after "key:").
        const QString line = textCursor().block().text().left(textCursor().positionInBlock());
        QString indent(leadingSpaces(line), QLatin1Char(' '));
        if (line.trimmed().endsWith(QLatin1Char(':')))
            indent += QStringLiteral("  ");
        textCursor().insertText(QStringLiteral("\n") + indent);
        ensureCursorVisible();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
    const QString typed = event->text();
    if (!typed.isEmpty() && (typed[0].isLetter() || typed == QLatin1String(" "))) {
        const YamlCompletion completion = yamlCompletion(wordBeforeCursor());
        if (!completion.candidates.isEmpty()
            && (completion.prefix.size() >= 2
                || (typed == QLatin1String(" ") && completion.prefix.isEmpty()
                    && wordBeforeCursor().trimmed().endsWith(QLatin1Char(':')))))
            complete();
        else
            m_completer->popup()->hide();
    }
}

void CodeEditor::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu *menu = createStandardContextMenu(event->pos());
    menu->addSeparator();
    menu->addAction(QStringLiteral("Toggle comment"), QKeySequence(Qt::CTRL | Qt::Key_Slash), this,
                    &CodeEditor::toggleComment);
    menu->addAction(QStringLiteral("Complete"), QKeySequence(Qt::CTRL | Qt::Key_Space), this,
                    &CodeEditor::complete);
    menu->exec(event->globalPos());
    delete menu;
}

} // namespace clusterlab::app
