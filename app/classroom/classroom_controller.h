#pragma once

#include "classroom/lesson_runner.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

class QAction;
class QDockWidget;
class QMainWindow;
class QMenu;
class QTemporaryDir;

namespace clusterlab::app {

struct Lesson;
class LessonPanel;
class PresentationMode;

/// ClassroomParts is what classroom mode uses of the rest of the window. The main window fills
/// it in, so classroom mode includes no other view's headers: the canvas, the editor, the
/// traffic controls and the terminal are reached through these functions.
struct ClassroomParts
{
    /// window has a dock named EventsDock and menus named FileMenu and HelpMenu
    QMainWindow *window = nullptr;
    LessonStage stage; ///< what lessons act on (showFile: the editor's part of showing a file)
    QDockWidget *terminalDock = nullptr; ///< the Terminal, laid out beside the lesson (needed)
    std::function<void(const QString &directory)> setWorkingDirectory; ///< the terminal's
    std::function<void(bool on)> presentCanvas; ///< the canvas's part of presentation mode
    std::function<void()> resetLayout; ///< undo tiers dragged in an earlier session
};

/// ClassroomController is classroom mode in the window: the Lesson menu (open a file, the
/// built-in lessons, next, previous, restart, presentation), the lesson dock, the keys a
/// presenter remote sends (→ ← Page Down/Up, Home, 1–9 for the faults, F11, Esc), lesson
/// files dropped on the window, and the runner acting on the window's parts.
class ClassroomController : public QObject
{
    Q_OBJECT
public:
    explicit ClassroomController(ClassroomParts parts);
    ~ClassroomController() override;

    /// openLesson opens a lesson file or built-in lesson at step (0-based); a lesson with
    /// problems is not opened: they are shown (line:column) and returned.
    QStringList openLesson(const QString &nameOrFile, int step = 0, bool quiet = false);
    LessonRunner *runner() const { return m_runner; }
    LessonPanel *panel() const { return m_panel; }
    QDockWidget *dock() const { return m_dock; }
    PresentationMode *presentation() const { return m_presentation; }
    /// showBeside gives a panel a step shows (the kube-proxy rules) room beside the lesson:
    /// right of it in the bottom row, or, presenting, a row under the canvas.
    void showBeside(QDockWidget *dock);

signals:
    void lessonOpened(const QString &title);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void showProblems(const QString &title, const QStringList &problems);
    void buildMenu();
    void addKeys();
    void onPresentation(bool on);
    void fitBottomRow(double share);
    void writeLessonFiles(const Lesson &lesson);

    QMainWindow *m_window;
    ClassroomParts m_parts;
    LessonRunner *m_runner;
    LessonPanel *m_panel;
    QDockWidget *m_dock;
    PresentationMode *m_presentation;
    QDockWidget *m_terminalDock;
    QPointer<QDockWidget> m_beside; ///< a panel a step showed beside the lesson
    std::unique_ptr<QTemporaryDir> m_files; ///< the lesson's files, where the terminal runs
    QList<QAction *> m_lessonActions; ///< enabled only while a lesson is open
};

} // namespace clusterlab::app
