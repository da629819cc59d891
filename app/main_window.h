#pragma once

#include "bridge/bridge_batch.h"

#include <QMainWindow>

namespace clusterlab {
class Engine;
}

namespace clusterlab::app {

class CanvasScene;
class CanvasView;
class ClassroomController;
class DropHandler;
class EngineBridge;
class EngineCommands;
class EditorDock;
class MainWindowActions;
class MainWindowDocks;
class StatusSummary;

/// MainWindow puts the canvas in the centre with dockable panels around it (inspector,
/// events, traffic, and the place the YAML editor will take), the status bar with the
/// commands to try, and wires the bridge, the scene and the engine commands together.
/// Menus, docks and settings live in their own helpers.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    /// MainWindow watches engine (already started) and shows what it runs.
    explicit MainWindow(Engine &engine, QWidget *parent = nullptr);
    ~MainWindow() override;

    CanvasScene *scene() const { return m_scene; }
    CanvasView *view() const { return m_view; }
    EngineBridge *bridge() const { return m_bridge; }
    EngineCommands *commands() const { return m_commands; }
    MainWindowDocks *docks() const { return m_docks; }
    EditorDock *editor() const { return m_editor; }
    ClassroomController *classroom() const { return m_classroom; }
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

    Engine &m_engine;
    CanvasScene *m_scene;
    CanvasView *m_view;
    EngineBridge *m_bridge;
    EngineCommands *m_commands;
    MainWindowDocks *m_docks;
    EditorDock *m_editor;
    MainWindowActions *m_actions;
    ClassroomController *m_classroom;
    DropHandler *m_drops;
    StatusSummary *m_status;
    QString m_themeChoice = QStringLiteral("system");
    bool m_persistent = true;
    bool m_followingSystem = true;
};

} // namespace clusterlab::app
