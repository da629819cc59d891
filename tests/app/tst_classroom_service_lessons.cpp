// tst_classroom_service_lessons: the lessons on the Service types, each walked from its first
// step to its last as a teacher does, on the real window and a real engine, with what each step
// shows checked: NodePort on every node, a LoadBalancer's address and events, external traffic
// policies Cluster and Local, DNS records, and kube-proxy's rules. The rest of classroom mode
// is tst_classroom's.
#include "classroom/classroom_controller.h"
#include "classroom/lesson_runner.h"
#include "classroom_lab.h"
#include "engine.h"
#include "main_window.h"
#include "main_window_docks.h"
#include "panels/proxy_rules_panel.h"
#include "state/cluster_state.h"
#include "terminal/terminal_panel.h"

#include <QDockWidget>
#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace clusterlab;
using namespace clusterlab::app;
using namespace classroom_test;

class TestClassroomServiceLessons : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void nodePortLessonRunsStartToFinish();
    void loadBalancerLessonRunsStartToFinish();
    void trafficPolicyLessonRunsStartToFinish();
    void dnsLessonRunsStartToFinish();
    void kubeProxyLessonRunsStartToFinish();

private:
    /// terminalShows waits until the terminal's output matches pattern.
    bool terminalShows(const QString &pattern, int timeoutMs = 20000) const;
    /// nodeIP is a node's InternalIP; nodesRunning names the nodes with a ready Pod labelled app.
    QString nodeIP(const QString &node) const;
    QSet<QString> nodesRunning(const QString &app) const;

    ClassroomLab m_lab;
};

void TestClassroomServiceLessons::initTestCase()
{
    m_lab.start();
}

void TestClassroomServiceLessons::cleanupTestCase()
{
    m_lab.stop();
}

bool TestClassroomServiceLessons::terminalShows(const QString &pattern, int timeoutMs) const
{
    const QRegularExpression expected(pattern);
    QElapsedTimer timer;
    timer.start();
    while (!m_lab.window->terminal()->outputText().contains(expected)
           && timer.elapsed() < timeoutMs)
        QTest::qWait(50);
    if (m_lab.window->terminal()->outputText().contains(expected))
        return true;
    qWarning("the terminal does not show %s:\n%s", qPrintable(pattern),
             qPrintable(m_lab.window->terminal()->outputText().right(3000)));
    return false;
}

QString TestClassroomServiceLessons::nodeIP(const QString &node) const
{
    const model::Node *object = m_lab.window->state()->mirror().node(node);
    return object ? QString::fromStdString(object->internalIP) : QString();
}

QSet<QString> TestClassroomServiceLessons::nodesRunning(const QString &app) const
{
    const ClusterMirror &mirror = m_lab.window->state()->mirror();
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

void TestClassroomServiceLessons::nodePortLessonRunsStartToFinish()
{
    const bool walked = m_lab.walkLesson(QStringLiteral("services-nodeport"), [this](int step) {
        if (step == 1) {
            // kubectl get services: the node port beside the Service port.
            QCOMPARE(m_lab.service(QStringLiteral("backend"))->spec.ports.front().nodePort, 30080);
            QVERIFY(terminalShows(QStringLiteral("backend\\s+NodePort\\s+127\\.\\S+\\s+<none>"
                                                 "\\s+80:30080/TCP")));
        } else if (step == 2) {
            // Every node and 127.0.0.1 answered on the node port, each by some backend Pod.
            QSet<QString> answeredBy;
            for (const LessonReply &reply : m_lab.runner().replies()) {
                QVERIFY2(reply.answered, qPrintable(reply.target + ": " + reply.error));
                QVERIFY(reply.target.endsWith(QLatin1String(":30080")));
                answeredBy << nodeOfTarget(reply);
            }
            QCOMPARE(answeredBy, (QSet<QString>{ "node-1", "node-2", "node-3", "localhost" }));
        } else if (step == 3) {
            // The node without a backend Pod answered too, through a Pod on another node.
            const QSet<QString> withPods = nodesRunning(QStringLiteral("backend"));
            QVERIFY(!m_lab.runner().replies().isEmpty());
            for (const LessonReply &reply : m_lab.runner().replies()) {
                QVERIFY2(reply.answered, qPrintable(reply.target + ": " + reply.error));
                QVERIFY2(!withPods.contains(nodeOfTarget(reply)), qPrintable(reply.target));
                QVERIFY(reply.node != nodeOfTarget(reply));
            }
        }
    });
    QVERIFY(walked);
    QVERIFY(terminalShows(QStringLiteral("NodePort:\\s+<unset>\\s+30080/TCP")));
}

void TestClassroomServiceLessons::loadBalancerLessonRunsStartToFinish()
{
    const bool walked = m_lab.walkLesson(QStringLiteral("services-loadbalancer"), [this](int step) {
        const model::Service *frontend = m_lab.service(QStringLiteral("frontend"));
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
            for (const LessonReply &reply : m_lab.runner().replies()) {
                QVERIFY2(reply.answered, qPrintable(reply.target + ": " + reply.error));
                QCOMPARE(ipOfTarget(reply),
                         QString::fromStdString(frontend->status.loadBalancerIngress.front().ip));
                pods << reply.pod;
            }
            QVERIFY2(pods.size() > 1, "one Pod answered every request through the balancer");
        } else if (step == 4) {
            QVERIFY(frontend->spec.ports.front().nodePort >= 30000);
        } else if (step == 5) {
            const model::Service *direct = m_lab.service(QStringLiteral("frontend-direct"));
            QVERIFY(direct);
            QCOMPARE(direct->spec.ports.front().nodePort, 0);
            QVERIFY(terminalShows(QStringLiteral("frontend-direct\\s+LoadBalancer\\s+\\S+\\s+"
                                                 "(<pending>|127\\.250\\.0\\.\\d+)\\s+80/TCP")));
            QVERIFY(m_lab.runner().replies().size() >= 10);
        }
    });
    QVERIFY(walked);
}

