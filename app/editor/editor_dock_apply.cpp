// EditorDock's way to the cluster and back: apply (all or nothing per document, kubectl's
// lines), live mode, templates added to the current document, the cluster's changes followed
// into the documents (two-way), and export as YAML.
#include "editor/apply_runner.h"
#include "editor/code_editor.h"
#include "editor/editor_dock.h"
#include "editor/manifest_document.h"
#include "editor/sync_edits.h"
#include "editor/template_fitter.h"
#include "editor/yaml_export.h"
#include "state/cluster_state.h"

#include <QCheckBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QPointer>
#include <QSaveFile>
#include <QTabWidget>
#include <QTextBlock>

namespace clusterlab::app {

namespace {

QString applyCommand(const ManifestDocument *document)
{
    return QStringLiteral("kubectl apply -f ")
            + (document->path().isEmpty() ? document->displayName() : document->path());
}

} // namespace

void EditorDock::applyCurrent()
{
    applyDocument(current());
}

void EditorDock::applyDocument(ManifestDocument *document)
{
    if (!document)
        return;
    const DocumentCheck &check = document->check();
    m_lastApplied[document] = document->text();
    if (check.hasErrors) {
        QStringList lines;
        for (const EditorProblem &p : check.problems)
            if (!p.warning)
                lines << QStringLiteral("error: %1:%2:%3: %4")
                                 .arg(document->displayName())
                                 .arg(p.line)
                                 .arg(p.column)
                                 .arg(p.message);
        lines << QStringLiteral("nothing was applied: fix the problems above first");
        appendOutput(applyCommand(document), lines);
        if (document == current())
            m_bottom->setCurrentIndex(0);
        emit applied(document, false, lines);
        return;
    }
    if (check.report.objects.empty()) {
        appendOutput(applyCommand(document),
                     { QStringLiteral("error: no objects passed to apply") });
        emit applied(document, false, { QStringLiteral("error: no objects passed to apply") });
        return;
    }
    const QString text = document->text();
    QPointer<ManifestDocument> target(document);
    runApply(m_engine, check.report.objects, this,
             [this, target, text](const cluster::ApplyResult &result) {
                 QStringList lines;
                 for (const auto &line : result.outcomes)
                     lines << QString::fromStdString(line);
                 if (!result.ok)
                     for (const auto &error : result.errors)
                         lines << (error.code == cluster::Error::Code::Invalid
                                           ? QStringLiteral("The ")
                                                   + QString::fromStdString(error.message)
                                           : QStringLiteral("Error from server (%1): %2")
                                                     .arg(QString::fromStdString(
                                                                  cluster::reasonOf(error.code)),
                                                          QString::fromStdString(error.message)));
                 if (!target)
                     return;
                 appendOutput(applyCommand(target), lines);
                 if (!result.ok) {
                     m_bottom->setCurrentIndex(0);
                     if (target->text() == text)
                         target->setApplyProblems(toProblems(result.diagnostics, text));
                 } else {
                     m_bottom->setCurrentIndex(m_bottom->indexOf(m_output));
                 }
                 emit applied(target, result.ok, lines);
             });
}

void EditorDock::setLive(bool live)
{
    m_live = live;
    if (m_liveBox && m_liveBox->isChecked() != live)
        m_liveBox->setChecked(live);
    if (live)
        if (ManifestDocument *document = current())
            onDocumentChecked(document);
}

void EditorDock::addToCurrent(const QString &yaml)
{
    ManifestDocument *document = current();
    if (!document)
        document = newDocument();
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

void EditorDock::dropTemplate(const QString &id, const std::optional<QPointF> &scenePos)
{
    const QString tier = scenePos && m_tierAt ? m_tierAt(*scenePos) : QString();
    QStringList taken;
    for (ManifestDocument *document : documents())
        for (const auto &decoded : document->check().report.objects)
            taken << QString::fromStdString(model::meta(decoded.object).name);
    const QString yaml = fitTemplate(id, tier, m_state.mirror(), taken);
    if (yaml.isEmpty())
        return;
    addToCurrent(yaml);
}

void EditorDock::applyBatch(const BridgeBatch &batch)
{
    const QList<ManifestDocument *> open = documents();
    if (open.isEmpty())
        return;
    for (const cluster::WatchEvent &event : batch.events) {
        if (event.type == cluster::WatchEvent::Type::Deleted || !event.current)
            continue;
        const QString key = objectKey(*event.current);
        for (ManifestDocument *document : open) {
            const manifest::DecodedObject *written = document->declared(key);
            if (!written)
                continue;
            // A batch coalesces an object's events per frame: when it was created in the same
            // frame as it changed there is no previous, and what this document applied is it.
            // (A document that never applied, like recovered text, is not rewritten by adds.)
            if (!event.previous && !m_lastApplied.contains(document))
                continue;
            const model::Object &previous = event.previous ? *event.previous : written->object;
            const QList<TextEdit> edits = planSyncEdits(*document->editor()->document(), *written,
                                                        previous, *event.current);
            if (edits.isEmpty())
                continue;
            applyEdits(*document->editor()->document(), edits);
            // What the cluster holds now was applied: live mode has nothing to send back.
            m_lastApplied[document] = document->text();
            document->recheck();
        }
    }
}

QString EditorDock::exportYaml(const QString &uid) const
{
    return uid.isEmpty() ? clusterYaml(m_state.mirror()) : objectYamlOf(m_state.mirror(), uid);
}

void EditorDock::exportToFile(const QString &uid)
{
    const QString yaml = exportYaml(uid);
    if (yaml.isEmpty()) {
        appendOutput(QStringLiteral("export"),
                     { QStringLiteral("error: select an object on the "
                                      "canvas first") });
        return;
    }
    const QString path = QFileDialog::getSaveFileName(this, QStringLiteral("Export as YAML"),
                                                      exportFileName(m_state.mirror(), uid),
                                                      QStringLiteral("YAML (*.yaml *.yml)"));
    if (path.isEmpty())
        return;
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly) && file.write(yaml.toUtf8()) >= 0 && file.commit())
        appendOutput(QStringLiteral("export"), { QStringLiteral("wrote %1").arg(path) });
    else
        appendOutput(QStringLiteral("export"),
                     { QStringLiteral("error: %1: %2").arg(path, file.errorString()) });
}

} // namespace clusterlab::app
