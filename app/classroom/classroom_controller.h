#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

class QAction;
class QDockWidget;
class QMenu;
class QTemporaryDir;

namespace clusterlab::app {

struct Lesson;
class LessonPanel;
class LessonRunner;
class MainWindow;
class PresentationMode;
class TerminalPanel;

/// ClassroomController is classroom mode in the window: the Lesson menu (open a file, the
/// built-in lessons, next, previous, restart, presentation), the lesson dock, the keys a
/// presenter remote sends (→ ← Page Down/Up, Home, 1–9 for the faults, F11, Esc), lesson
/// files dropped on the window, and the runner acting on the window's parts.
class ClassroomController : public QObject
{
    Q_OBJECT
public:
    explicit ClassroomController(MainWindow *window);
    ~ClassroomController() override;

    /// openLesson opens a lesson file or built-in lesson at step (0-based); a lesson with
    /// problems is not opened: they are shown (line:column) and returned.
    QStringList openLesson(const QString &nameOrFile, int step = 0, bool quiet = false);
    LessonRunner *runner() const { return m_runner; }
    LessonPanel *panel() const { return m_panel; }
    QDockWidget *dock() const { return m_dock; }
    PresentationMode *presentation() const { return m_presentation; }
    TerminalPanel *terminal() const { return m_terminal; }
    QDockWidget *terminalDock() const { return m_terminalDock; }
    /// setKubeconfig tells the terminal how the real kubectl reaches this cluster ("" = the
    /// API is off: the built-in kubectl answers).
    void setKubeconfig(const QString &path);

signals:
    void lessonOpened(const QString &title);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void showProblems(const QString &title, const QStringList &problems);
    void buildMenu();
    void addKeys();
    void onPresentation(bool on);
    void select(const QString &ref);
    void fitBottomRow(double share);
    void runKubectl(const QString &command, std::function<void()> done);
    void writeLessonFiles(const Lesson &lesson);

    MainWindow *m_window;
    LessonRunner *m_runner;
    LessonPanel *m_panel;
    QDockWidget *m_dock;
    PresentationMode *m_presentation;
    TerminalPanel *m_terminal;
    QDockWidget *m_terminalDock;
    std::unique_ptr<QTemporaryDir> m_files; ///< the lesson's files, where the terminal runs
    QList<QAction *> m_lessonActions; ///< enabled only while a lesson is open
};

} // namespace clusterlab::app
