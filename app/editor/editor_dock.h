#pragma once

#include "bridge/bridge_batch.h"
#include "editor/autosave_store.h"

#include <QHash>
#include <QPointF>
#include <QStringList>
#include <QWidget>

#include <functional>
#include <optional>

class QCheckBox;
class QFileSystemWatcher;
class QMenu;
class QPlainTextEdit;
class QTabWidget;
class QTimer;

namespace clusterlab {
class Engine;
}

namespace clusterlab::app {

class ClusterState;
struct StateChange;
class FindBar;
class ManifestDocument;
class ProblemsView;
class TemplatePalette;

/// EditorDock is the YAML editor beside the canvas: a tab per manifest, the template palette,
/// find/replace, the problems of the current document and the output of apply (kubectl's
/// lines). Apply is all or nothing per document; live mode applies each valid pause in typing.
/// When the cluster changes an object a document declares (scaled on the canvas, relabelled,
/// changed with kubectl), the document's scalar follows as one undoable edit. Files are
/// watched on disk; unsaved text is autosaved and offered back after a crash. It reads the
/// cluster from the ClusterState and follows its changes; what it needs of the canvas (the
/// tier under a drop, the selected object) comes through functions the main window sets.
/// Thread: GUI thread; never waits on the engine.
class EditorDock : public QWidget
{
    Q_OBJECT
public:
    EditorDock(Engine &engine, const ClusterState &state, QWidget *parent = nullptr);
    ~EditorDock() override;

    /// setTierAt tells the editor how to find the tier under a point of the canvas (for a
    /// template dropped there); without it a dropped template fits no tier.
    void setTierAt(std::function<QString(const QPointF &scenePos)> tierAt)
    {
        m_tierAt = std::move(tierAt);
    }
    /// setSelection tells the editor how to find the object selected on the canvas (its uid,
    /// "" for none), for "Export the selected object".
    void setSelection(std::function<QString()> selectedUid)
    {
        m_selectedUid = std::move(selectedUid);
    }

    // Documents (editor_dock.cpp)
    ManifestDocument *newDocument(const QString &text = {}, const QString &title = {});
    QList<ManifestDocument *> documents() const;
    ManifestDocument *current() const;
    void setCurrent(ManifestDocument *document);
    /// closeDocument asks before dropping unsaved text; false when people cancel.
    bool closeDocument(ManifestDocument *document);
    ProblemsView *problemsView() const { return m_problems; }
    TemplatePalette *palette() const { return m_palette; }
    FindBar *findBar() const { return m_find; }
    /// outputText is what apply printed, oldest first.
    QString outputText() const;

    // Files (editor_dock_files.cpp)
    /// openFile opens a manifest in a tab (or shows the tab that has it).
    ManifestDocument *openFile(const QString &path);
    /// openPaths opens files, and the .yaml/.yml/.json files of folders, each in a tab; with
    /// apply, each is applied (a document with errors is not, and shows its problems).
    QList<ManifestDocument *> openPaths(const QStringList &paths, bool apply);
    bool save(ManifestDocument *document);
    bool saveAs(ManifestDocument *document, const QString &path = {});
    QStringList recentFiles() const;
    /// confirmClose asks about every unsaved document; false when people cancel.
    bool confirmClose();
    void setAutosaveInterval(int milliseconds);
    void autosaveNow();
    AutosaveStore &autosave() { return m_autosave; }

    // Apply and sync (editor_dock_apply.cpp)
    void applyDocument(ManifestDocument *document);
    void applyCurrent();
    void setLive(bool live);
    bool live() const { return m_live; }
    /// addToCurrent appends YAML as new documents (---) of the current tab and applies it.
    void addToCurrent(const QString &yaml);
    /// dropTemplate fits a template to the tier at a scene point and adds it (no point:
    /// no tier).
    void dropTemplate(const QString &id, const std::optional<QPointF> &scenePos);
    /// applyBatch follows the cluster's changes into the documents that declare the objects.
    void applyBatch(const BridgeBatch &batch);
    /// exportYaml is the YAML of one object (uid) or, with no uid, of the whole cluster.
    QString exportYaml(const QString &uid = {}) const;

signals:
    /// applied reports an apply of a document: ok and kubectl's lines, or the problems.
    void applied(ManifestDocument *document, bool ok, const QStringList &lines);

private:
    void buildToolBar(QWidget *bar);
    void onCurrentChanged();
    void onDocumentChecked(ManifestDocument *document);
    void refreshTitle(ManifestDocument *document);
    void appendOutput(const QString &command, const QStringList &lines);
    void watch(ManifestDocument *document);
    void onFileChanged(const QString &path);
    void reload(ManifestDocument *document);
    void openWithDialog();
    void rememberRecent(const QString &path);
    void rebuildRecentMenu();
    void restoreAutosaved();
    void exportToFile(const QString &uid);
    QString selectedUid() const;

    Engine &m_engine;
    const ClusterState &m_state;
    std::function<QString(const QPointF &)> m_tierAt;
    std::function<QString()> m_selectedUid;
    QTabWidget *m_tabs;
    TemplatePalette *m_palette;
    FindBar *m_find;
    QTabWidget *m_bottom;
    ProblemsView *m_problems;
    QPlainTextEdit *m_output;
    QCheckBox *m_liveBox = nullptr;
    QMenu *m_recentMenu = nullptr;
    QFileSystemWatcher *m_watcher;
    QTimer *m_autosaveTimer;
    AutosaveStore m_autosave;
    QHash<ManifestDocument *, QString> m_lastApplied; ///< the text last applied (live mode)
    QHash<ManifestDocument *, size_t> m_autosaved; ///< hash of the text last autosaved
    int m_untitledCount = 0;
    bool m_live = false;
};

} // namespace clusterlab::app
