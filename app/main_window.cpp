#include "main_window.h"

#include "bridge/engine_bridge.h"
#include "bridge/engine_commands.h"
#include "canvas/canvas_scene.h"
#include "canvas/canvas_view.h"
#include "canvas/selector_drag.h"
#include "classroom/classroom_controller.h"
#include "classroom/lesson_library.h"
#include "classroom/lesson_panel.h"
#include "classroom/presentation_mode.h"
#include "editor/drop_handler.h"
#include "editor/editor_dock.h"
#include "editor/manifest_document.h"
#include "editor/yaml_highlighter.h"
#include "main_window_actions.h"
#include "main_window_docks.h"
#include "panels/inspector_panel.h"
#include "panels/status_summary.h"
#include "panels/traffic_panel.h"
#include "state/cluster_state.h"
#include "terminal/terminal_panel.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QMessageBox>
#include <QStatusBar>
#include <QStyle>

namespace clusterlab::app {

MainWindow::MainWindow(Engine &engine, QWidget *parent)
    : QMainWindow(parent),
      m_engine(engine),
      m_state(new ClusterState), // parented last, below: it outlives every view reading it
      m_scene(new CanvasScene(*m_state, this)),
      m_view(new CanvasView(m_scene)),
      m_bridge(new EngineBridge(&engine, this)),
      m_commands(new EngineCommands(engine, EngineCommands::kCanvasManager, this)),
      m_lessonCommands(new EngineCommands(engine, EngineCommands::kLessonManager, this))
{
    setWindowTitle(QStringLiteral("ClusterLab"));
    setObjectName(QStringLiteral("MainWindow"));
    setCentralWidget(m_view);
    // The views follow the state in the order they are made: the canvas first, so that the
    // colours the panels ask it for are those of gates already drawn.
    m_docks = new MainWindowDocks(this, *m_state, *m_commands);
    m_editor = new EditorDock(engine, *m_state);
    m_docks->setEditor(m_editor);
    m_drops = new DropHandler(this, m_view, *m_editor);
    m_actions = new MainWindowActions(this);
    m_terminal = new TerminalPanel(engine);
    m_terminalDock = new QDockWidget(QStringLiteral("Terminal"), this);
    m_terminalDock->setObjectName(QStringLiteral("TerminalDock"));
    m_terminalDock->setWidget(m_terminal);
    m_classroom = new ClassroomController(classroomParts());
    new YamlHighlighter(m_classroom->panel()->fileDocument());
    connect(m_classroom->presentation(), &PresentationMode::toggled, m_terminal,
            &TerminalPanel::setPresentation);
    // A lesson dropped on the window opens as a lesson; manifests go to the editor.
    m_drops->setFileTaker([this](const QString &path) {
        if (!isLessonFile(path))
            return false;
        m_classroom->openLesson(path);
        return true;
    });
    m_status = new StatusSummary(*m_state);
    statusBar()->addWidget(m_status, 1);
    m_docks->traffic()->setUsersRate(engine.usersRate());
    m_scene->setUsersRate(engine.usersRate());
    applyTheme(m_themeChoice);
    connect(m_bridge, &EngineBridge::batchReady, this, &MainWindow::onBatch);
    connectScene();
    connectEditing();
    resize(1600, 1000);
    // The canvas is what a class looks at: the panels start narrow.
    const QList<QDockWidget *> docks = m_docks->docks();
    resizeDocks({ docks[0], docks[1] }, { 460, 460 }, Qt::Horizontal);
    resizeDocks({ docks[0], docks[1] }, { 150, 600 }, Qt::Vertical);
    resizeDocks({ docks[2] }, { 150 }, Qt::Vertical);
    m_state->setParent(this); // children are deleted in order: the state after the views
    m_bridge->prime();
}

MainWindow::~MainWindow() = default;

void MainWindow::onBatch(const BridgeBatch &batch)
{
    // Once, before any view: the views follow the state's changed() signal.
    m_state->apply(batch);
}

void MainWindow::connectScene()
{
    connect(m_scene, &CanvasScene::scaleRequested, m_commands, &EngineCommands::scale);
    connect(m_scene, &CanvasScene::scaleByRequested, m_commands, &EngineCommands::scaleBy);
    connect(m_scene, &CanvasScene::deletePodRequested, m_commands, &EngineCommands::deletePod);
    connect(m_scene, &CanvasScene::curlRequested, m_commands, &EngineCommands::curl);
    connect(m_scene, &CanvasScene::affinityRequested, m_commands,
            &EngineCommands::setSessionAffinity);
    connect(m_commands, &EngineCommands::curlAnswered, m_scene, &CanvasScene::showCurlAnswer);
    for (EngineCommands *commands : { m_commands, m_lessonCommands })
        connect(commands, &EngineCommands::failed, this, [this](const QString &message) {
            statusBar()->showMessage(message, 10000);
        });
    connect(m_commands, &EngineCommands::applied, this, [this](bool ok, const QStringList &lines) {
        if (ok)
            statusBar()->showMessage(lines.join(QStringLiteral(" · ")), 8000);
        else
            QMessageBox::warning(this, QStringLiteral("Nothing was applied"),
                                 lines.join(QLatin1Char('\n')));
    });
    auto *selectorDrag = new SelectorDrag(m_view, *m_scene);
    connect(selectorDrag, &SelectorDrag::selectorRequested, m_commands,
            &EngineCommands::setServiceSelector);
    connect(m_scene, &CanvasScene::objectSelected, m_docks->inspector(),
            &InspectorPanel::showObject);
    connect(m_scene, &CanvasScene::objectSelected, this, [this](const QString &uid) {
        if (!uid.isEmpty())
            m_docks->showInspector();
    });
    connect(m_docks->traffic(), &TrafficPanel::usersRateChanged, m_scene,
            &CanvasScene::setUsersRate);
    const ServiceColour colour = [this](const QString &name) {
        return m_scene->colourOfService(name);
    };
    m_docks->inspector()->setServiceColour(colour);
    m_classroom->panel()->setServiceColour(colour);
}

void MainWindow::connectEditing()
{
    m_editor->setTierAt([this](const QPointF &scenePos) {
        return m_scene->tierAt(scenePos);
    });
    m_editor->setSelection([this] {
        return m_scene->selectedUid();
    });
    connect(m_editor, &EditorDock::applied, m_docks, [this] {
        m_docks->showEditor();
    });
    connect(m_scene, &CanvasScene::editLabelsRequested, this,
            [this](const QString &uid, const QRectF &rect) {
                const model::Pod *pod = m_state->mirror().pod(uid);
                if (!pod)
                    return;
                const QString ns = QString::fromStdString(pod->metadata.namespace_);
                const QString name = QString::fromStdString(pod->metadata.name);
                m_view->editInline(rect, EngineCommands::labelsText(pod->metadata.labels),
                                   [this, ns, name](const QString &text) {
                                       m_commands->setPodLabels(ns, name, text);
                                   });
            });
    connect(m_scene, &CanvasScene::editReplicasRequested, this,
            [this](const QString &key, const QRectF &rect) {
                GroupRef group;
                group.key = key;
                const int desired = m_state->mirror().desiredReplicas(group);
                if (desired < 0)
                    return;
                m_view->editInline(rect, QString::number(desired),
                                   [this, key](const QString &text) {
                                       bool ok = false;
                                       const int replicas = text.trimmed().toInt(&ok);
                                       if (ok)
                                           m_scene->scaleGroup(key, replicas);
                                       else
                                           statusBar()->showMessage(
                                                   QStringLiteral("replicas: not a number"), 5000);
                                   });
            });
}

void MainWindow::openManifests(const QStringList &paths)
{
    m_editor->openPaths(paths, true);
}

void MainWindow::setKubeconfig(const QString &path)
{
    m_status->setKubeconfig(path);
    m_status->refresh();
    m_terminal->setKubeconfig(path);
}

void MainWindow::applyTheme(const QString &choice)
{
    m_themeChoice = choice;
    m_followingSystem = choice == QLatin1String("system");
    QPalette palette = QApplication::style()->standardPalette();
    if (m_followingSystem) {
        palette = QApplication::palette();
    } else if (choice == QLatin1String("dark")) {
        palette = QPalette(QColor(0x2b, 0x2f, 0x37), QColor(0x1e, 0x22, 0x2a));
        palette.setColor(QPalette::WindowText, QColor(0xe8, 0xec, 0xf2));
        palette.setColor(QPalette::Text, QColor(0xe8, 0xec, 0xf2));
        palette.setColor(QPalette::ButtonText, QColor(0xe8, 0xec, 0xf2));
        palette.setColor(QPalette::Base, QColor(0x1e, 0x22, 0x2a));
        palette.setColor(QPalette::AlternateBase, QColor(0x26, 0x2b, 0x35));
        palette.setColor(QPalette::Highlight, QColor(0x3d, 0x7e, 0xd8));
    }
    if (!m_followingSystem)
        setPalette(palette);
    else
        setPalette(QPalette());
    m_scene->setTheme(
            CanvasTheme::forPalette(m_followingSystem ? QApplication::palette() : palette));
}

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::ApplicationPaletteChange && m_followingSystem)
        m_scene->setTheme(CanvasTheme::forPalette(QApplication::palette()));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_editor->confirmClose()) {
        event->ignore();
        return;
    }
    // The projector layout (docks hidden, full screen) is not what the next start should get.
    m_classroom->presentation()->setOn(false);
    if (m_persistent)
        saveSettings();
    event->accept();
}

} // namespace clusterlab::app
