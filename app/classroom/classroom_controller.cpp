#include "classroom/classroom_controller.h"

#include "classroom/lesson_library.h"
#include "classroom/lesson_panel.h"
#include "classroom/presentation_mode.h"

#include <QAbstractItemView>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QKeyEvent>
#include <QMainWindow>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTimer>

namespace clusterlab::app {

ClassroomController::ClassroomController(ClassroomParts parts)
    : QObject(parts.window),
      m_window(parts.window),
      m_parts(std::move(parts)),
      m_terminalDock(m_parts.terminalDock)
{
    LessonStage stage = m_parts.stage;
    stage.showFile = [this, editor = m_parts.stage.showFile](const QString &name,
                                                             const QString &text) {
        m_panel->showFile(name, text);
        if (editor) // the editor holds the same text, ready to change and apply
            editor(name, text);
    };
    m_runner = new LessonRunner(std::move(stage), this);
    m_panel = new LessonPanel(*m_runner, *m_parts.stage.state);
    m_dock = new QDockWidget(QStringLiteral("Lesson"), m_window);
    m_dock->setObjectName(QStringLiteral("LessonDock"));
    m_dock->setWidget(m_panel);
    // The bottom row: the lesson on the left; the events and the terminal as tabs beside it.
    QDockWidget *events = m_window->findChild<QDockWidget *>(QStringLiteral("EventsDock"));
    m_window->addDockWidget(Qt::BottomDockWidgetArea, m_dock);
    m_window->splitDockWidget(m_dock, events, Qt::Horizontal);
    m_window->tabifyDockWidget(events, m_terminalDock);
    // The kube-proxy rules stay a tab behind the events until a lesson step shows them.
    if (auto *rules = m_window->findChild<QDockWidget *>(QStringLiteral("ProxyRulesDock")))
        m_window->tabifyDockWidget(events, rules);
    events->raise();
    m_dock->hide();
    m_presentation =
            new PresentationMode(m_window, { m_dock, m_terminalDock }, m_parts.presentCanvas);
    connect(m_presentation, &PresentationMode::toggled, this, &ClassroomController::onPresentation);
    connect(m_runner, &LessonRunner::message, this, [this](const QString &text) {
        m_window->statusBar()->showMessage(text, 8000);
    });
    buildMenu();
    addKeys();
}

ClassroomController::~ClassroomController() = default;

void ClassroomController::writeLessonFiles(const Lesson &lesson)
{
    // The lesson's files on disk, so `kubectl create -f backend-service.yaml` typed in the
    // terminal (real kubectl or built-in) finds them, as in the lecture.
    m_files = std::make_unique<QTemporaryDir>();
    if (!m_files->isValid())
        return;
    for (const auto &[name, text] : lesson.files) {
        QFile file(m_files->filePath(QString::fromStdString(name)));
        if (file.open(QIODevice::WriteOnly))
            file.write(QByteArray::fromStdString(text));
    }
    if (m_parts.setWorkingDirectory)
        m_parts.setWorkingDirectory(m_files->path());
}

QStringList ClassroomController::openLesson(const QString &nameOrFile, int step, bool quiet)
{
    LessonRead read = loadLesson(nameOrFile);
    QStringList problems;
    for (const LessonProblem &problem : read.problems)
        problems << QString::fromStdString(problem.format());
    if (!read.lesson) {
        if (!quiet)
            showProblems(QStringLiteral("This lesson cannot be opened"), problems);
        return problems;
    }
    if (step < 0 || step >= int(read.lesson->steps.size())) {
        problems << QStringLiteral("%1: there is no step %2 (the lesson has %3)")
                            .arg(nameOrFile)
                            .arg(step + 1)
                            .arg(read.lesson->steps.size());
        if (!quiet)
            showProblems(QStringLiteral("No such step"), problems);
        return problems;
    }
    const QString title = QString::fromStdString(read.lesson->title);
    writeLessonFiles(*read.lesson);
    // The lesson's own layout, not tiers someone dragged in an earlier session: a lesson
    // looks the same every time it is given.
    if (m_parts.resetLayout)
        m_parts.resetLayout();
    m_dock->show(); // first: a step replayed at once may place a panel beside it
    m_dock->raise();
    m_runner->open(std::move(*read.lesson), step);
    if (!m_presentation->isOn())
        fitBottomRow(0.3);
    for (QAction *action : m_lessonActions)
        action->setEnabled(true);
    m_window->statusBar()->showMessage(
            QStringLiteral("Lesson “%1”: → next, ← previous, F11 presents.").arg(title), 10000);
    emit lessonOpened(title);
    return {};
}

void ClassroomController::showProblems(const QString &title, const QStringList &problems)
{
    // Not modal: the window keeps running (and a test keeps going) while it is read.
    auto *box = new QMessageBox(QMessageBox::Warning, title, problems.join(QLatin1Char('\n')),
                                QMessageBox::Ok, m_window);
    box->setObjectName(QStringLiteral("LessonProblems"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void ClassroomController::buildMenu()
{
    QMenu *menu = new QMenu(QStringLiteral("&Lesson"), m_window);
    menu->setObjectName(QStringLiteral("LessonMenu"));
    // Before Help, which stays last.
    QMenu *help = m_window->menuBar()->findChild<QMenu *>(QStringLiteral("HelpMenu"));
    m_window->menuBar()->insertMenu(help ? help->menuAction() : nullptr, menu);
    QAction *open = menu->addAction(QStringLiteral("&Open lesson…"), this, [this] {
        const QString file = QFileDialog::getOpenFileName(
                m_window, QStringLiteral("Open lesson"), QString(),
                QStringLiteral("ClusterLab lessons (*.yaml *.yml);;All files (*)"));
        if (!file.isEmpty())
            openLesson(file);
    });
    open->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    // File > Open lesson… too, beside Open manifests…, where people look for it first.
    if (QMenu *file = m_window->menuBar()->findChild<QMenu *>(QStringLiteral("FileMenu"))) {
        const QList<QAction *> items = file->actions();
        file->insertAction(items.value(1), open);
    }
    QMenu *builtIn = menu->addMenu(QStringLiteral("&Built-in lessons"));
    for (const QString &id : builtInLessons()) {
        const LessonRead read = loadLesson(id);
        const QString title = read.lesson ? QString::fromStdString(read.lesson->title) : id;
        builtIn->addAction(title, this, [this, id] {
            openLesson(id);
        });
    }
    menu->addSeparator();
    const auto add = [&](const QString &text, QList<QKeySequence> keys, auto slot) {
        QAction *action = menu->addAction(text, m_runner, slot);
        action->setShortcuts(keys);
        action->setShortcutContext(Qt::WindowShortcut);
        action->setEnabled(false);
        m_window->addAction(action); // keys work with the menu bar hidden (presenting)
        m_lessonActions << action;
        return action;
    };
    add(QStringLiteral("&Next step (or reveal)"), { Qt::Key_Right, Qt::Key_PageDown },
        &LessonRunner::next);
    add(QStringLiteral("&Previous step"), { Qt::Key_Left, Qt::Key_PageUp },
        &LessonRunner::previous);
    add(QStringLiteral("&Restart the lesson"), { Qt::Key_Home }, &LessonRunner::restart);
    menu->addSeparator();
    QAction *present = menu->addAction(QStringLiteral("&Presentation mode"));
    present->setCheckable(true);
    present->setShortcut(QKeySequence(Qt::Key_F11));
    m_window->addAction(present);
    connect(present, &QAction::triggered, m_presentation, [this](bool on) {
        m_presentation->setOn(on);
    });
    connect(m_presentation, &PresentationMode::toggled, present, &QAction::setChecked);
    QAction *leave = new QAction(QStringLiteral("Leave presentation mode"), this);
    leave->setShortcut(QKeySequence(Qt::Key_Escape));
    m_window->addAction(leave);
    connect(leave, &QAction::triggered, m_presentation, [this] {
        m_presentation->setOn(false);
    });
    menu->addSeparator();
    QAction *close = menu->addAction(QStringLiteral("&Close lesson"), this, [this] {
        m_presentation->setOn(false);
        m_runner->close();
        m_dock->hide();
        for (QAction *action : m_lessonActions)
            action->setEnabled(false);
    });
    m_lessonActions << close;
    close->setEnabled(false);
}

bool ClassroomController::eventFilter(QObject *watched, QEvent *event)
{
    // The lesson's bare keys (arrows, Page Up/Down, Home, 1-9) are window shortcuts, but a
    // list, a table, a spin box, a slider or a combo box that has the focus keeps them for
    // itself: ← in the Events table moves there rather than rewinding the lesson.
    if (event->type() == QEvent::ShortcutOverride && m_runner->isOpen()) {
        const auto *key = static_cast<QKeyEvent *>(event);
        const bool lessonKey = key->modifiers() == Qt::NoModifier
                && (key->key() == Qt::Key_Left || key->key() == Qt::Key_Right
                    || key->key() == Qt::Key_PageUp || key->key() == Qt::Key_PageDown
                    || key->key() == Qt::Key_Home
                    || (key->key() >= Qt::Key_1 && key->key() <= Qt::Key_9));
        if (lessonKey
            && (qobject_cast<QAbstractItemView *>(watched)
                || qobject_cast<QAbstractSpinBox *>(watched)
                || qobject_cast<QAbstractSlider *>(watched) || qobject_cast<QComboBox *>(watched)))
            event->accept();
    }
    return QObject::eventFilter(watched, event);
}

void ClassroomController::addKeys()
{
    qApp->installEventFilter(this);
    // 1–9 run the step's faults ("what goes wrong if…"), one key each.
    for (int i = 0; i < 9; ++i) {
        auto *action = new QAction(this);
        action->setShortcut(QKeySequence(Qt::Key_1 + i));
        action->setEnabled(false);
        connect(action, &QAction::triggered, m_runner, [this, i] {
            m_runner->runFault(i);
        });
        m_window->addAction(action);
        m_lessonActions << action;
    }
}

void ClassroomController::onPresentation(bool on)
{
    m_panel->setPresentation(on);
    if (!on) {
        fitBottomRow(0.3); // the window state from before presenting is back
        return;
    }
    // F11 with no lesson open starts the lecture's lesson: open ClusterLab, press F11, teach.
    if (!m_runner->isOpen())
        openLesson(builtInLessons().front(), 0, true);
    // Presenting: the lesson and the terminal in a column right of the canvas. The cluster
    // is wider than tall, so on a 16:9 screen this costs the canvas less than a row below
    // it would, and the text gets the height it needs.
    m_window->addDockWidget(Qt::RightDockWidgetArea, m_dock);
    m_window->splitDockWidget(m_dock, m_terminalDock, Qt::Vertical);
    m_dock->show();
    m_terminalDock->show();
    const bool beside = m_beside && m_beside->isVisible() && !m_beside->isFloating();
    if (beside) // the rules a step showed: a row under the canvas, as wide as it
        m_window->addDockWidget(Qt::BottomDockWidgetArea, m_beside);
    QTimer::singleShot(0, this, [this, beside] {
        const int width = m_window->width(), height = m_window->height();
        m_window->resizeDocks({ m_dock }, { width * 31 / 100 }, Qt::Horizontal);
        m_window->resizeDocks({ m_dock, m_terminalDock }, { height * 70 / 100, height * 30 / 100 },
                              Qt::Vertical);
        if (beside && m_beside)
            m_window->resizeDocks({ m_beside }, { height * 40 / 100 }, Qt::Vertical);
    });
}

void ClassroomController::showBeside(QDockWidget *dock)
{
    const bool placed = m_beside == dock && dock->isVisible() && !dock->isFloating();
    m_beside = dock;
    dock->show();
    dock->raise();
    if (placed)
        return; // it has its place already: leave what the teacher arranged
    if (m_presentation->isOn()) {
        m_window->addDockWidget(Qt::BottomDockWidgetArea, dock);
        QTimer::singleShot(0, this, [this, dock] {
            m_window->resizeDocks({ dock }, { m_window->height() * 40 / 100 }, Qt::Vertical);
        });
        return;
    }
    m_window->splitDockWidget(m_dock, dock, Qt::Horizontal);
    fitBottomRow(0.36);
}

void ClassroomController::fitBottomRow(double share)
{
    // The lesson gets the room its text needs: a share of the height, 60 % of the width;
    // once the window has laid out its new docks (and, presenting, its new size).
    QTimer::singleShot(0, this, [this, share] {
        const int height = int(m_window->height() * share);
        const int width = m_window->width();
        m_window->resizeDocks({ m_dock }, { height }, Qt::Vertical);
        if (m_beside && m_beside->isVisible() && !m_beside->isFloating())
            m_window->resizeDocks({ m_dock, m_beside, m_terminalDock },
                                  { width * 30 / 100, width * 48 / 100, width * 22 / 100 },
                                  Qt::Horizontal);
        else
            m_window->resizeDocks({ m_dock, m_terminalDock },
                                  { width * 60 / 100, width * 40 / 100 }, Qt::Horizontal);
    });
}

} // namespace clusterlab::app
