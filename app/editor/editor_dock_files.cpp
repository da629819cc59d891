// EditorDock's files: open (files and folders), save, save as, recent files, reload when a
// file changes on disk, autosave and restore after a crash, asking before unsaved text goes.
#include "editor/code_editor.h"
#include "editor/editor_dock.h"
#include "editor/manifest_document.h"

#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QMenu>
#include <QMessageBox>
#include <QSaveFile>
#include <QSettings>
#include <QTimer>

namespace clusterlab::app {

namespace {

constexpr int kMaxRecent = 10;

bool readText(const QString &path, QString &text)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    text = QString::fromUtf8(file.readAll());
    return true;
}

QStringList manifestFilesOf(const QString &folder)
{
    QStringList files;
    const QFileInfoList entries = QDir(folder).entryInfoList(
            { QStringLiteral("*.yaml"), QStringLiteral("*.yml"), QStringLiteral("*.json") },
            QDir::Files, QDir::Name);
    for (const QFileInfo &info : entries)
        files << info.absoluteFilePath();
    return files;
}

} // namespace

void EditorDock::openWithDialog()
{
    const QStringList files = QFileDialog::getOpenFileNames(
            this, QStringLiteral("Open manifests"), QString(),
            QStringLiteral("Kubernetes manifests (*.yaml *.yml *.json);;All files (*)"));
    openPaths(files, false);
}

ManifestDocument *EditorDock::openFile(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    for (ManifestDocument *document : documents())
        if (document->path() == absolute) {
            setCurrent(document);
            return document;
        }
    QString text;
    if (!readText(absolute, text)) {
        appendOutput(QStringLiteral("open ") + path,
                     { QStringLiteral("error: the path \"%1\" cannot be read").arg(path) });
        return nullptr;
    }
    // An empty untitled tab nobody typed in gives way to the file.
    ManifestDocument *document = nullptr;
    if (ManifestDocument *only = current(); only && documents().size() == 1
        && only->path().isEmpty() && only->text().isEmpty() && !only->isModified())
        document = only;
    if (!document)
        document = newDocument();
    document->setPath(absolute);
    document->editor()->setPlainText(text); // a fresh file: no undo back to empty
    document->setModified(false);
    document->recheck();
    refreshTitle(document);
    watch(document);
    rememberRecent(absolute);
    return document;
}

QList<ManifestDocument *> EditorDock::openPaths(const QStringList &paths, bool apply)
{
    QList<ManifestDocument *> opened;
    for (const QString &path : paths) {
        const QStringList files =
                QFileInfo(path).isDir() ? manifestFilesOf(path) : QStringList{ path };
        if (files.isEmpty())
            appendOutput(QStringLiteral("open ") + path,
                         { QStringLiteral("error: error reading [%1]: recognized file extensions "
                                          "are [.json .yaml .yml]")
                                   .arg(path) });
        for (const QString &file : files)
            if (ManifestDocument *document = openFile(file))
                opened << document;
    }
    if (apply)
        for (ManifestDocument *document : opened)
            applyDocument(document);
    return opened;
}

bool EditorDock::save(ManifestDocument *document)
{
    if (!document)
        return false;
    if (document->path().isEmpty())
        return saveAs(document);
    m_watcher->removePath(document->path());
    QSaveFile file(document->path());
    const bool ok = file.open(QIODevice::WriteOnly) && file.write(document->text().toUtf8()) >= 0
            && file.commit();
    m_watcher->addPath(document->path());
    if (!ok) {
        QMessageBox::warning(this, QStringLiteral("Not saved"),
                             QStringLiteral("%1 cannot be written: %2")
                                     .arg(document->path(), file.errorString()));
        return false;
    }
    document->setModified(false);
    m_autosave.remove(document->id());
    m_autosaved.remove(document);
    return true;
}

bool EditorDock::saveAs(ManifestDocument *document, const QString &chosen)
{
    if (!document)
        return false;
    QString path = chosen;
    if (path.isEmpty())
        path = QFileDialog::getSaveFileName(this, QStringLiteral("Save manifest as"),
                                            document->path().isEmpty() ? document->displayName()
                                                            + QStringLiteral(".yaml")
                                                                       : document->path(),
                                            QStringLiteral("YAML (*.yaml *.yml);;JSON (*.json)"));
    if (path.isEmpty())
        return false;
    if (!document->path().isEmpty())
        m_watcher->removePath(document->path());
    document->setPath(QFileInfo(path).absoluteFilePath());
    if (!save(document))
        return false;
    refreshTitle(document);
    rememberRecent(document->path());
    return true;
}

