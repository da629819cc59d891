#include "editor/document_files.h"

#include "editor/code_editor.h"
#include "editor/document_autosaver.h"
#include "editor/document_tabs.h"
#include "editor/manifest_document.h"
#include "editor/problems_output_pane.h"

#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QMenu>
#include <QMessageBox>
#include <QSaveFile>
#include <QSettings>

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

DocumentFiles::DocumentFiles(DocumentTabs &tabs, ProblemsOutputPane &pane,
                             DocumentAutosaver &autosaver, QWidget *parent)
    : QObject(parent),
      m_window(parent),
      m_tabs(tabs),
      m_pane(pane),
      m_autosaver(autosaver),
      m_watcher(new QFileSystemWatcher(this))
{
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, &DocumentFiles::onFileChanged);
}

void DocumentFiles::openWithDialog()
{
    const QStringList files = QFileDialog::getOpenFileNames(
            m_window, QStringLiteral("Open manifests"), QString(),
            QStringLiteral("Kubernetes manifests (*.yaml *.yml *.json);;All files (*)"));
    openPaths(files);
}

ManifestDocument *DocumentFiles::openFile(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    for (ManifestDocument *document : m_tabs.documents())
        if (document->path() == absolute) {
            m_tabs.setCurrent(document);
            return document;
        }
    QString text;
    if (!readText(absolute, text)) {
        m_pane.appendOutput(QStringLiteral("open ") + path,
                            { QStringLiteral("error: the path \"%1\" cannot be read").arg(path) });
        return nullptr;
    }
    // An empty untitled tab nobody typed in gives way to the file.
    ManifestDocument *document = nullptr;
    if (ManifestDocument *only = m_tabs.current(); only && m_tabs.documents().size() == 1
        && only->path().isEmpty() && only->text().isEmpty() && !only->isModified())
        document = only;
    if (!document)
        document = m_tabs.newDocument();
    document->setPath(absolute);
    document->editor()->setPlainText(text); // a fresh file: no undo back to empty
    document->setModified(false);
    document->recheck();
    m_tabs.refreshTitle(document);
    watch(document);
    rememberRecent(absolute);
    return document;
}

QList<ManifestDocument *> DocumentFiles::openPaths(const QStringList &paths)
{
    QList<ManifestDocument *> opened;
    for (const QString &path : paths) {
        const QStringList files =
                QFileInfo(path).isDir() ? manifestFilesOf(path) : QStringList{ path };
        if (files.isEmpty())
            m_pane.appendOutput(QStringLiteral("open ") + path,
                                { QStringLiteral("error: error reading [%1]: recognized file "
                                                 "extensions are [.json .yaml .yml]")
                                          .arg(path) });
        for (const QString &file : files)
            if (ManifestDocument *document = openFile(file))
                opened << document;
    }
    return opened;
}

bool DocumentFiles::save(ManifestDocument *document)
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
        QMessageBox::warning(m_window, QStringLiteral("Not saved"),
                             QStringLiteral("%1 cannot be written: %2")
                                     .arg(document->path(), file.errorString()));
        return false;
    }
    document->setModified(false);
    m_autosaver.forget(document);
    return true;
}

bool DocumentFiles::saveAs(ManifestDocument *document, const QString &chosen)
{
    if (!document)
        return false;
    QString path = chosen;
    if (path.isEmpty())
        path = QFileDialog::getSaveFileName(m_window, QStringLiteral("Save manifest as"),
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
    m_tabs.refreshTitle(document);
    rememberRecent(document->path());
    return true;
}

bool DocumentFiles::closeDocument(ManifestDocument *document)
{
    if (!document)
        return false;
    if (document->isModified()) {
        m_tabs.setCurrent(document);
        const auto answer = QMessageBox::question(
                m_window, QStringLiteral("Unsaved changes"),
                QStringLiteral("Save the changes to %1 before closing it?")
                        .arg(document->displayName()),
                QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
        if (answer == QMessageBox::Cancel || (answer == QMessageBox::Save && !save(document)))
            return false;
    }
    if (!document->path().isEmpty())
        m_watcher->removePath(document->path());
    m_autosaver.forget(document);
    emit closing(document);
    m_tabs.removeDocument(document);
    return true;
}

bool DocumentFiles::confirmClose()
{
    QList<ManifestDocument *> unsaved;
    for (ManifestDocument *document : m_tabs.documents())
        if (document->isModified())
            unsaved << document;
    if (unsaved.isEmpty())
        return true;
    QStringList names;
    for (ManifestDocument *document : unsaved)
        names << document->displayName();
    const auto answer = QMessageBox::question(
            m_window, QStringLiteral("Unsaved changes"),
            QStringLiteral("These manifests have unsaved changes:\n%1\n\nSave them before "
                           "quitting?")
                    .arg(names.join(QLatin1Char('\n'))),
            QMessageBox::SaveAll | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Cancel)
        return false;
    for (ManifestDocument *document : unsaved) {
        if (answer == QMessageBox::SaveAll && !save(document))
            return false;
        m_autosaver.dropKept(document);
    }
    return true;
}

void DocumentFiles::watch(ManifestDocument *document)
{
    if (!document->path().isEmpty() && !m_watcher->files().contains(document->path()))
        m_watcher->addPath(document->path());
}

void DocumentFiles::onFileChanged(const QString &path)
{
    for (ManifestDocument *document : m_tabs.documents()) {
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

void DocumentFiles::reload(ManifestDocument *document)
{
    QString text;
    if (!readText(document->path(), text))
        return;
    document->setText(text); // one undoable edit: the old text is a Ctrl+Z away
    document->setModified(false);
    document->showDiskChange(false);
}

QStringList DocumentFiles::recentFiles() const
{
    return QSettings().value(QStringLiteral("editor/recentFiles")).toStringList();
}

void DocumentFiles::setRecentMenu(QMenu *menu)
{
    m_recentMenu = menu;
    rebuildRecentMenu();
}

void DocumentFiles::rememberRecent(const QString &path)
{
    QStringList recent = recentFiles();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    QSettings().setValue(QStringLiteral("editor/recentFiles"), recent);
    rebuildRecentMenu();
}

void DocumentFiles::rebuildRecentMenu()
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

void DocumentFiles::restoreAutosaved()
{
    AutosaveStore &store = m_autosaver.store();
    for (const AutosaveStore::Entry &entry : store.entries()) {
        ManifestDocument *document = m_tabs.newDocument(QString(), entry.title);
        store.remove(entry.id); // from now on kept under the new document's id
        if (!entry.path.isEmpty()) {
            document->setPath(entry.path);
            watch(document);
        }
        document->setText(entry.text);
        document->setModified(true);
        m_tabs.refreshTitle(document);
        m_autosaver.saveNow();
        m_pane.appendOutput(
                QStringLiteral("restore ") + document->displayName(),
                { QStringLiteral("unsaved text recovered from %1").arg(store.folder()) });
    }
}

} // namespace clusterlab::app
