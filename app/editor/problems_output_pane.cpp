#include "editor/problems_output_pane.h"

#include "editor/manifest_document.h"
#include "editor/problems_view.h"

#include <QFontDatabase>
#include <QPlainTextEdit>

namespace clusterlab::app {

ProblemsOutputPane::ProblemsOutputPane(QWidget *parent)
    : QTabWidget(parent), m_problems(new ProblemsView), m_output(new QPlainTextEdit)
{
    m_output->setReadOnly(true);
    m_output->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_output->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_output->setMaximumBlockCount(2000);
    addTab(m_problems, QStringLiteral("Problems"));
    addTab(m_output, QStringLiteral("Output"));
    setDocumentMode(true);
}

void ProblemsOutputPane::showProblemsOf(ManifestDocument *document)
{
    if (!document) {
        m_problems->setProblems(QString(), {});
        return;
    }
    m_problems->setProblems(document->displayName(), document->problems());
    QString title = QStringLiteral("Problems");
    if (m_problems->errorCount() || m_problems->warningCount())
        title += QStringLiteral(" (%1 error%2, %3 warning%4)")
                         .arg(m_problems->errorCount())
                         .arg(m_problems->errorCount() == 1 ? "" : "s")
                         .arg(m_problems->warningCount())
                         .arg(m_problems->warningCount() == 1 ? "" : "s");
    setTabText(0, title);
}

void ProblemsOutputPane::appendOutput(const QString &command, const QStringList &lines)
{
    m_output->appendPlainText(QStringLiteral("$ ") + command);
    for (const QString &line : lines)
        m_output->appendPlainText(line);
}

QString ProblemsOutputPane::outputText() const
{
    return m_output->toPlainText();
}

void ProblemsOutputPane::raiseProblems()
{
    setCurrentIndex(0);
}

void ProblemsOutputPane::raiseOutput()
{
    setCurrentIndex(indexOf(m_output));
}

} // namespace clusterlab::app
