#pragma once

#include <QObject>
#include <QStringList>

class QFileSystemWatcher;
class QMenu;
class QWidget;

namespace clusterlab::app {

class DocumentAutosaver;
class DocumentTabs;
class ManifestDocument;
class ProblemsOutputPane;

/// DocumentFiles ties the editor's documents to files: open (files and folders), save, save
/// as, the recent files (kept in QSettings, shown in a menu), reload when a file changes on
/// disk, asking before unsaved text goes, and bringing autosaved text back after a crash.
/// What it cannot read it reports in the Output tab. Thread: GUI thread.
class DocumentFiles : public QObject
{
    Q_OBJECT
public:
    /// parent is also the parent of the dialogs it shows.
    DocumentFiles(DocumentTabs &tabs, ProblemsOutputPane &pane, DocumentAutosaver &autosaver,
                  QWidget *parent);

    /// openFile opens a manifest in a tab (or shows the tab that has it).
    ManifestDocument *openFile(const QString &path);
    /// openPaths opens files, and the .yaml/.yml/.json files of folders, each in a tab.
    QList<ManifestDocument *> openPaths(const QStringList &paths);
    /// openWithDialog asks which files to open, and opens them.
    void openWithDialog();
    bool save(ManifestDocument *document);
    bool saveAs(ManifestDocument *document, const QString &path = {});
    /// closeDocument asks before dropping unsaved text; false when people cancel.
    bool closeDocument(ManifestDocument *document);
    /// confirmClose asks about every unsaved document; false when people cancel.
    bool confirmClose();
    /// reload replaces the text with the file's, as one undoable edit.
    void reload(ManifestDocument *document);
    QStringList recentFiles() const;
    /// setRecentMenu names the menu that lists the recent files (and keeps it up to date).
    void setRecentMenu(QMenu *menu);
    /// restoreAutosaved opens what the autosave kept, one unsaved tab per document.
    void restoreAutosaved();

signals:
    /// closing comes just before a document's tab goes.
    void closing(ManifestDocument *document);

private:
    void watch(ManifestDocument *document);
    void onFileChanged(const QString &path);
    void rememberRecent(const QString &path);
    void rebuildRecentMenu();

    QWidget *m_window;
    DocumentTabs &m_tabs;
    ProblemsOutputPane &m_pane;
    DocumentAutosaver &m_autosaver;
    QFileSystemWatcher *m_watcher;
    QMenu *m_recentMenu = nullptr;
};

} // namespace clusterlab::app
