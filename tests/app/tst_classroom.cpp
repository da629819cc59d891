// tst_classroom: classroom mode, driven as a teacher drives it. The built-in ClusterIP lesson
// runs from its first step to its last with the arrow keys, on the real window and a real
// engine, each step's conditions met before Next lights up; a jump replays the earlier steps;
// presentation mode enlarges the text and hides the panels; a lesson dropped on the window
// opens. How lesson files read is tst_lesson_library's.
#include "canvas/canvas_scene.h"
#include "classroom/classroom_controller.h"
#include "classroom/lesson_library.h"
#include "classroom/lesson_panel.h"
#include "classroom/lesson_runner.h"
#include "classroom/presentation_mode.h"
#include "engine.h"
#include "free_port.h"
#include "main_window.h"
#include "main_window_docks.h"
#include "panels/proxy_rules_panel.h"
#include "small_lesson.h"
#include "state/cluster_state.h"
#include "terminal/command_policy.h"
#include "terminal/terminal_panel.h"

#include <QApplication>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace clusterlab;
using namespace clusterlab::app;

class TestClassroom : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void clusterIPLessonRunsStartToFinish();
    void shortLessonsRunStartToFinish_data();
    void shortLessonsRunStartToFinish();
    void nodePortLessonRunsStartToFinish();
    void loadBalancerLessonRunsStartToFinish();
    void trafficPolicyLessonRunsStartToFinish();
    void dnsLessonRunsStartToFinish();
    void kubeProxyLessonRunsStartToFinish();
    void jumpingReplaysTheEarlierSteps();
    void presentationModeEnlargesAndHides();
    void droppedLessonOpens();
    void stoppedCommandDoesNotStallTheLesson();

private:
    /// nextUntil presses → until the runner is at step (0-based), waiting for each step's
    /// conditions as a teacher would; fails if the step is not reached within the time.
    bool nextUntil(int step, int timeoutMs = 30000);
    const model::Service *service(const QString &name) const;
    /// endpointCount is how many endpoints the Service has; -1 when there is no such Service.
    int endpointCount(const char *name) const;
    /// runningPods names the Pods that are not terminating, sorted.
    QStringList runningPods() const;
    LessonRunner &runner() const { return *m_window->classroom()->runner(); }
    /// walkLesson opens a lesson and walks it to its last step as a teacher does (each step
    /// revealed, its conditions met), calling check(step) after each; false when a step was
    /// not reached or did not finish, or a check failed.
    bool walkLesson(const QString &id, const std::function<void(int step)> &check);
    /// terminalShows waits until the terminal's output matches pattern.
    bool terminalShows(const QString &pattern, int timeoutMs = 20000) const;
    /// nodeIP is a node's InternalIP; nodesRunning names the nodes with a ready Pod labelled app.
    QString nodeIP(const QString &node) const;
    QSet<QString> nodesRunning(const QString &app) const;

    Engine *m_engine = nullptr;
    MainWindow *m_window = nullptr;
    QTemporaryDir m_dir;
};

void TestClassroom::initTestCase()
{
    // The API on a free port: the lesson's kubectl commands run the real kubectl, as in class.
    QVERIFY(m_dir.isValid());
    EngineOptions options;
    options.pace = 0.05; // Pods start in a few hundred milliseconds
    options.seed = 7;
    options.usersRate = 0;
    options.apiPort = freePort();
    options.kubeconfigPath = m_dir.filePath(QStringLiteral("kubeconfig")).toStdString();
    m_engine = new Engine(options);
    m_engine->start();
    QVERIFY2(!m_engine->kubeconfigPath().empty(), "the API did not start");
    m_window = new MainWindow(*m_engine);
    m_window->setKubeconfig(QString::fromStdString(m_engine->kubeconfigPath()));
    m_window->setPersistent(false);
    m_window->resize(1600, 1000);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    // The lesson's keys are the window's shortcuts: they need it active (xvfb has no window
    // manager to make it so).
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window));
}

void TestClassroom::cleanupTestCase()
{
    delete m_window;
    m_engine->stop();
    delete m_engine;
}

const model::Service *TestClassroom::service(const QString &name) const
{
    const ClusterMirror &mirror = m_window->state()->mirror();
    return mirror.service(mirror.serviceUid(QStringLiteral("default"), name));
}

int TestClassroom::endpointCount(const char *name) const
{
    const model::Service *svc = service(QString::fromLatin1(name));
    return svc ? int(m_window->state()->mirror().endpointsOf(*svc).size()) : -1;
}

