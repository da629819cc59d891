#include "main_window_actions.h"

#include "about_dialog.h"
#include "canvas/canvas_scene.h"
#include "canvas/canvas_view.h"
#include "export/canvas_export.h"
#include "export/export_dialog.h"
#include "main_window.h"
#include "main_window_docks.h"
#include "panels/traffic_panel.h"

#include <QActionGroup>
#include <QDockWidget>
#include <QFileDialog>
#include <QMenuBar>
#include <QStatusBar>
#include <QToolBar>

namespace clusterlab::app {

MainWindowActions::MainWindowActions(MainWindow *window) : QObject(window), m_window(window)
{
    buildFileMenu();
    buildViewMenu();
    buildTrafficMenu();
    QMenu *help = window->menuBar()->addMenu(QStringLiteral("&Help"));
    help->setObjectName(QStringLiteral("HelpMenu"));
    QAction *about = help->addAction(QStringLiteral("&About ClusterLab"), window, [window] {
        showAboutDialog(window);
    });
    about->setMenuRole(QAction::AboutRole);
    QToolBar *bar = window->addToolBar(QStringLiteral("Canvas"));
    bar->setObjectName(QStringLiteral("CanvasToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->addAction(QStringLiteral("Fit"), window->view(), &CanvasView::fitToWindow);
    bar->addAction(QStringLiteral("−"), window->view(), [window] {
        window->view()->zoomBy(1 / 1.2);
    });
    bar->addAction(QStringLiteral("+"), window->view(), [window] {
        window->view()->zoomBy(1.2);
    });
    bar->addSeparator();
    bar->addAction(m_nodeView);
    bar->addAction(m_pause);
}

void MainWindowActions::buildFileMenu()
{
    QMenu *menu = m_window->menuBar()->addMenu(QStringLiteral("&File"));
    menu->setObjectName(QStringLiteral("FileMenu"));
    QAction *open = menu->addAction(QStringLiteral("&Open manifests…"), this, [this] {
        const QStringList files = QFileDialog::getOpenFileNames(
                m_window, QStringLiteral("Open manifests"), QString(),
                QStringLiteral("Kubernetes manifests (*.yaml *.yml *.json);;All files (*)"));
        if (!files.isEmpty())
            m_window->openManifests(files);
    });
    open->setShortcut(QKeySequence::Open);
    QAction *exportCanvas =
            menu->addAction(QStringLiteral("&Export canvas (PNG, SVG)…"), this, [this] {
                ExportDialog dialog(*m_window->scene(), m_window);
                dialog.exec();
            });
    exportCanvas->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    QAction *copy = menu->addAction(QStringLiteral("&Copy canvas"), this, [this] {
        CanvasScene &scene = *m_window->scene();
        copyToClipboard(scene, defaultExportSize(scene));
        m_window->statusBar()->showMessage(
                QStringLiteral("The canvas is on the clipboard (PNG and SVG)."), 5000);
    });
    copy->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    menu->addAction(QStringLiteral("Save window &screenshot…"), this, [this] {
        const QString file = QFileDialog::getSaveFileName(m_window, QStringLiteral("Screenshot"),
                                                          QStringLiteral("clusterlab.png"),
                                                          QStringLiteral("PNG (*.png)"));
        if (!file.isEmpty())
            m_window->grab().save(file);
    });
    menu->addSeparator();
    QAction *quit = menu->addAction(QStringLiteral("&Quit"), m_window, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
}

void MainWindowActions::buildViewMenu()
{
    QMenu *menu = m_window->menuBar()->addMenu(QStringLiteral("&View"));
    menu->setObjectName(QStringLiteral("ViewMenu"));
    CanvasView *view = m_window->view();
    menu->addAction(QStringLiteral("&Fit to window"), QKeySequence(Qt::CTRL | Qt::Key_0), view,
                    &CanvasView::fitToWindow);
    menu->addAction(QStringLiteral("Zoom &in"), QKeySequence::ZoomIn, view, [view] {
        view->zoomBy(1.2);
    });
    menu->addAction(QStringLiteral("Zoom &out"), QKeySequence::ZoomOut, view, [view] {
        view->zoomBy(1 / 1.2);
    });
    menu->addSeparator();
    m_nodeView = menu->addAction(QStringLiteral("&Node view"));
    m_nodeView->setCheckable(true);
    m_nodeView->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_N));
    m_nodeView->setToolTip(QStringLiteral("Show node-1..N as boxes holding their Pods"));
    connect(m_nodeView, &QAction::toggled, this, [this](bool nodes) {
        m_window->scene()->setViewMode(nodes ? CanvasScene::ViewMode::Nodes
                                             : CanvasScene::ViewMode::Lanes);
    });
    QMenu *themes = menu->addMenu(QStringLiteral("&Theme"));
    m_themes = new QActionGroup(this);
    for (const auto &[id, label] : { std::pair{ "system", "Follow the system" },
                                     std::pair{ "light", "Light" }, std::pair{ "dark", "Dark" } }) {
        QAction *action = themes->addAction(QString::fromLatin1(label));
        action->setCheckable(true);
        action->setData(QString::fromLatin1(id));
        m_themes->addAction(action);
        connect(action, &QAction::triggered, this, [this, action] {
            m_window->applyTheme(action->data().toString());
        });
    }
    menu->addSeparator();
    for (QDockWidget *dock : m_window->docks()->docks())
        menu->addAction(dock->toggleViewAction());
    syncFromWindow();
}

void MainWindowActions::buildTrafficMenu()
{
    QMenu *menu = m_window->menuBar()->addMenu(QStringLiteral("&Traffic"));
    menu->setObjectName(QStringLiteral("TrafficMenu"));
    m_pause = menu->addAction(QStringLiteral("&Pause users"));
    m_pause->setCheckable(true);
    m_pause->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    TrafficPanel *traffic = m_window->docks()->traffic();
    connect(m_pause, &QAction::toggled, this, [this, traffic](bool paused) {
        if (paused && traffic->usersRate() > 0) {
            m_rateBeforePause = traffic->usersRate();
            traffic->setUsersRate(0);
        } else if (!paused && traffic->usersRate() == 0) {
            traffic->setUsersRate(m_rateBeforePause);
        }
    });
    connect(traffic, &TrafficPanel::usersRateChanged, this, [this](double rate) {
        const QSignalBlocker block(m_pause);
        m_pause->setChecked(rate == 0);
    });
}

void MainWindowActions::syncFromWindow()
{
    for (QAction *action : m_themes->actions())
        action->setChecked(action->data().toString() == m_window->themeChoice());
    const QSignalBlocker block(m_nodeView);
    m_nodeView->setChecked(m_window->scene()->viewMode() == CanvasScene::ViewMode::Nodes);
}

} // namespace clusterlab::app
