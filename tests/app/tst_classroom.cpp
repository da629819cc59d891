// tst_classroom: classroom mode, driven as a teacher drives it. The built-in ClusterIP lesson
// runs from its first step to its last with the arrow keys, on the real window and a real
// engine, each step's conditions met before Next lights up; a jump replays the earlier steps;
// presentation mode enlarges the text and hides the panels; a lesson dropped on the window
// opens. How lesson files read is tst_lesson_library's; the Service type lessons are
// tst_classroom_service_lessons'.
#include "canvas/canvas_scene.h"
#include "classroom/classroom_controller.h"
#include "classroom/lesson_library.h"
#include "classroom/lesson_panel.h"
#include "classroom/lesson_runner.h"
#include "classroom/presentation_mode.h"
#include "classroom_lab.h"
#include "engine.h"
#include "main_window.h"
#include "main_window_docks.h"
#include "small_lesson.h"
#include "state/cluster_state.h"
#include "terminal/command_policy.h"
#include "terminal/terminal_panel.h"

#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace clusterlab;
using namespace clusterlab::app;
using namespace classroom_test;

class TestClassroom : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void clusterIPLessonRunsStartToFinish();
    void shortLessonsRunStartToFinish_data();
    void shortLessonsRunStartToFinish();
    void jumpingReplaysTheEarlierSteps();
    void presentationModeEnlargesAndHides();
    void droppedLessonOpens();
    void stoppedCommandDoesNotStallTheLesson();

private:
    /// endpointCount is how many endpoints the Service has; -1 when there is no such Service.
    int endpointCount(const char *name) const;
    /// runningPods names the Pods that are not terminating, sorted.
    QStringList runningPods() const;
    /// checkExecStep checks what the ClusterIP lesson's kubectl exec step showed.
    void checkExecStep(const QString &clusterIP) const;

    ClassroomLab m_lab;
};

void TestClassroom::initTestCase()
{
    m_lab.start();
}

void TestClassroom::cleanupTestCase()
{
    m_lab.stop();
}

int TestClassroom::endpointCount(const char *name) const
{
    const model::Service *svc = m_lab.service(QString::fromLatin1(name));
    return svc ? int(m_lab.window->state()->mirror().endpointsOf(*svc).size()) : -1;
}

QStringList TestClassroom::runningPods() const
{
    const ClusterMirror &mirror = m_lab.window->state()->mirror();
    QStringList names;
    for (const QString &uid : mirror.podUids())
        if (const model::Pod *pod = mirror.pod(uid); pod && !model::isPodTerminating(*pod))
            names << QString::fromStdString(pod->metadata.name);
    names.sort();
    return names;
}

void TestClassroom::checkExecStep(const QString &clusterIP) const
{
    const QString out = m_lab.window->terminal()->outputText();
    if (m_lab.window->terminal()->kubectlMode() != KubectlMode::Real) {
        qWarning("no kubectl on PATH: the lesson's kubectl exec was refused");
        return;
    }
    // The Service forwarded the three requests from the frontend Pod.
    QTRY_VERIFY_WITH_TIMEOUT(m_lab.runner().servedSince(QStringLiteral("backend")) >= 3, 5000);
    // The command lines as the class reads them, then what the Pod printed.
    QVERIFY2(out.contains(QStringLiteral("$ kubectl exec deploy/frontend -- nslookup backend\n")),
             qPrintable(out));
    QVERIFY2(out.contains(QRegularExpression(QStringLiteral("Address:\\s+%1\\n")
                                                     .arg(QRegularExpression::escape(clusterIP)))),
             qPrintable(out));
    const QString curl = QStringLiteral("$ kubectl exec deploy/frontend -- sh -c 'curl -s "
                                        "http://backend/hostname; curl -s http://backend/hostname; "
                                        "curl -s http://backend/hostname'\n");
    const qsizetype at = out.lastIndexOf(curl);
    QVERIFY2(at >= 0, qPrintable(out));
    // Three lines, each the name of a backend Pod that runs now.
    const QStringList answers =
            out.mid(at + curl.size()).split(QLatin1Char('\n'), Qt::SkipEmptyParts).mid(0, 3);
    const QStringList pods = runningPods();
    QCOMPARE(answers.size(), 3);
    for (const QString &answer : answers)
        QVERIFY2(answer.startsWith(QLatin1String("backend-")) && pods.contains(answer),
                 qPrintable(answer + " is no backend Pod of " + pods.join(QLatin1Char(' '))));
}

