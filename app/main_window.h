#pragma once

#include "bridge/bridge_batch.h"

#include <QMainWindow>

#include <functional>

class QDockWidget;

namespace clusterlab {
class Engine;
}

namespace clusterlab::app {

class CanvasScene;
class CanvasView;
class ClassroomController;
struct ClassroomParts;
class ClusterState;
class DropHandler;
class EngineBridge;
class EngineCommands;
class EditorDock;
class MainWindowActions;
class MainWindowDocks;
class StatusSummary;
class TerminalPanel;

/// MainWindow puts the canvas in the centre with dockable panels around it (inspector,
/// events, traffic, the YAML editor, the terminal and the lesson), the status bar with the
/// commands to try. It is the one place that wires the parts together: each bridge batch goes
/// into the ClusterState, which every view reads; what one view needs of another (a colour,
/// the tier under a drop, a highlight) is a function or a signal connected here, and what
/// people do goes to the EngineCommands. Menus, docks and settings live in their own helpers.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    /// MainWindow watches engine (already started) and shows what it runs.
    explicit MainWindow(Engine &engine, QWidget *parent = nullptr);
    ~MainWindow() override;

    ClusterState *state() const { return m_state; }
    CanvasScene *scene() const { return m_scene; }
    CanvasView *view() const { return m_view; }
    EngineBridge *bridge() const { return m_bridge; }
    EngineCommands *commands() const { return m_commands; }
    MainWindowDocks *docks() const { return m_docks; }
    EditorDock *editor() const { return m_editor; }
    ClassroomController *classroom() const { return m_classroom; }
    TerminalPanel *terminal() const { return m_terminal; }
    Engine &engine() const { return m_engine; }
    /// restoreSettings/saveSettings keep layout, zoom, panels and theme between runs.
    void restoreSettings();
    void saveSettings() const;
    void setPersistent(bool persistent) { m_persistent = persistent; }
    /// applyTheme follows the system ("system") or forces "light" / "dark".
    void applyTheme(const QString &choice);
    QString themeChoice() const { return m_themeChoice; }
    /// openManifests opens files or folders in the editor's tabs and applies each; a file
    /// with problems is not applied and shows them.
    void openManifests(const QStringList &paths);
    /// setKubeconfig tells the status bar how kubectl reaches this cluster ("" = no API).
    void setKubeconfig(const QString &path);

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void onBatch(const BridgeBatch &batch);
    void connectScene();
    void connectEditing();
    // main_window_classroom.cpp
    ClassroomParts classroomParts();
    void runKubectl(const QString &command, std::function<void()> done);
    void selectOnCanvas(const QString &ref);

    Engine &m_engine;
    ClusterState *m_state;
    CanvasScene *m_scene;
    CanvasView *m_view;
    EngineBridge *m_bridge;
    EngineCommands *m_commands; ///< the canvas's and panels' changes (clusterlab-canvas)
    EngineCommands *m_lessonCommands; ///< a lesson's own changes (clusterlab-lesson)
    MainWindowDocks *m_docks;
    EditorDock *m_editor;
    MainWindowActions *m_actions;
    ClassroomController *m_classroom;
    DropHandler *m_drops;
    StatusSummary *m_status;
    TerminalPanel *m_terminal;
    QDockWidget *m_terminalDock;
    QString m_themeChoice = QStringLiteral("system");
    bool m_persistent = true;
    bool m_followingSystem = true;
};

} // namespace clusterlab::app