void EditorDock::watch(ManifestDocument *document)
{
    if (!document->path().isEmpty() && !m_watcher->files().contains(document->path()))
        m_watcher->addPath(document->path());
}

void EditorDock::onFileChanged(const QString &path)
{
    for (ManifestDocument *document : documents()) {
        if (document->path() != path)
            continue;
        QString text;
        if (!QFileInfo::exists(path) || !readText(path, text)) {
            document->setModified(true); // the file went: the text is all that is left
            continue;
        }
        m_watcher->addPath(path); // editors that replace files drop the watch
        if (text == document->text())
            continue;
        if (document->isModified())
            document->showDiskChange(true);
        else
            reload(document);
    }
}

void EditorDock::reload(ManifestDocument *document)
{
    QString text;
    if (!readText(document->path(), text))
        return;
    document->setText(text); // one undoable edit: the old text is a Ctrl+Z away
    document->setModified(false);
    document->showDiskChange(false);
}

QStringList EditorDock::recentFiles() const
{
    return QSettings().value(QStringLiteral("editor/recentFiles")).toStringList();
}

void EditorDock::rememberRecent(const QString &path)
{
    QStringList recent = recentFiles();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    QSettings().setValue(QStringLiteral("editor/recentFiles"), recent);
    rebuildRecentMenu();
}

void EditorDock::rebuildRecentMenu()
{
    if (!m_recentMenu)
        return;
    m_recentMenu->clear();
    const QStringList recent = recentFiles();
    for (const QString &path : recent)
        m_recentMenu->addAction(path, this, [this, path] {
            openFile(path);
        });
    if (recent.isEmpty())
        m_recentMenu->addAction(QStringLiteral("No recent files"))->setEnabled(false);
    else {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(QStringLiteral("Clear recent files"), this, [this] {
            QSettings().remove(QStringLiteral("editor/recentFiles"));
            rebuildRecentMenu();
        });
    }
}

bool EditorDock::confirmClose()
{
    QList<ManifestDocument *> unsaved;
    for (ManifestDocument *document : documents())
        if (document->isModified())
            unsaved << document;
    if (unsaved.isEmpty())
        return true;
    QStringList names;
    for (ManifestDocument *document : unsaved)
        names << document->displayName();
    const auto answer = QMessageBox::question(
            this, QStringLiteral("Unsaved changes"),
            QStringLiteral("These manifests have unsaved changes:\n%1\n\nSave them before "
                           "quitting?")
                    .arg(names.join(QLatin1Char('\n'))),
            QMessageBox::SaveAll | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Cancel)
        return false;
    for (ManifestDocument *document : unsaved) {
        if (answer == QMessageBox::SaveAll && !save(document))
            return false;
        m_autosave.remove(document->id());
    }
    return true;
}

void EditorDock::setAutosaveInterval(int milliseconds)
{
    m_autosaveTimer->start(milliseconds);
}

void EditorDock::autosaveNow()
{
    for (ManifestDocument *document : documents()) {
        if (!document->isModified())
            continue;
        const QString text = document->text();
        const size_t hash = qHash(text) ^ qHash(document->path());
        if (m_autosaved.value(document) == hash)
            continue; // nothing new since the last autosave
        if (m_autosave.save({ document->id(), document->path(), document->displayName(), text }))
            m_autosaved.insert(document, hash);
    }
}

void EditorDock::restoreAutosaved()
{
    for (const AutosaveStore::Entry &entry : m_autosave.entries()) {
        ManifestDocument *document = newDocument(QString(), entry.title);
        m_autosave.remove(entry.id); // from now on kept under the new document's id
        if (!entry.path.isEmpty()) {
            document->setPath(entry.path);
            watch(document);
        }
        document->setText(entry.text);
        document->setModified(true);
        refreshTitle(document);
        autosaveNow();
        appendOutput(QStringLiteral("restore ") + document->displayName(),
                     { QStringLiteral("unsaved text recovered from %1").arg(m_autosave.folder()) });
    }
}

} // namespace clusterlab::app