void TestClassroomServiceLessons::trafficPolicyLessonRunsStartToFinish()
{
    const bool walked =
            m_lab.walkLesson(QStringLiteral("services-traffic-policy"), [this](int step) {
                if (step == 1) {
                    // Cluster: a Pod sees the address of the node the request came in through.
                    int throughNodes = 0;
                    for (const LessonReply &reply : m_lab.runner().replies()) {
                        QVERIFY2(reply.answered, qPrintable(reply.target + ": " + reply.error));
                        if (nodeOfTarget(reply) == QLatin1String("localhost"))
                            continue;
                        ++throughNodes;
                        QCOMPARE(reply.client.section(QLatin1Char(':'), 0, 0),
                                 nodeIP(nodeOfTarget(reply)));
                    }
                    QCOMPARE(throughNodes, 3);
                } else if (step == 2) {
                    // Local: the node with a Pod keeps this computer's address; the other refuses.
                    const QSet<QString> withPods = nodesRunning(QStringLiteral("web"));
                    int answered = 0, refused = 0;
                    for (const LessonReply &reply : m_lab.runner().replies()) {
                        QCOMPARE(withPods.contains(nodeOfTarget(reply)), reply.answered);
                        if (!reply.answered) {
                            ++refused;
                            continue;
                        }
                        ++answered;
                        QCOMPARE(reply.client.section(QLatin1Char(':'), 0, 0),
                                 QStringLiteral("127.0.0.1"));
                        QCOMPARE(reply.node,
                                 nodeOfTarget(reply)); // its own Pod, never another node's
                    }
                    QCOMPARE(answered, 3);
                    QCOMPARE(refused, 2);
                }
            });
    QVERIFY(walked);
    QCOMPARE(QString::fromStdString(
                     m_lab.service(QStringLiteral("web"))->spec.externalTrafficPolicy),
             QStringLiteral("Local"));
}

void TestClassroomServiceLessons::dnsLessonRunsStartToFinish()
{
    const bool walked = m_lab.walkLesson(QStringLiteral("services-dns"), [this](int step) {
        if (step == 0) {
            const QString ip = QString::fromStdString(
                    m_lab.service(QStringLiteral("backend"))->spec.clusterIP);
            QVERIFY(terminalShows(
                    QStringLiteral("backend\\.default\\.svc\\.cluster\\.local\\.\\s+\\d+"
                                   "\\s+IN\\s+A\\s+%1")
                            .arg(QRegularExpression::escape(ip))));
        } else if (step == 2) {
            // One A record per backend Pod, with the Pod's own IP.
            const ClusterMirror &mirror = m_lab.window->state()->mirror();
            for (const EndpointRef &endpoint :
                 mirror.endpointsOf(*m_lab.service(QStringLiteral("backend-headless"))))
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

void TestClassroomServiceLessons::kubeProxyLessonRunsStartToFinish()
{
    auto *panel = m_lab.window->findChild<ProxyRulesPanel *>();
    QVERIFY(panel);
    const auto rulesShow = [panel](const QString &text) {
        QElapsedTimer timer;
        timer.start();
        while (!panel->text().contains(text) && timer.elapsed() < 20000)
            QTest::qWait(50);
        return panel->text().contains(text);
    };
    const bool walked = m_lab.walkLesson(QStringLiteral("services-kube-proxy"), [&](int step) {
        if (step == 1) {
            auto *dock = m_lab.window->findChild<QDockWidget *>(QStringLiteral("ProxyRulesDock"));
            QVERIFY(dock && dock->isVisible());
            // Room beside the lesson: a rule of iptables-save is long, so the rules get the
            // widest part of the bottom row.
            QDockWidget *lesson = m_lab.window->classroom()->dock();
            QTRY_VERIFY2(dock->width() > lesson->width() && dock->y() == lesson->y(),
                         qPrintable(QStringLiteral("rules %1 wide at y %2, lesson %3 at y %4")
                                            .arg(dock->width())
                                            .arg(dock->y())
                                            .arg(lesson->width())
                                            .arg(lesson->y())));
            // The cascade for three endpoints: 1/3, then 1/2 of the rest, then the rest.
            QVERIFY2(rulesShow(QStringLiteral("--probability 0.3333333333")),
                     qPrintable(panel->text()));
            QVERIFY(panel->text().contains(QStringLiteral("--probability 0.5000000000")));
            QVERIFY(panel->text().contains(QStringLiteral("KUBE-SVC-")));
        } else if (step == 2) {
            QVERIFY2(!panel->highlighted().isEmpty(), "no rule of the last connection marked");
            // 30 requests from this computer: the masquerade mark counted every one.
            const QRegularExpression masquerade(
                    QStringLiteral("\\[30:1800\\] -A KUBE-SVC-\\S+ .* ! -s 127\\.244\\.0\\.0/16 -j "
                                   "KUBE-MARK-MASQ"));
            QTRY_VERIFY2_WITH_TIMEOUT(panel->text().contains(masquerade), qPrintable(panel->text()),
                                      20000);
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

QTEST_MAIN(TestClassroomServiceLessons)
#include "tst_classroom_service_lessons.moc"
