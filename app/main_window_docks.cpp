#include "main_window_docks.h"

#include "panels/events_panel.h"
#include "panels/inspector_panel.h"
#include "panels/proxy_rules_panel.h"
#include "panels/traffic_panel.h"

#include <QDockWidget>
#include <QMainWindow>

namespace clusterlab::app {

MainWindowDocks::MainWindowDocks(QMainWindow *window, const ClusterState &state,
                                 EngineCommands &commands)
    : QObject(window),
      m_inspector(new InspectorPanel(state, commands)),
      m_events(new EventsPanel(state)),
      m_traffic(new TrafficPanel(state, commands)),
      m_proxyRules(new ProxyRulesPanel(state, commands))
{
    window->setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);
    window->setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    addDock(window, QStringLiteral("Traffic"), QStringLiteral("TrafficDock"), m_traffic,
            Qt::RightDockWidgetArea);
    addDock(window, QStringLiteral("Inspector"), QStringLiteral("InspectorDock"), m_inspector,
            Qt::RightDockWidgetArea);
    addDock(window, QStringLiteral("Events"), QStringLiteral("EventsDock"), m_events,
            Qt::BottomDockWidgetArea);
    auto *rules = addDock(window, QStringLiteral("kube-proxy rules"),
                          QStringLiteral("ProxyRulesDock"), m_proxyRules, Qt::BottomDockWidgetArea);
    window->tabifyDockWidget(m_docks[2], rules);
    m_docks[2]->raise();
    // The editor shares the right column with the Inspector, as a tab: the canvas keeps the
    // width a projector needs, and selecting something on it brings the Inspector forward.
    m_editorDock = addDock(window, QStringLiteral("YAML editor"), QStringLiteral("EditorDock"),
                           new QWidget, Qt::RightDockWidgetArea);
    window->tabifyDockWidget(m_docks[1], m_editorDock);
}

void MainWindowDocks::setEditor(QWidget *editor)
{
    delete m_editorDock->widget();
    m_editorDock->setWidget(editor);
    showEditor();
}

void MainWindowDocks::showEditor()
{
    m_editorDock->show();
    m_editorDock->raise();
}

void MainWindowDocks::showInspector()
{
    m_docks[1]->show();
    m_docks[1]->raise();
}

QDockWidget *MainWindowDocks::addDock(QMainWindow *window, const QString &title,
                                      const QString &name, QWidget *panel, Qt::DockWidgetArea area)
{
    auto *dock = new QDockWidget(title, window);
    dock->setObjectName(name); // saveState() finds docks by name
    dock->setWidget(panel);
    window->addDockWidget(area, dock);
    m_docks << dock;
    return dock;
}

} // namespace clusterlab::app
