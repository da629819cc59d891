#pragma once

#include <QObject>

class QDockWidget;
class QMainWindow;

namespace clusterlab::app {

class ClusterState;
class EngineCommands;
class EventsPanel;
class InspectorPanel;
class ProxyRulesPanel;
class TrafficPanel;

/// MainWindowDocks makes the dockable panels around the canvas: the inspector and the
/// traffic controls on the right, the events below (kube-proxy's rules as a tab beside them),
/// and the YAML editor as a tab beside the inspector. The docks are named (TrafficDock,
/// InspectorDock, EventsDock, EditorDock, ProxyRulesDock).
class MainWindowDocks : public QObject
{
    Q_OBJECT
public:
    MainWindowDocks(QMainWindow *window, const ClusterState &state, EngineCommands &commands);

    InspectorPanel *inspector() const { return m_inspector; }
    EventsPanel *events() const { return m_events; }
    TrafficPanel *traffic() const { return m_traffic; }
    ProxyRulesPanel *proxyRules() const { return m_proxyRules; }
    QList<QDockWidget *> docks() const { return m_docks; }
    QDockWidget *editorDock() const { return m_editorDock; }
    /// setEditor puts the YAML editor in its dock and shows it.
    void setEditor(QWidget *editor);
    /// showEditor and showInspector bring their tab of the right column forward.
    void showEditor();
    void showInspector();

private:
    QDockWidget *addDock(QMainWindow *window, const QString &title, const QString &name,
                         QWidget *panel, Qt::DockWidgetArea area);

    InspectorPanel *m_inspector;
    EventsPanel *m_events;
    TrafficPanel *m_traffic;
    ProxyRulesPanel *m_proxyRules;
    QList<QDockWidget *> m_docks;
    QDockWidget *m_editorDock = nullptr;
};

} // namespace clusterlab::app
