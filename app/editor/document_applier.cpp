#include "editor/document_applier.h"

#include "editor/apply_runner.h"
#include "editor/code_editor.h"
#include "editor/document_tabs.h"
#include "editor/manifest_document.h"
#include "editor/problems_output_pane.h"
#include "editor/template_fitter.h"
#include "state/cluster_state.h"

#include <QPointer>
#include <QTextBlock>

namespace clusterlab::app {

namespace {

QString applyCommand(const ManifestDocument *document)
{
    return QStringLiteral("kubectl apply -f ")
            + (document->path().isEmpty() ? document->displayName() : document->path());
}

/// linesOf is what kubectl prints for an apply: one line per object, then the errors.
QStringList linesOf(const cluster::ApplyResult &result)
{
    QStringList lines;
    for (const auto &line : result.outcomes)
        lines << QString::fromStdString(line);
    if (!result.ok)
        for (const auto &error : result.errors)
            lines << (error.code == cluster::Error::Code::Invalid
                              ? QStringLiteral("The ") + QString::fromStdString(error.message)
                              : QStringLiteral("Error from server (%1): %2")
                                        .arg(QString::fromStdString(cluster::reasonOf(error.code)),
                                             QString::fromStdString(error.message)));
    return lines;
}

} // namespace

DocumentApplier::DocumentApplier(Engine &engine, const ClusterState &state, DocumentTabs &tabs,
                                 ProblemsOutputPane &pane, QObject *parent)
    : QObject(parent), m_engine(engine), m_state(state), m_tabs(tabs), m_pane(pane)
{
}

void DocumentApplier::applyCurrent()
{
    applyDocument(m_tabs.current());
}

void DocumentApplier::applyDocument(ManifestDocument *document)
{
    if (!document)
        return;
    const DocumentCheck &check = document->check();
    m_lastApplied[document] = document->text();
    if (check.hasErrors) {
        refuseWithProblems(document);
        return;
    }
    if (check.report.objects.empty()) {
        const QStringList lines{ QStringLiteral("error: no objects passed to apply") };
        m_pane.appendOutput(applyCommand(document), lines);
        emit applied(document, false, lines);
        return;
    }
    sendToEngine(document);
}

void DocumentApplier::refuseWithProblems(ManifestDocument *document)
{
    QStringList lines;
    for (const EditorProblem &p : document->check().problems)
        if (!p.warning)
            lines << QStringLiteral("error: %1:%2:%3: %4")
                             .arg(document->displayName())
                             .arg(p.line)
                             .arg(p.column)
                             .arg(p.message);
    lines << QStringLiteral("nothing was applied: fix the problems above first");
    m_pane.appendOutput(applyCommand(document), lines);
    if (document == m_tabs.current())
        m_pane.raiseProblems();
    emit applied(document, false, lines);
}

void DocumentApplier::sendToEngine(ManifestDocument *document)
{
    const QString text = document->text();
    QPointer<ManifestDocument> target(document);
    runApply(m_engine, document->check().report.objects, this,
             [this, target, text](const cluster::ApplyResult &result) {
                 const QStringList lines = linesOf(result);
                 if (!target)
                     return;
                 m_pane.appendOutput(applyCommand(target), lines);
                 if (!result.ok) {
                     m_pane.raiseProblems();
                     if (target->text() == text)
                         target->setApplyProblems(toProblems(result.diagnostics, text));
                 } else {
                     m_pane.raiseOutput();
                 }
                 emit applied(target, result.ok, lines);
             });
}

void DocumentApplier::setLive(bool live)
{
    const bool changed = m_live != live;
    m_live = live;
    if (changed)
        emit liveChanged(live);
    if (live)
        if (ManifestDocument *document = m_tabs.current())
            applyIfLive(document);
}

void DocumentApplier::applyIfLive(ManifestDocument *document)
{
    if (m_live && !document->check().hasErrors && m_lastApplied.value(document) != document->text())
        applyDocument(document);
}

void DocumentApplier::addToCurrent(const QString &yaml)
{
    ManifestDocument *document = m_tabs.current();
    if (!document)
        document = m_tabs.newDocument();
    QString text = document->text();
    QString addition = yaml;
    if (!text.trimmed().isEmpty()) {
        if (!text.endsWith(QLatin1Char('\n')))
            addition.prepend(QLatin1Char('\n'));
        if (!yaml.startsWith(QLatin1String("---")))
            addition.prepend(QStringLiteral("---\n"));
        if (!text.endsWith(QLatin1Char('\n')))
            addition.prepend(QLatin1Char('\n'));
    }
    QTextCursor cursor(document->editor()->document());
    cursor.movePosition(QTextCursor::End);
    const int firstNewLine = cursor.blockNumber() + 1;
    cursor.insertText(addition);
    document->recheck();
    document->editor()->jumpTo(firstNewLine, 1);
    applyDocument(document);
}

void DocumentApplier::dropTemplate(const QString &id, const std::optional<QPointF> &scenePos)
{
    const QString tier = scenePos && m_tierAt ? m_tierAt(*scenePos) : QString();
    QStringList taken;
    for (ManifestDocument *document : m_tabs.documents())
        for (const auto &decoded : document->check().report.objects)
            taken << QString::fromStdString(model::meta(decoded.object).name);
    const QString yaml = fitTemplate(id, tier, m_state.mirror(), taken);
    if (yaml.isEmpty())
        return;
    addToCurrent(yaml);
}

bool DocumentApplier::hasApplied(ManifestDocument *document) const
{
    return m_lastApplied.contains(document);
}

void DocumentApplier::markApplied(ManifestDocument *document)
{
    m_lastApplied[document] = document->text();
}

void DocumentApplier::forget(ManifestDocument *document)
{
    m_lastApplied.remove(document);
}

} // namespace clusterlab::app
