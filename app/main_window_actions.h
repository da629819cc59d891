#pragma once

#include <QObject>

class QAction;
class QActionGroup;

namespace clusterlab::app {

class MainWindow;

/// MainWindowActions builds the menus and the toolbar: open manifests, save a screenshot,
/// zoom and fit, lanes or nodes, the theme, the panels, pausing the users. The menus are
/// named (FileMenu, ViewMenu, TrafficMenu, HelpMenu), so other parts find them by name.
class MainWindowActions : public QObject
{
    Q_OBJECT
public:
    explicit MainWindowActions(MainWindow *window);

    QAction *nodeView() const { return m_nodeView; }
    /// syncFromWindow checks the actions that match the window's current state.
    void syncFromWindow();

private:
    void buildFileMenu();
    void buildViewMenu();
    void buildTrafficMenu();

    MainWindow *m_window;
    QAction *m_nodeView = nullptr;
    QAction *m_pause = nullptr;
    QActionGroup *m_themes = nullptr;
    double m_rateBeforePause = 3;
};

} // namespace clusterlab::app
