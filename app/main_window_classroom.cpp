// MainWindow's part of classroom mode: what lessons act on (the canvas, the editor, the
// traffic controls and the terminal), handed to the ClassroomController as functions.
#include "bridge/engine_commands.h"
#include "canvas/canvas_scene.h"
#include "canvas/canvas_view.h"
#include "classroom/classroom_controller.h"
#include "editor/editor_dock.h"
#include "editor/manifest_document.h"
#include "main_window.h"
#include "main_window_docks.h"
#include "panels/proxy_rules_panel.h"
#include "panels/traffic_panel.h"
#include "state/cluster_state.h"
#include "terminal/terminal_panel.h"

#include <QDockWidget>
#include <QGraphicsItem>
#include <QTimer>

#include <memory>

namespace clusterlab::app {

namespace {

/// runInTerminal runs a command line in the terminal, in turn; done() follows the
/// runFinished() that names its id, also when Ctrl+C or a jump drops it before it starts, so a
/// lesson never waits forever.
void runInTerminal(QObject *context, TerminalPanel *terminal, QDockWidget *dock,
                   const QString &commandLine, std::function<void()> done)
{
    auto connection = std::make_shared<QMetaObject::Connection>();
    auto id = std::make_shared<quint64>(0);
    *connection = QObject::connect(terminal, &TerminalPanel::runFinished, context,
                                   [connection, id, done = std::move(done)](quint64 ran, int) {
                                       if (ran != *id)
                                           return;
                                       QObject::disconnect(*connection);
                                       done();
                                   });
    dock->show();
    dock->raise();
    *id = terminal->run(commandLine);
}

} // namespace

ClassroomParts MainWindow::classroomParts()
{
    ClassroomParts parts;
    parts.window = this;
    parts.terminalDock = m_terminalDock;
    LessonStage &stage = parts.stage;
    stage.engine = &m_engine;
    stage.state = m_state;
    stage.commands = m_lessonCommands;
    stage.runKubectl = [this](const QString &command, std::function<void()> done) {
        runKubectl(command, std::move(done));
    };
    stage.runCommand = [this](const QString &commandLine, std::function<void()> done) {
        runInTerminal(this, m_terminal, m_terminalDock, commandLine, std::move(done));
    };
    stage.stopCommands = [this] {
        m_terminal->interrupt();
    };
    stage.showFile = [this](const QString &name, const QString &text) {
        // The editor holds the lesson's file, one tab per file, ready to change and apply.
        for (ManifestDocument *document : m_editor->documents())
            if (document->displayName() == name) {
                document->setText(text);
                m_editor->setCurrent(document);
                return;
            }
        m_editor->newDocument(text, name);
    };
    stage.highlight = [this](const QString &ref) {
        // The outline follows the item, and finds it once it appears (a Service that a
        // kubectl command is creating right now).
        if (ref.isEmpty())
            m_scene->clearHighlight();
        else
            m_scene->highlight(ref);
    };
    stage.select = [this](const QString &ref) {
        selectOnCanvas(ref);
    };
    stage.setUsersRate = [this](double rate) {
        m_docks->traffic()->setUsersRate(rate);
    };
    stage.showNodes = [this](bool nodes) {
        m_scene->setViewMode(nodes ? CanvasScene::ViewMode::Nodes : CanvasScene::ViewMode::Lanes);
    };
    stage.showProxyRules = [this](const QString &mode, const QString &filter) {
        if (const auto parsed = parseProxyMode(mode.toStdString()))
            m_docks->proxyRules()->setMode(*parsed);
        m_docks->proxyRules()->setFilter(filter);
        if (auto *dock = findChild<QDockWidget *>(QStringLiteral("ProxyRulesDock")))
            m_classroom->showBeside(dock);
    };
    parts.setWorkingDirectory = [this](const QString &directory) {
        m_terminal->setWorkingDirectory(directory);
    };
    parts.presentCanvas = [this](bool on) {
        m_scene->setPresentation(on);
        m_docks->proxyRules()->setPresentation(on);
        // Fit once the window has its new size.
        QTimer::singleShot(0, m_view, &CanvasView::fitToWindow);
    };
    parts.resetLayout = [this] {
        m_scene->setTierOffsets({});
    };
    return parts;
}

void MainWindow::runKubectl(const QString &command, std::function<void()> done)
{
    runInTerminal(this, m_terminal, m_terminalDock, QStringLiteral("kubectl ") + command,
                  std::move(done));
}

void MainWindow::selectOnCanvas(const QString &ref)
{
    QGraphicsItem *item = m_scene->itemFor(ref);
    m_scene->clearSelection();
    if (item)
        item->setSelected(true);
}

} // namespace clusterlab::app
