#include "editor/code_editor.h"

#include "editor/yaml_highlighter.h"

#include <QCompleter>
#include <QFontDatabase>
#include <QHelpEvent>
#include <QMimeData>
#include <QPainter>
#include <QStringListModel>
#include <QTextBlock>
#include <QToolTip>

#include <algorithm>

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
