#include "editor/code_editor.h"

#include "editor/yaml_completion.h"
#include "editor/yaml_highlighter.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QContextMenuEvent>
#include <QFontDatabase>
#include <QHelpEvent>
#include <QMenu>
#include <QMimeData>
#include <QPainter>
#include <QScrollBar>
#include <QStringListModel>
#include <QTextBlock>
#include <QToolTip>

#include <algorithm>
#include <climits>

namespace clusterlab::app {

namespace {

const QColor kErrorColour(0xd1, 0x24, 0x2f);
const QColor kWarningColour(0xd9, 0x8a, 0x00);

/// LineGutter paints line numbers and problem marks beside the text.
class LineGutter : public QWidget
{
public:
    explicit LineGutter(CodeEditor *editor) : QWidget(editor), m_editor(editor) { }
    QSize sizeHint() const override { return { m_editor->gutterWidth(), 0 }; }

protected:
    void paintEvent(QPaintEvent *event) override { m_editor->paintGutter(event); }

private:
    CodeEditor *m_editor;
};

int leadingSpaces(const QString &text)
{
    int i = 0;
    while (i < text.size() && text[i] == QLatin1Char(' '))
        ++i;
    return i;
}

bool isLocalFileDrop(const QMimeData *source)
{
    if (!source->hasUrls())
        return false;
    for (const QUrl &url : source->urls())
        if (!url.isLocalFile())
            return false;
    return !source->urls().isEmpty();
}

} // namespace

CodeEditor::CodeEditor(QWidget *parent)
    : QPlainTextEdit(parent),
      m_gutter(new LineGutter(this)),
      m_highlighter(new YamlHighlighter(document())),
      m_completer(new QCompleter(this)),
      m_completions(new QStringListModel(this))
{
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    font.setPointSizeF(std::max(9.0, font.pointSizeF()));
    setFont(font);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setTabStopDistance(fontMetrics().horizontalAdvance(QLatin1Char(' ')) * 2);
    setMouseTracking(true);
    m_completer->setModel(m_completions);
    m_completer->setWidget(this);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    connect(m_completer, qOverload<const QString &>(&QCompleter::activated), this,
            &CodeEditor::insertCompletion);
    connect(this, &QPlainTextEdit::blockCountChanged, this, [this] {
        setViewportMargins(gutterWidth(), 0, 0, 0);
    });
    connect(this, &QPlainTextEdit::updateRequest, this, [this](const QRect &rect, int dy) {
        if (dy)
            m_gutter->scroll(0, dy);
        else
            m_gutter->update(0, rect.y(), m_gutter->width(), rect.height());
    });
    connect(this, &QPlainTextEdit::cursorPositionChanged, this, &CodeEditor::updateSelections);
    setViewportMargins(gutterWidth(), 0, 0, 0);
    updateSelections();
}

int CodeEditor::gutterWidth() const
{
    int digits = 2;
    for (int max = std::max(1, blockCount()); max >= 10; max /= 10)
        ++digits;
    return 14 + fontMetrics().horizontalAdvance(QLatin1Char('9')) * digits;
}

void CodeEditor::resizeEvent(QResizeEvent *event)
{
    QPlainTextEdit::resizeEvent(event);
    const QRect r = contentsRect();
    m_gutter->setGeometry(QRect(r.left(), r.top(), gutterWidth(), r.height()));
}

void CodeEditor::paintGutter(QPaintEvent *event)
{
    QPainter painter(m_gutter);
    const QPalette pal = palette();
    painter.fillRect(event->rect(), pal.color(QPalette::AlternateBase));
    QHash<int, bool> marks; // line -> has an error
    for (const EditorProblem &p : m_problems)
        if (p.line > 0)
            marks[p.line] = marks.value(p.line) || !p.warning;
    QTextBlock block = firstVisibleBlock();
    int top = qRound(blockBoundingGeometry(block).translated(contentOffset()).top());
    const int current = textCursor().blockNumber();
    const int height = fontMetrics().height();
    while (block.isValid() && top <= event->rect().bottom()) {
        const int bottom = top + qRound(blockBoundingRect(block).height());
        if (block.isVisible() && bottom >= event->rect().top()) {
            const int line = block.blockNumber() + 1;
            if (marks.contains(line)) {
                painter.setPen(Qt::NoPen);
                painter.setBrush(marks.value(line) ? kErrorColour : kWarningColour);
                painter.drawEllipse(QRectF(3, top + height / 2.0 - 3.5, 7, 7));
            }
            QColor text = pal.color(QPalette::PlaceholderText);
            if (block.blockNumber() == current)
                text = pal.color(QPalette::Text);
            painter.setPen(text);
            painter.drawText(0, top, m_gutter->width() - 4, height, Qt::AlignRight,
                             QString::number(line));
        }
        block = block.next();
        top = bottom;
    }
}

QTextCursor CodeEditor::problemRange(const EditorProblem &problem) const
{
    const QTextBlock block = document()->findBlockByNumber(problem.line - 1);
    if (!block.isValid())
        return {};
    const QString text = block.text();
    int start = std::clamp(problem.column - 1, 0, int(std::max<qsizetype>(0, text.size() - 1)));
    int end = start;
    QChar quote;
    if (end < text.size() && (text[end] == QLatin1Char('"') || text[end] == QLatin1Char('\'')))
        quote = text[end++];
    while (end < text.size()) {
        const QChar c = text[end];
        if (!quote.isNull()) {
            ++end;
            if (c == quote)
                break;
            continue;
        }
        if (c.isSpace() || c == QLatin1Char(',') || c == QLatin1Char('}') || c == QLatin1Char(']')
            || (c == QLatin1Char(':') && (end + 1 == text.size() || text[end + 1].isSpace())))
            break;
        ++end;
    }
    if (end == start)
        end = std::min<int>(int(text.size()), start + 1);
    QTextCursor cursor(document());
    cursor.setPosition(block.position() + start);
    cursor.setPosition(block.position() + end, QTextCursor::KeepAnchor);
    return cursor;
}

void CodeEditor::updateSelections()
{
    QList<QTextEdit::ExtraSelection> selections;
    QTextEdit::ExtraSelection line;
    QColor highlight = palette().color(QPalette::Highlight);
    highlight.setAlpha(28);
    line.format.setBackground(highlight);
    line.format.setProperty(QTextFormat::FullWidthSelection, true);
    line.cursor = textCursor();
    line.cursor.clearSelection();
    selections << line;
    for (const EditorProblem &p : m_problems) {
        if (p.line <= 0)
            continue;
        QTextEdit::ExtraSelection mark;
        mark.cursor = problemRange(p);
        if (mark.cursor.isNull())
            continue;
        mark.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        mark.format.setUnderlineColor(p.warning ? kWarningColour : kErrorColour);
        selections << mark;
    }
    setExtraSelections(selections);
}

void CodeEditor::setProblems(const EditorProblems &problems)
{
    if (problems == m_problems)
        return;
    m_problems = problems;
    updateSelections();
    m_gutter->update();
}

void CodeEditor::jumpTo(int line, int column)
{
    const QTextBlock block = document()->findBlockByNumber(std::max(0, line - 1));
    if (!block.isValid())
        return;
    QTextCursor cursor(block);
    cursor.setPosition(block.position() + std::clamp(column - 1, 0, int(block.text().size())));
    setTextCursor(cursor);
    centerCursor();
    setFocus();
}

const EditorProblem *CodeEditor::problemAt(const QTextCursor &cursor) const
{
    const int line = cursor.blockNumber() + 1;
    const EditorProblem *best = nullptr;
    for (const EditorProblem &p : m_problems) {
        if (p.line != line)
            continue;
        const QTextCursor range = problemRange(p);
        if (cursor.position() >= range.selectionStart()
            && cursor.position() <= range.selectionEnd())
            return &p;
        if (!best)
            best = &p;
    }
    return best;
}

bool CodeEditor::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        QStringList lines;
        const QPoint inViewport = viewport()->mapFrom(this, help->pos());
        if (help->pos().x() < gutterWidth()) {
            const int line = cursorForPosition(QPoint(0, inViewport.y())).blockNumber() + 1;
            for (const EditorProblem &p : m_problems)
                if (p.line == line)
                    lines << p.message;
        } else if (const EditorProblem *p = problemAt(cursorForPosition(inViewport))) {
            lines << p->message;
        }
        if (lines.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), lines.join(QLatin1Char('\n')), this);
        return true;
    }
    return QPlainTextEdit::event(event);
}

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

bool CodeEditor::canInsertFromMimeData(const QMimeData *source) const
{
    return isLocalFileDrop(source) || QPlainTextEdit::canInsertFromMimeData(source);
}

void CodeEditor::insertFromMimeData(const QMimeData *source)
{
    if (isLocalFileDrop(source)) {
        emit filesDropped(source->urls());
        return;
    }
    QPlainTextEdit::insertFromMimeData(source);
}

} // namespace clusterlab::app