void TestClassroom::clusterIPLessonRunsStartToFinish()
{
    ClassroomController *classroom = m_lab.window->classroom();
    QVERIFY(classroom->openLesson(QStringLiteral("services-clusterip"), 0, true).isEmpty());
    QVERIFY(classroom->dock()->isVisible());
    QCOMPARE(classroom->panel()->progressText(),
             QStringLiteral("Services: ClusterIP · step 1 of 10"));

    // 1: four tiers, every Pod with an IP; no backend Service yet.
    QTRY_VERIFY_WITH_TIMEOUT(m_lab.runner().canGoNext(), 20000);
    QCOMPARE(m_lab.window->state()->mirror().podUids().size(), 8);
    QVERIFY(!m_lab.service(QStringLiteral("backend")));

    // 2: a prediction, then the first backend Pod is deleted and replaced with a new IP.
    QVERIFY(m_lab.nextUntil(1));
    QVERIFY(!m_lab.runner().revealed());
    const QStringList before = runningPods();
    QTest::keyClick(m_lab.window, Qt::Key_Right); // reveal
    QVERIFY(m_lab.runner().revealed());
    QTRY_VERIFY_WITH_TIMEOUT(m_lab.runner().canGoNext(), 20000);
    const QStringList after = runningPods();
    QCOMPARE(after.size(), 8);
    QVERIFY2(after != before, "no backend Pod was replaced");

    // 3 and 4: the backend Service is created and gets the three backend Pods as endpoints.
    QVERIFY(m_lab.nextUntil(3));
    QTRY_VERIFY_WITH_TIMEOUT(m_lab.service(QStringLiteral("backend")), 20000);
    QCOMPARE(QString::fromStdString(m_lab.service(QStringLiteral("backend"))->spec.type),
             QStringLiteral("ClusterIP"));
    QTRY_VERIFY_WITH_TIMEOUT(m_lab.runner().canGoNext(), 20000);
    // The terminal showed the lecture's command and kubectl's answer.
    TerminalPanel *terminal = m_lab.window->terminal();
    // The real kubectl where one is installed (scripts/bootstrap test installs it), else the
    // built-in one: both answer in kubectl's words.
    if (terminal->kubectlMode() != KubectlMode::Real)
        qWarning("no kubectl on PATH: the lesson ran the built-in kubectl");
    QVERIFY2(terminal->outputText().contains(
                     QStringLiteral("$ kubectl create -f backend-service.yaml\n"
                                    "service/backend created")),
             qPrintable(terminal->outputText()));
    // 5: kubectl get services lists the backend Service and its ClusterIP.
    QVERIFY(m_lab.nextUntil(4));
    const QString clusterIP =
            QString::fromStdString(m_lab.service(QStringLiteral("backend"))->spec.clusterIP);
    QTRY_VERIFY_WITH_TIMEOUT(
            terminal->outputText().contains(QRegularExpression(
                    QStringLiteral("backend\\s+ClusterIP\\s+%1\\s+<none>\\s+80/TCP")
                            .arg(QRegularExpression::escape(clusterIP)))),
            20000);

    // 6: inside a frontend Pod, the real kubectl exec: nslookup gives the ClusterIP, and each
    // of the three requests to http://backend is answered by a backend Pod, by its name.
    QVERIFY(m_lab.nextUntil(5));
    QVERIFY(!m_lab.runner().revealed());
    QTest::keyClick(m_lab.window, Qt::Key_Right);
    QTRY_VERIFY_WITH_TIMEOUT(m_lab.runner().canGoNext(), 30000);
    checkExecStep(clusterIP);

    // 7: the prediction, then 30 requests answered through the Service, by more than one Pod.
    QVERIFY(m_lab.nextUntil(6));
    QVERIFY(!m_lab.runner().revealed());
    QTest::keyClick(m_lab.window, Qt::Key_Right);
    QTRY_VERIFY_WITH_TIMEOUT(m_lab.runner().canGoNext(), 30000);
    QVERIFY(m_lab.runner().servedSince(QStringLiteral("backend")) >= 30);

    // 8: scaled to 5, the Service has 5 endpoints before Next lights up.
    QVERIFY(m_lab.nextUntil(7));
    QTRY_VERIFY_WITH_TIMEOUT(m_lab.runner().canGoNext(), 20000);
    // 9: Redis and MySQL Services; 10: the backend Service without type is still ClusterIP.
    QVERIFY(m_lab.nextUntil(9));
    QTRY_VERIFY_WITH_TIMEOUT(m_lab.service(QStringLiteral("redis"))
                                     && m_lab.service(QStringLiteral("mysql")),
                             20000);
    QCOMPARE(classroom->panel()->progressText(),
             QStringLiteral("Services: ClusterIP · step 10 of 10"));
    QTest::keyClick(m_lab.window, Qt::Key_Right); // reveal the last prediction
    QTRY_VERIFY_WITH_TIMEOUT(m_lab.runner().canGoNext(), 20000);
    QCOMPARE(QString::fromStdString(m_lab.service(QStringLiteral("backend"))->spec.type),
             QStringLiteral("ClusterIP"));
    // kubectl's jsonpath answer ends without a newline; the terminal ends the line for it.
    QTRY_VERIFY_WITH_TIMEOUT(terminal->outputText().contains(QStringLiteral(
                                     "$ kubectl get service backend -o jsonpath={.spec.type}\n"
                                     "ClusterIP\n")),
                             20000);
    QVERIFY(!classroom->panel()->nextButton()->isEnabled()); // the last step
}