QStringList TestClassroom::runningPods() const
{
    const ClusterMirror &mirror = m_window->state()->mirror();
    QStringList names;
    for (const QString &uid : mirror.podUids())
        if (const model::Pod *pod = mirror.pod(uid); pod && !model::isPodTerminating(*pod))
            names << QString::fromStdString(pod->metadata.name);
    names.sort();
    return names;
}

bool TestClassroom::nextUntil(int step, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (runner().step() < step && timer.elapsed() < timeoutMs) {
        // The key a presenter remote sends; it reveals a prediction first, then moves on
        // only once the step's actions ran and its conditions hold.
        QTest::keyClick(m_window, Qt::Key_PageDown);
        QTest::qWait(50);
    }
    return runner().step() == step;
}

bool TestClassroom::walkLesson(const QString &id, const std::function<void(int step)> &check)
{
    if (!m_window->classroom()->openLesson(id, 0, true).isEmpty())
        return false;
    // The lesson's keys are the window's shortcuts: they need it active.
    m_window->activateWindow();
    if (!QTest::qWaitForWindowActive(m_window))
        return false;
    for (int step = 0; step < runner().stepCount(); ++step) {
        if (!nextUntil(step, 60000)) {
            QWidget *focus = QApplication::focusWidget();
            qWarning("%s: step %d not reached (at %d, busy %d, can go on %d, focus %s)",
                     qPrintable(id), step + 1, runner().step() + 1, runner().busy(),
                     runner().canGoNext(), focus ? focus->metaObject()->className() : "nothing");
            return false;
        }
        if (!runner().revealed())
            QTest::keyClick(m_window, Qt::Key_Right);
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

bool TestClassroom::terminalShows(const QString &pattern, int timeoutMs) const
{
    const QRegularExpression expected(pattern);
    QElapsedTimer timer;
    timer.start();
    while (!m_window->terminal()->outputText().contains(expected) && timer.elapsed() < timeoutMs)
        QTest::qWait(50);
    if (m_window->terminal()->outputText().contains(expected))
        return true;
    qWarning("the terminal does not show %s:\n%s", qPrintable(pattern),
             qPrintable(m_window->terminal()->outputText().right(3000)));
    return false;
}

QString TestClassroom::nodeIP(const QString &node) const
{
    const model::Node *object = m_window->state()->mirror().node(node);
    return object ? QString::fromStdString(object->internalIP) : QString();
}

QSet<QString> TestClassroom::nodesRunning(const QString &app) const
{
    const ClusterMirror &mirror = m_window->state()->mirror();
    QSet<QString> nodes;
    for (const QString &uid : mirror.podUids())
        if (const model::Pod *pod = mirror.pod(uid); pod && !model::isPodTerminating(*pod)
            && model::isPodReady(*pod) && pod->metadata.labels.count("app")
            && QString::fromStdString(pod->metadata.labels.at("app")) == app)
            nodes << QString::fromStdString(pod->spec.nodeName);
    return nodes;
}

/// nodeOfTarget is the node name a reply's target starts with ("node-2 127.244.2.1:30080").
static QString nodeOfTarget(const LessonReply &reply)
{
    return reply.target.section(QLatin1Char(' '), 0, 0);
}

/// ipOfTarget is the address a reply's target names.
static QString ipOfTarget(const LessonReply &reply)
{
    return reply.target.section(QLatin1Char(' '), -1).section(QLatin1Char(':'), 0, 0);
}

void TestClassroom::nodePortLessonRunsStartToFinish()
{
    const bool walked = walkLesson(QStringLiteral("services-nodeport"), [this](int step) {
        if (step == 1) {
            // kubectl get services: the node port beside the Service port.
            QCOMPARE(service(QStringLiteral("backend"))->spec.ports.front().nodePort, 30080);
            QVERIFY(terminalShows(QStringLiteral("backend\\s+NodePort\\s+127\\.\\S+\\s+<none>"
                                                 "\\s+80:30080/TCP")));
        } else if (step == 2) {
            // Every node and 127.0.0.1 answered on the node port, each by some backend Pod.
            QSet<QString> answeredBy;
            for (const LessonReply &reply : runner().replies()) {
                QVERIFY2(reply.answered, qPrintable(reply.target + ": " + reply.error));
                QVERIFY(reply.target.endsWith(QLatin1String(":30080")));
                answeredBy << nodeOfTarget(reply);
            }
            QCOMPARE(answeredBy, (QSet<QString>{ "node-1", "node-2", "node-3", "localhost" }));
        } else if (step == 3) {
            // The node without a backend Pod answered too, through a Pod on another node.
            const QSet<QString> withPods = nodesRunning(QStringLiteral("backend"));
            QVERIFY(!runner().replies().isEmpty());
            for (const LessonReply &reply : runner().replies()) {
                QVERIFY2(reply.answered, qPrintable(reply.target + ": " + reply.error));
                QVERIFY2(!withPods.contains(nodeOfTarget(reply)), qPrintable(reply.target));
                QVERIFY(reply.node != nodeOfTarget(reply));
            }
        }
    });
    QVERIFY(walked);
    QVERIFY(terminalShows(QStringLiteral("NodePort:\\s+<unset>\\s+30080/TCP")));
}

void TestClassroom::loadBalancerLessonRunsStartToFinish()
{
    const bool walked = walkLesson(QStringLiteral("services-loadbalancer"), [this](int step) {
        const model::Service *frontend = service(QStringLiteral("frontend"));
        if (step == 1) {
            QVERIFY(frontend && !frontend->status.loadBalancerIngress.empty());
            QVERIFY(QString::fromStdString(frontend->status.loadBalancerIngress.front().ip)
                            .startsWith(QLatin1String("127.250.0.")));
        } else if (step == 2) {
            // What the cloud controller did, in the Service's events.
            QVERIFY(terminalShows(QStringLiteral("EnsuringLoadBalancer")));
            QVERIFY(terminalShows(QStringLiteral("EnsuredLoadBalancer")));
        } else if (step == 3) {
            QSet<QString> pods;
            for (const LessonReply &reply : runner().replies()) {
                QVERIFY2(reply.answered, qPrintable(reply.target + ": " + reply.error));
                QCOMPARE(ipOfTarget(reply),
                         QString::fromStdString(frontend->status.loadBalancerIngress.front().ip));
                pods << reply.pod;
            }
            QVERIFY2(pods.size() > 1, "one Pod answered every request through the balancer");
        } else if (step == 4) {
            QVERIFY(frontend->spec.ports.front().nodePort >= 30000);
        } else if (step == 5) {
            const model::Service *direct = service(QStringLiteral("frontend-direct"));
            QVERIFY(direct);
            QCOMPARE(direct->spec.ports.front().nodePort, 0);
            QVERIFY(terminalShows(QStringLiteral("frontend-direct\\s+LoadBalancer\\s+\\S+\\s+"
                                                 "(<pending>|127\\.250\\.0\\.\\d+)\\s+80/TCP")));
            QVERIFY(runner().replies().size() >= 10);
        }
    });
    QVERIFY(walked);
}

void TestClassroom::trafficPolicyLessonRunsStartToFinish()
{
    const bool walked = walkLesson(QStringLiteral("services-traffic-policy"), [this](int step) {
        if (step == 1) {
            // Cluster: a Pod sees the address of the node the request came in through.
            int throughNodes = 0;
            for (const LessonReply &reply : runner().replies()) {
                QVERIFY2(reply.answered, qPrintable(reply.target + ": " + reply.error));
                if (nodeOfTarget(reply) == QLatin1String("localhost"))
                    continue;
                ++throughNodes;
                QCOMPARE(reply.client.section(QLatin1Char(':'), 0, 0), nodeIP(nodeOfTarget(reply)));
            }
            QCOMPARE(throughNodes, 3);
        } else if (step == 2) {
            // Local: the node with a Pod keeps this computer's address; the other refuses.
            const QSet<QString> withPods = nodesRunning(QStringLiteral("web"));
            int answered = 0, refused = 0;
            for (const LessonReply &reply : runner().replies()) {
                QCOMPARE(withPods.contains(nodeOfTarget(reply)), reply.answered);
                if (!reply.answered) {
                    ++refused;
                    continue;
                }
                ++answered;
                QCOMPARE(reply.client.section(QLatin1Char(':'), 0, 0), QStringLiteral("127.0.0.1"));
                QCOMPARE(reply.node, nodeOfTarget(reply)); // its own Pod, never another node's
            }
            QCOMPARE(answered, 3);
            QCOMPARE(refused, 2);
        }
    });
    QVERIFY(walked);
    QCOMPARE(QString::fromStdString(service(QStringLiteral("web"))->spec.externalTrafficPolicy),
             QStringLiteral("Local"));
}

void TestClassroom::dnsLessonRunsStartToFinish()
{
    const bool walked = walkLesson(QStringLiteral("services-dns"), [this](int step) {
        if (step == 0) {
            const QString ip =
                    QString::fromStdString(service(QStringLiteral("backend"))->spec.clusterIP);
            QVERIFY(terminalShows(
                    QStringLiteral("backend\\.default\\.svc\\.cluster\\.local\\.\\s+\\d+"
                                   "\\s+IN\\s+A\\s+%1")
                            .arg(QRegularExpression::escape(ip))));
        } else if (step == 2) {
            // One A record per backend Pod, with the Pod's own IP.
            const ClusterMirror &mirror = m_window->state()->mirror();
            for (const EndpointRef &endpoint :
                 mirror.endpointsOf(*service(QStringLiteral("backend-headless"))))
                QVERIFY(terminalShows(QStringLiteral("backend-headless\\.default\\.svc\\.cluster"
                                                     "\\.local\\.\\s+\\d+\\s+IN\\s+A\\s+%1\\n")
                                              .arg(QRegularExpression::escape(endpoint.ip))));
        } else if (step == 3) {
            QVERIFY(terminalShows(
                    QStringLiteral("payments\\.default\\.svc\\.cluster\\.local\\.\\s+"
                                   "\\d+\\s+IN\\s+CNAME\\s+payments\\.example\\.com\\.")));
        }
    });
    QVERIFY(walked);
    QVERIFY(terminalShows(
            QStringLiteral("IN\\s+PTR\\s+backend\\.default\\.svc\\.cluster\\.local\\.")));
}

void TestClassroom::kubeProxyLessonRunsStartToFinish()
{
    auto *panel = m_window->findChild<ProxyRulesPanel *>();
    QVERIFY(panel);
    const auto rulesShow = [panel](const QString &text) {
        QElapsedTimer timer;
        timer.start();
        while (!panel->text().contains(text) && timer.elapsed() < 20000)
            QTest::qWait(50);
        return panel->text().contains(text);
    };
    const bool walked = walkLesson(QStringLiteral("services-kube-proxy"), [&](int step) {
        if (step == 1) {
            auto *dock = m_window->findChild<QDockWidget *>(QStringLiteral("ProxyRulesDock"));
            QVERIFY(dock && dock->isVisible());
            // The cascade for three endpoints: 1/3, then 1/2 of the rest, then the rest.
            QVERIFY2(rulesShow(QStringLiteral("--probability 0.3333333333")),
                     qPrintable(panel->text()));
            QVERIFY(panel->text().contains(QStringLiteral("--probability 0.5000000000")));
            QVERIFY(panel->text().contains(QStringLiteral("KUBE-SVC-")));
        } else if (step == 2) {
            QVERIFY2(!panel->highlighted().isEmpty(), "no rule of the last connection marked");
        } else if (step == 3) {
            // Two endpoints: 1/2, then the rest; the 1/3 rule is gone.
            QTRY_VERIFY_WITH_TIMEOUT(!panel->text().contains(QStringLiteral("0.3333333333")),
                                     20000);
            QVERIFY(panel->text().contains(QStringLiteral("--probability 0.5000000000")));
        } else if (step == 4) {
            QVERIFY2(rulesShow(QStringLiteral(" rr")), qPrintable(panel->text()));
        } else if (step == 5) {
            QVERIFY2(rulesShow(QStringLiteral("numgen random mod 2")), qPrintable(panel->text()));
        }
    });
    QVERIFY(walked);
}

void TestClassroom::clusterIPLessonRunsStartToFinish()
{
    ClassroomController *classroom = m_window->classroom();
    QVERIFY(classroom->openLesson(QStringLiteral("services-clusterip"), 0, true).isEmpty());
    QVERIFY(classroom->dock()->isVisible());
    QCOMPARE(classroom->panel()->progressText(),
             QStringLiteral("Services: ClusterIP · step 1 of 9"));

    // 1: four tiers, every Pod with an IP; no backend Service yet.
    QTRY_VERIFY_WITH_TIMEOUT(runner().canGoNext(), 20000);
    QCOMPARE(m_window->state()->mirror().podUids().size(), 8);
    QVERIFY(!service(QStringLiteral("backend")));

    // 2: a prediction, then the first backend Pod is deleted and replaced with a new IP.
    QVERIFY(nextUntil(1));
    QVERIFY(!runner().revealed());
    const QStringList before = runningPods();
    QTest::keyClick(m_window, Qt::Key_Right); // reveal
    QVERIFY(runner().revealed());
    QTRY_VERIFY_WITH_TIMEOUT(runner().canGoNext(), 20000);
    const QStringList after = runningPods();
    QCOMPARE(after.size(), 8);
    QVERIFY2(after != before, "no backend Pod was replaced");

    // 3 and 4: the backend Service is created and gets the three backend Pods as endpoints.
    QVERIFY(nextUntil(3));
    QTRY_VERIFY_WITH_TIMEOUT(service(QStringLiteral("backend")), 20000);
    QCOMPARE(QString::fromStdString(service(QStringLiteral("backend"))->spec.type),
             QStringLiteral("ClusterIP"));
    QTRY_VERIFY_WITH_TIMEOUT(runner().canGoNext(), 20000);
    // The terminal showed the lecture's command and kubectl's answer.
    TerminalPanel *terminal = m_window->terminal();
    // The real kubectl where one is installed (scripts/bootstrap test installs it), else the
    // built-in one: both answer in kubectl's words.
    if (terminal->kubectlMode() != KubectlMode::Real)
        qWarning("no kubectl on PATH: the lesson ran the built-in kubectl");
    QVERIFY2(terminal->outputText().contains(
                     QStringLiteral("$ kubectl create -f backend-service.yaml\n"
                                    "service/backend created")),
             qPrintable(terminal->outputText()));
    // 5: kubectl get services lists the backend Service and its ClusterIP.
    QVERIFY(nextUntil(4));
    const QString clusterIP =
            QString::fromStdString(service(QStringLiteral("backend"))->spec.clusterIP);
    QTRY_VERIFY_WITH_TIMEOUT(
            terminal->outputText().contains(QRegularExpression(
                    QStringLiteral("backend\\s+ClusterIP\\s+%1\\s+<none>\\s+80/TCP")
                            .arg(QRegularExpression::escape(clusterIP)))),
            20000);

    // 6: the prediction, then 30 requests answered through the Service, by more than one Pod.
    QVERIFY(nextUntil(5));
    QVERIFY(!runner().revealed());
    QTest::keyClick(m_window, Qt::Key_Right);
    QTRY_VERIFY_WITH_TIMEOUT(runner().canGoNext(), 30000);
    QVERIFY(runner().servedSince(QStringLiteral("backend")) >= 30);

    // 7: scaled to 5, the Service has 5 endpoints before Next lights up.
    QVERIFY(nextUntil(6));
    QTRY_VERIFY_WITH_TIMEOUT(runner().canGoNext(), 20000);
    // 8: Redis and MySQL Services; 9: the backend Service without type is still ClusterIP.
    QVERIFY(nextUntil(8));
    QTRY_VERIFY_WITH_TIMEOUT(service(QStringLiteral("redis")) && service(QStringLiteral("mysql")),
                             20000);
    QCOMPARE(classroom->panel()->progressText(),
             QStringLiteral("Services: ClusterIP · step 9 of 9"));
    QTest::keyClick(m_window, Qt::Key_Right); // reveal the last prediction
    QTRY_VERIFY_WITH_TIMEOUT(runner().canGoNext(), 20000);
    QCOMPARE(QString::fromStdString(service(QStringLiteral("backend"))->spec.type),
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
    QVERIFY(m_window->classroom()->openLesson(id, 0, true).isEmpty());
    const int last = runner().stepCount() - 1;
    QVERIFY(nextUntil(last, 60000));
    QTest::keyClick(m_window, Qt::Key_Right); // reveal, if the last step asks first
    QTRY_VERIFY_WITH_TIMEOUT(runner().canGoNext(), 30000);
}

void TestClassroom::jumpingReplaysTheEarlierSteps()
{
    ClassroomController *classroom = m_window->classroom();
    QVERIFY(classroom->openLesson(QStringLiteral("services-clusterip"), 5, true).isEmpty());
    QCOMPARE(runner().step(), 5);
    // The cluster starts over (the earlier lesson's objects go), then steps 1-5 are
    // replayed: the tiers run and the backend Service has its three endpoints again.
    QTRY_VERIFY_WITH_TIMEOUT(runningPods().size() == 8 && endpointCount("backend") == 3
                                     && !service(QStringLiteral("redis")),
                             20000);
    // Home starts over: no backend Service, step 1 of 9.
    QTest::keyClick(m_window, Qt::Key_Home);
    QCOMPARE(runner().step(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(!service(QStringLiteral("backend")), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(runner().canGoNext(), 20000);
    // ← from step 2 goes back to step 1.
    QVERIFY(nextUntil(1));
    QTest::keyClick(m_window, Qt::Key_Left);
    QCOMPARE(runner().step(), 0);
}

void TestClassroom::presentationModeEnlargesAndHides()
{
    ClassroomController *classroom = m_window->classroom();
    // F11 with no lesson open starts the ClusterIP lesson.
    runner().close();
    classroom->presentation()->setOn(true, false);
    QVERIFY(runner().isOpen());
    QCOMPARE(QString::fromStdString(runner().lesson()->id), QStringLiteral("services-clusterip"));
    classroom->presentation()->setOn(false);
    QVERIFY(classroom->openLesson(QStringLiteral("services-clusterip"), 0, true).isEmpty());
    const QLabel *title = classroom->panel()->findChild<QLabel *>(QStringLiteral("LessonTitle"));
    QVERIFY(title);
    const qreal normal = title->font().pointSizeF();
    QList<QDockWidget *> shown;
    for (QDockWidget *dock : m_window->findChildren<QDockWidget *>())
        if (dock->isVisible())
            shown << dock;
    QVERIFY(shown.size() > 1);

    classroom->presentation()->setOn(true, false);
    QVERIFY(m_window->scene()->presentation());
    QVERIFY(title->font().pointSizeF() >= normal * 1.5);
    QVERIFY(!m_window->menuBar()->isVisible());
    for (QDockWidget *dock : m_window->findChildren<QDockWidget *>())
        QCOMPARE(dock->isVisible(),
                 dock == classroom->dock() || dock->objectName() == QLatin1String("TerminalDock"));
    // The keys still work with the menu bar gone.
    QTRY_VERIFY_WITH_TIMEOUT(runner().canGoNext(), 20000);
    QTest::keyClick(m_window, Qt::Key_Right);
    QCOMPARE(runner().step(), 1);

    classroom->presentation()->setOn(false);
    QVERIFY(!m_window->scene()->presentation());
    QCOMPARE(title->font().pointSizeF(), normal);
    QVERIFY(m_window->menuBar()->isVisible());
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
        const QPoint at = m_window->rect().center();
        QDragEnterEvent enter(at, Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(m_window, &enter);
        QDropEvent event(at, Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(m_window, &event);
    };
    drop(bad);
    auto *box = m_window->findChild<QMessageBox *>(QStringLiteral("LessonProblems"));
    QVERIFY(box);
    QVERIFY2(box->text().contains(QStringLiteral("broken.yaml:16:5: unknown action \"aply\"")),
             qPrintable(box->text()));
    box->close();
    drop(good);
    QCOMPARE(QString::fromStdString(runner().lesson()->id), QStringLiteral("small"));
    QTRY_VERIFY_WITH_TIMEOUT(service(QStringLiteral("backend")), 20000);
}

void TestClassroom::stoppedCommandDoesNotStallTheLesson()
{
    // The teacher's own command runs (a watch) while step 4 queues `kubectl create -f
    // backend-service.yaml` behind it; Ctrl+C stops the watch and drops the queued create.
    // The step still ends: Next waits for the Service, not for a command that never ran.
    ClassroomController *classroom = m_window->classroom();
    QVERIFY(classroom->openLesson(QStringLiteral("services-clusterip"), 3, true).isEmpty());
    TerminalPanel *terminal = m_window->terminal();
    const qsizetype before = terminal->outputText().size();
    terminal->run(QStringLiteral("kubectl get pods -w"));
    // The step's YAML is shown just before its kubectl command is queued.
    const auto *file = classroom->panel()->findChild<QPlainTextEdit *>();
    QTRY_VERIFY_WITH_TIMEOUT(file && file->toPlainText().contains("kind: Service"), 20000);
    QVERIFY(runner().busy());
    terminal->interrupt();
    QTRY_VERIFY_WITH_TIMEOUT(!runner().busy(), 20000);
    QVERIFY2(!terminal->outputText().mid(before).contains("service/backend created"),
             qPrintable(terminal->outputText().mid(before)));
}

QTEST_MAIN(TestClassroom)
#include "tst_classroom.moc"
