#pragma once

// The fixture of tst_classroom and tst_classroom_service_lessons: a real engine (pace 0.05,
// users paused) with its API on a free port, so a lesson's kubectl commands run the real
// kubectl as in class, in the real main window; and a teacher's keys: Next until a step, and a
// whole lesson walked step by step.

#include "classroom/classroom_controller.h"
#include "classroom/lesson_runner.h"
#include "engine.h"
#include "free_port.h"
#include "main_window.h"
#include "state/cluster_state.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

namespace classroom_test {

using namespace clusterlab;
using namespace clusterlab::app;

/// ClassroomLab is the engine and the main window the classroom tests drive. Thread: GUI thread.
struct ClassroomLab
{
    /// start shows the window, active, with the API and the kubeconfig for kubectl.
    void start()
    {
        // The API on a free port: the lesson's kubectl commands run the real kubectl, as in class.
        QVERIFY(dir.isValid());
        EngineOptions options;
        options.pace = 0.05; // Pods start in a few hundred milliseconds
        options.seed = 7;
        options.usersRate = 0;
        options.apiPort = freePort();
        options.kubeconfigPath = dir.filePath(QStringLiteral("kubeconfig")).toStdString();
        engine = new Engine(options);
        engine->start();
        QVERIFY2(!engine->kubeconfigPath().empty(), "the API did not start");
        window = new MainWindow(*engine);
        window->setKubeconfig(QString::fromStdString(engine->kubeconfigPath()));
        window->setPersistent(false);
        window->resize(1600, 1000);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window));
        // The lesson's keys are the window's shortcuts: they need it active (xvfb has no window
        // manager to make it so).
        window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window));
    }

    void stop()
    {
        delete window;
        engine->stop();
        delete engine;
    }

    LessonRunner &runner() const { return *window->classroom()->runner(); }

    const model::Service *service(const QString &name) const
    {
        const ClusterMirror &mirror = window->state()->mirror();
        return mirror.service(mirror.serviceUid(QStringLiteral("default"), name));
    }

    /// nextUntil presses → until the runner is at step (0-based), waiting for each step's
    /// conditions as a teacher would; fails if the step is not reached within the time.
    bool nextUntil(int step, int timeoutMs = 30000)
    {
        QElapsedTimer timer;
        timer.start();
        while (runner().step() < step && timer.elapsed() < timeoutMs) {
            // The key a presenter remote sends; it reveals a prediction first, then moves on
            // only once the step's actions ran and its conditions hold.
            QTest::keyClick(window, Qt::Key_PageDown);
            QTest::qWait(50);
        }
        return runner().step() == step;
    }

    /// walkLesson opens a lesson and walks it to its last step as a teacher does (each step
    /// revealed, its conditions met), calling check(step) after each; false when a step was
    /// not reached or did not finish, or a check failed.
    bool walkLesson(const QString &id, const std::function<void(int step)> &check)
    {
        if (!window->classroom()->openLesson(id, 0, true).isEmpty())
            return false;
        // The lesson's keys are the window's shortcuts: they need it active.
        window->activateWindow();
        if (!QTest::qWaitForWindowActive(window))
            return false;
        for (int step = 0; step < runner().stepCount(); ++step) {
            if (!nextUntil(step, 60000)) {
                QWidget *focus = QApplication::focusWidget();
                qWarning("%s: step %d not reached (at %d, busy %d, can go on %d, focus %s)",
                         qPrintable(id), step + 1, runner().step() + 1, runner().busy(),
                         runner().canGoNext(),
                         focus ? focus->metaObject()->className() : "nothing");
                return false;
            }
            if (!runner().revealed())
                QTest::keyClick(window, Qt::Key_Right);
            QElapsedTimer timer;
            timer.start();
            while (!runner().canGoNext() && timer.elapsed() < 30000)
                QTest::qWait(50);
            if (!runner().canGoNext()) {
                qWarning("%s: step %d waits for %s", qPrintable(id), step + 1,
                         qPrintable(runner().waiting().join(QStringLiteral("; "))));
                return false;
            }
            check(step);
            if (QTest::currentTestFailed())
                return false;
        }
        return true;
    }

    Engine *engine = nullptr;
    MainWindow *window = nullptr;
    QTemporaryDir dir;
};

} // namespace classroom_test