void TestClassroom::shortLessonsRunStartToFinish_data()
{
    QTest::addColumn<QString>("id");
    QTest::newRow("named targetPorts") << QStringLiteral("named-targetport");
    QTest::newRow("session affinity") << QStringLiteral("session-affinity");
}

void TestClassroom::shortLessonsRunStartToFinish()
{
    // Every step revealed and its conditions met, key by key, to the last one.
    QFETCH(QString, id);
    QVERIFY(m_lab.window->classroom()->openLesson(id, 0, true).isEmpty());
    const int last = m_lab.runner().stepCount() - 1;
    QVERIFY(m_lab.nextUntil(last, 60000));
    QTest::keyClick(m_lab.window, Qt::Key_Right); // reveal, if the last step asks first
    QTRY_VERIFY_WITH_TIMEOUT(m_lab.runner().canGoNext(), 30000);
}

void TestClassroom::jumpingReplaysTheEarlierSteps()
{
    ClassroomController *classroom = m_lab.window->classroom();
    QVERIFY(classroom->openLesson(QStringLiteral("services-clusterip"), 5, true).isEmpty());
    QCOMPARE(m_lab.runner().step(), 5);
    // The cluster starts over (the earlier lesson's objects go), then steps 1-5 are
    // replayed: the tiers run and the backend Service has its three endpoints again.
    QTRY_VERIFY_WITH_TIMEOUT(runningPods().size() == 8 && endpointCount("backend") == 3
                                     && !m_lab.service(QStringLiteral("redis")),
                             20000);
    // Home starts over: no backend Service, step 1 of 9.
    QTest::keyClick(m_lab.window, Qt::Key_Home);
    QCOMPARE(m_lab.runner().step(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(!m_lab.service(QStringLiteral("backend")), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(m_lab.runner().canGoNext(), 20000);
    // ← from step 2 goes back to step 1.
    QVERIFY(m_lab.nextUntil(1));
    QTest::keyClick(m_lab.window, Qt::Key_Left);
    QCOMPARE(m_lab.runner().step(), 0);
}

void TestClassroom::presentationModeEnlargesAndHides()
{
    ClassroomController *classroom = m_lab.window->classroom();
    // F11 with no lesson open starts the ClusterIP lesson.
    m_lab.runner().close();
    classroom->presentation()->setOn(true, false);
    QVERIFY(m_lab.runner().isOpen());
    QCOMPARE(QString::fromStdString(m_lab.runner().lesson()->id),
             QStringLiteral("services-clusterip"));
    classroom->presentation()->setOn(false);
    QVERIFY(classroom->openLesson(QStringLiteral("services-clusterip"), 0, true).isEmpty());
    const QLabel *title = classroom->panel()->findChild<QLabel *>(QStringLiteral("LessonTitle"));
    QVERIFY(title);
    const qreal normal = title->font().pointSizeF();
    QList<QDockWidget *> shown;
    for (QDockWidget *dock : m_lab.window->findChildren<QDockWidget *>())
        if (dock->isVisible())
            shown << dock;
    QVERIFY(shown.size() > 1);

    classroom->presentation()->setOn(true, false);
    QVERIFY(m_lab.window->scene()->presentation());
    QVERIFY(title->font().pointSizeF() >= normal * 1.5);
    QVERIFY(!m_lab.window->menuBar()->isVisible());
    for (QDockWidget *dock : m_lab.window->findChildren<QDockWidget *>())
        QCOMPARE(dock->isVisible(),
                 dock == classroom->dock() || dock->objectName() == QLatin1String("TerminalDock"));
    // The keys still work with the menu bar gone.
    QTRY_VERIFY_WITH_TIMEOUT(m_lab.runner().canGoNext(), 20000);
    QTest::keyClick(m_lab.window, Qt::Key_Right);
    QCOMPARE(m_lab.runner().step(), 1);

    classroom->presentation()->setOn(false);
    QVERIFY(!m_lab.window->scene()->presentation());
    QCOMPARE(title->font().pointSizeF(), normal);
    QVERIFY(m_lab.window->menuBar()->isVisible());
    for (QDockWidget *dock : shown)
        QVERIFY2(dock->isVisible(), qPrintable(dock->objectName()));
}

void TestClassroom::droppedLessonOpens()
{
    QTemporaryDir dir;
    const QString good = dir.filePath(QStringLiteral("small.yaml"));
    const QString bad = dir.filePath(QStringLiteral("broken.yaml"));
    for (const auto &[path, text] :
         { std::pair{ good, QString::fromLatin1(kSmallLesson) },
           std::pair{ bad, QString::fromLatin1(kSmallLesson).replace("- apply", "- aply") } }) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(text.toUtf8());
    }
    const auto drop = [this](const QString &path) {
        QMimeData data;
        data.setUrls({ QUrl::fromLocalFile(path) });
        const QPoint at = m_lab.window->rect().center();
        QDragEnterEvent enter(at, Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(m_lab.window, &enter);
        QDropEvent event(at, Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(m_lab.window, &event);
    };
    drop(bad);
    auto *box = m_lab.window->findChild<QMessageBox *>(QStringLiteral("LessonProblems"));
    QVERIFY(box);
    QVERIFY2(box->text().contains(QStringLiteral("broken.yaml:16:5: unknown action \"aply\"")),
             qPrintable(box->text()));
    box->close();
    drop(good);
    QCOMPARE(QString::fromStdString(m_lab.runner().lesson()->id), QStringLiteral("small"));
    QTRY_VERIFY_WITH_TIMEOUT(m_lab.service(QStringLiteral("backend")), 20000);
}

void TestClassroom::stoppedCommandDoesNotStallTheLesson()
{
    // The teacher's own command runs (a watch) while step 4 queues `kubectl create -f
    // backend-service.yaml` behind it; Ctrl+C stops the watch and drops the queued create.
    // The step still ends: Next waits for the Service, not for a command that never ran.
    ClassroomController *classroom = m_lab.window->classroom();
    QVERIFY(classroom->openLesson(QStringLiteral("services-clusterip"), 3, true).isEmpty());
    TerminalPanel *terminal = m_lab.window->terminal();
    const qsizetype before = terminal->outputText().size();
    terminal->run(QStringLiteral("kubectl get pods -w"));
    // The step's YAML is shown just before its kubectl command is queued.
    const auto *file = classroom->panel()->findChild<QPlainTextEdit *>();
    QTRY_VERIFY_WITH_TIMEOUT(file && file->toPlainText().contains("kind: Service"), 20000);
    QVERIFY(m_lab.runner().busy());
    terminal->interrupt();
    QTRY_VERIFY_WITH_TIMEOUT(!m_lab.runner().busy(), 20000);
    QVERIFY2(!terminal->outputText().mid(before).contains("service/backend created"),
             qPrintable(terminal->outputText().mid(before)));
}

QTEST_MAIN(TestClassroom)
#include "tst_classroom.moc"
