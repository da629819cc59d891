#pragma once

#include <QPointF>
#include <QStringList>
#include <QWidget>

#include <functional>

class QCheckBox;
class QToolBar;

namespace clusterlab {
class Engine;
}

namespace clusterlab::app {

class ClusterState;
class DocumentApplier;
class DocumentAutosaver;
class DocumentFiles;
class DocumentSync;
class DocumentTabs;
class FindBar;
class ManifestDocument;
class ProblemsOutputPane;
class TemplatePalette;

/// EditorDock is the YAML editor beside the canvas: the tool bar, the template palette, the
/// document tabs with find/replace below them, and the problems and output pane, with the
/// shortcuts that reach them. Its parts each do one job: DocumentTabs (a tab per manifest),
/// DocumentFiles (open, save, recent files, changes on disk, recovery), DocumentAutosaver,
/// DocumentApplier (apply, live mode, templates), DocumentSync (the cluster's changes into the
/// text) and ProblemsOutputPane. It reads the cluster from the ClusterState; what it needs of
/// the canvas (the tier under a drop, the selected object) comes through functions the main
/// window sets. Thread: GUI thread; never waits on the engine.
class EditorDock : public QWidget
{
    Q_OBJECT
public:
    EditorDock(Engine &engine, const ClusterState &state, QWidget *parent = nullptr);
    ~EditorDock() override;

    /// setTierAt tells the editor how to find the tier under a point of the canvas (for a
    /// template dropped there); without it a dropped template fits no tier.
    void setTierAt(std::function<QString(const QPointF &scenePos)> tierAt);
    /// setSelection tells the editor how to find the object selected on the canvas (its uid,
    /// "" for none), for "Export the selected object".
    void setSelection(std::function<QString()> selectedUid)
    {
        m_selectedUid = std::move(selectedUid);
    }

    DocumentTabs &tabs() const { return *m_tabs; }
    DocumentFiles &files() const { return *m_files; }
    DocumentApplier &applier() const { return *m_applier; }
    DocumentAutosaver &autosaver() const { return *m_autosaver; }
    ProblemsOutputPane &pane() const { return *m_pane; }
    TemplatePalette *palette() const { return m_palette; }
    FindBar *findBar() const { return m_find; }

    // What the main window uses, in one place (each is one of the parts' own).
    ManifestDocument *newDocument(const QString &text = {}, const QString &title = {});
    QList<ManifestDocument *> documents() const;
    void setCurrent(ManifestDocument *document);
    /// openPaths opens files, and the .yaml/.yml/.json files of folders, each in a tab; with
    /// apply, each is applied (a document with errors is not, and shows its problems).
    QList<ManifestDocument *> openPaths(const QStringList &paths, bool apply);
    void applyDocument(ManifestDocument *document);
    /// confirmClose asks about every unsaved document; false when people cancel.
    bool confirmClose();
    /// exportYaml is the YAML of one object (uid) or, with no uid, of the whole cluster.
    QString exportYaml(const QString &uid = {}) const;

signals:
    /// applied reports an apply of a document: ok and kubectl's lines, or the problems.
    void applied(ManifestDocument *document, bool ok, const QStringList &lines);

private:
    void buildLayout();
    QWidget *buildPaletteLabel();
    QWidget *buildDocumentArea();
    void buildToolBar(QToolBar *bar);
    QWidget *buildExportButton();
    void connectParts();
    void addShortcuts();
    void onCurrentChanged(ManifestDocument *document);
    void onDocumentChecked(ManifestDocument *document);
    void exportToFile(const QString &uid);
    QString selectedUid() const;

    const ClusterState &m_state;
    std::function<QString()> m_selectedUid;
    DocumentTabs *m_tabs;
    ProblemsOutputPane *m_pane;
    TemplatePalette *m_palette;
    FindBar *m_find;
    DocumentAutosaver *m_autosaver;
    DocumentFiles *m_files;
    DocumentApplier *m_applier;
    DocumentSync *m_sync;
    QCheckBox *m_liveBox = nullptr;
};

} // namespace clusterlab::app
