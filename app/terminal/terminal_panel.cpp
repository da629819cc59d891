#include "terminal/terminal_panel.h"

#include "terminal/process_runner.h"
#include "terminal/terminal_input.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTextCharFormat>
#include <QTextCursor>
#include <QVBoxLayout>

namespace clusterlab::app {

namespace {

/// Palette is the panel's colours in one mode.
struct Palette
{
    QColor background;
    QColor text;
    QColor echo;
    QColor error;
    QColor note;
};

Palette paletteFor(bool presentation, const QPalette &system)
{
    if (presentation) // high contrast for a projector
        return { Qt::black, Qt::white, QColor(0xff, 0xd5, 0x4f), QColor(0xff, 0x8a, 0x80),
                 QColor(0x80, 0xd8, 0xff) };
    return { system.color(QPalette::Base), system.color(QPalette::Text), QColor(0x15, 0x65, 0xc0),
             QColor(0xc6, 0x28, 0x28), QColor(0x6a, 0x6a, 0x6a) };
}

constexpr int kPresentationPointSize = 16; // kubectl tables fit a third of a 1080p screen

} // namespace

TerminalPanel::TerminalPanel(Engine &engine, QWidget *parent)
    : QWidget(parent), m_engine(engine), m_runner(new ProcessRunner(this))
{
    setObjectName(QStringLiteral("terminalPanel"));
    m_pool.setMaxThreadCount(1);
    m_output = new QPlainTextEdit(this);
    m_output->setObjectName(QStringLiteral("terminalOutput"));
    m_output->setReadOnly(true);
    m_output->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_output->setMaximumBlockCount(5000);
    m_output->setUndoRedoEnabled(false);
    m_prompt = new QLabel(QStringLiteral("$"), this);
    m_input = new TerminalInput(this);
    m_input->setObjectName(QStringLiteral("terminalInput"));
    m_input->setFrame(false);
    auto *line = new QHBoxLayout;
    line->setContentsMargins(4, 2, 4, 2);
    line->addWidget(m_prompt);
    line->addWidget(m_input, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_output, 1);
    layout->addLayout(line);
    setFocusProxy(m_input);
    m_output->setFocusProxy(m_input);

    connect(m_input, &TerminalInput::submitted, this, &TerminalPanel::run);
    connect(m_input, &TerminalInput::interruptRequested, this, &TerminalPanel::interrupt);
    connect(m_input, &TerminalInput::clearRequested, this, &TerminalPanel::clear);
    connect(m_runner, &ProcessRunner::output, this, [this](const QString &text, bool error) {
        print(text, error ? Style::Err : Style::Out);
    });
    connect(m_runner, &ProcessRunner::finished, this, [this](int exitCode, const QString &note) {
        if (!note.isEmpty())
            print(note + QLatin1Char('\n'), Style::Note);
        finish(exitCode);
    });
    m_forceBuiltin = qEnvironmentVariableIntValue("CLUSTERLAB_BUILTIN_KUBECTL") == 1;
    applyStyle();
}

TerminalPanel::~TerminalPanel()
{
    // A worker refers to the engine and queues its result to this panel: let it end first.
    ++m_generation;
    m_pool.waitForDone();
}

void TerminalPanel::setKubeconfig(const QString &path)
{
    m_kubeconfig = path;
    m_toldBuiltin = false;
}

void TerminalPanel::setWorkingDirectory(const QString &dir)
{
    m_workingDirectory = dir;
}

void TerminalPanel::setBuiltinKubectl(bool forced)
{
    m_forceBuiltin = forced;
}

KubectlMode TerminalPanel::kubectlMode() const
{
    if (m_forceBuiltin || m_kubeconfig.isEmpty()
        || QStandardPaths::findExecutable(QStringLiteral("kubectl")).isEmpty())
        return KubectlMode::Builtin;
    return KubectlMode::Real;
}

void TerminalPanel::setPresentation(bool on)
{
    m_presentation = on;
    applyStyle();
}

void TerminalPanel::setTimeout(int msec)
{
    m_timeoutMsec = msec;
}

void TerminalPanel::clear()
{
    m_output->clear();
    m_lineOpen = false;
}

QString TerminalPanel::outputText() const
{
    return m_output->toPlainText();
}

void TerminalPanel::applyStyle()
{
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    if (m_presentation)
        font.setPointSize(kPresentationPointSize);
    m_output->setFont(font);
    m_input->setFont(font);
    m_prompt->setFont(font);
    const Palette colours = paletteFor(m_presentation, QPalette());
    for (QWidget *w : { static_cast<QWidget *>(m_output), static_cast<QWidget *>(m_input),
                        static_cast<QWidget *>(m_prompt) }) {
        QPalette p = w->palette();
        p.setColor(QPalette::Base, colours.background);
        p.setColor(QPalette::Window, colours.background);
        p.setColor(QPalette::Text, colours.text);
        p.setColor(QPalette::WindowText, m_busy ? colours.note : colours.echo);
        w->setPalette(p);
        w->setAutoFillBackground(true);
    }
    setAutoFillBackground(true);
    QPalette own = palette();
    own.setColor(QPalette::Window, colours.background);
    setPalette(own);
}

void TerminalPanel::print(const QString &text, Style style)
{
    if (text.isEmpty())
        return;
    if (style != Style::Echo && style != Style::Aside)
        m_currentOutput += text;
    const Palette colours = paletteFor(m_presentation, QPalette());
    QTextCharFormat format;
    switch (style) {
    case Style::Echo:
        format.setForeground(colours.echo);
        format.setFontWeight(QFont::Bold);
        break;
    case Style::Out:
        format.setForeground(colours.text);
        break;
    case Style::Err:
        format.setForeground(colours.error);
        break;
    case Style::Note:
    case Style::Aside:
        format.setForeground(colours.note);
        format.setFontItalic(true);
        break;
    }
    QScrollBar *bar = m_output->verticalScrollBar();
    const bool atEnd = bar->value() >= bar->maximum() - 2;
    QTextCursor cursor(m_output->document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(text, format);
    m_lineOpen = !text.endsWith(QLatin1Char('\n'));
    if (atEnd)
        bar->setValue(bar->maximum());
}

void TerminalPanel::setBusy(bool busy)
{
    if (m_busy == busy)
        return;
    m_busy = busy;
    m_prompt->setText(busy ? tr("running… $") : QStringLiteral("$"));
    applyStyle();
    emit busyChanged(busy);
}

} // namespace clusterlab::app
