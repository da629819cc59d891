// tst_terminal_tools: the Terminal panel's other programs and its shell behaviour, against a
// real engine on loopback: real curl, dig and redis-cli limited to ClusterLab's own addresses
// and ports; refusals run nothing; history, Ctrl+C and the time limit behave as in a shell.
// How a line splits and which addresses a tool may reach are tst_terminal_rules'.
#include "terminal/command_policy.h"
#include "terminal/terminal_input.h"
#include "terminal_lab.h"

#include <QPlainTextEdit>
#include <QStandardPaths>
#include <QTest>

using namespace clusterlab;
using namespace clusterlab::app;
using namespace terminal_test;

class TestTerminalTools : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void curlAnswersFromABackendPod();
    void digAsksClusterLabsDns();
    void redisCliPings();
    void refusalsRunNothing_data();
    void refusalsRunNothing();
    void historyWalksUpAndDown();
    void ctrlCAndTheTimeLimitStopAProgram();
    void presentationMakesTextLarge();

private:
    TerminalLab m_lab;
};

void TestTerminalTools::initTestCase()
{
    m_lab.start();
}

void TestTerminalTools::cleanupTestCase()
{
    m_lab.stop();
}

void TestTerminalTools::curlAnswersFromABackendPod()
{
    if (QStandardPaths::findExecutable(QStringLiteral("curl")).isEmpty())
        QSKIP("curl is not installed");
    // The name is ClusterLab's, not the system resolver's. A ClusterIP listens once the data
    // plane has synced.
    Ran ran;
    QTRY_VERIFY_WITH_TIMEOUT(
            (ran = runCommand(*m_lab.panel, QStringLiteral("curl -sS http://backend/"))).exitCode
                    == 0,
            10000);
    QVERIFY2(ran.output.startsWith(QLatin1String("backend-")), qPrintable(ran.output));
    const Ran byIP = runCommand(
            *m_lab.panel, QStringLiteral("curl -s http://%1/").arg(m_lab.clusterIP("frontend")));
    QVERIFY2(byIP.output.startsWith(QLatin1String("frontend-")), qPrintable(byIP.output));
    // A Pod IP answers on the Pod's own port (80 may really listen on 10080: followed)...
    const QString pod = m_lab.podIP("backend");
    QVERIFY(!pod.isEmpty());
    const Ran direct = runCommand(*m_lab.panel, QStringLiteral("curl -s http://%1/").arg(pod));
    QVERIFY2(direct.output.startsWith(QLatin1String("backend-")), qPrintable(direct.output));
    // A UDP-only Service port is not curl's (TCP): whatever serves TCP there is not ours.
    auto udp = manifest::decodeText("apiVersion: v1\nkind: Service\nmetadata: {name: stats}\n"
                                    "spec:\n  selector: {app: backend}\n  ports:\n"
                                    "  - {port: 8125, protocol: UDP}\n",
                                    "stats.yaml");
    QVERIFY(!udp.hasErrors());
    QVERIFY(m_lab.engine->apply(std::move(udp.objects), cluster::ApplyMode::Apply).get().ok);
    QTRY_VERIFY(!m_lab.clusterIP("stats").isEmpty());
    const Ran udpOnly = runCommand(*m_lab.panel, QStringLiteral("curl -s http://stats:8125/"));
    QCOMPARE(udpOnly.exitCode, 1);
    QVERIFY2(udpOnly.output.startsWith(QStringLiteral("curl here only reaches ClusterLab's own "
                                                      "ports: Service stats has no port 8125")),
             qPrintable(udpOnly.output));
    // ...and a Pod on nothing else, though this computer's other servers would answer there.
    const Ran foreign = runCommand(*m_lab.panel, QStringLiteral("curl -s http://%1:22/").arg(pod));
    QCOMPARE(foreign.exitCode, 1);
    QVERIFY2(foreign.output.startsWith(
                     QStringLiteral("curl here only reaches ClusterLab's own ports: Pod %1 has no "
                                    "port 22; its ports: 80")
                             .arg(pod)),
             qPrintable(foreign.output));
}

void TestTerminalTools::digAsksClusterLabsDns()
{
    if (QStandardPaths::findExecutable(QStringLiteral("dig")).isEmpty())
        QSKIP("dig is not installed");
    const QString command = QStringLiteral("dig +short backend.default.svc.cluster.local");
    QTRY_COMPARE_WITH_TIMEOUT(runCommand(*m_lab.panel, command).output.trimmed(),
                              m_lab.clusterIP("backend"), 10000);
    const Ran bare = runCommand(*m_lab.panel, QStringLiteral("dig +short redis"));
    QCOMPARE(bare.output.trimmed(), m_lab.clusterIP("redis"));
}

void TestTerminalTools::redisCliPings()
{
    if (QStandardPaths::findExecutable(QStringLiteral("redis-cli")).isEmpty())
        QSKIP("redis-cli is not installed");
    const Ran ran = runCommand(*m_lab.panel, QStringLiteral("redis-cli -h redis ping"));
    QCOMPARE(ran.exitCode, 0);
    QCOMPARE(ran.output.trimmed(), QStringLiteral("PONG"));
}

void TestTerminalTools::refusalsRunNothing_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<QString>("message");
    QTest::addRow("curl to a host outside ClusterLab")
            << "curl http://example.com"
            << "curl here only reaches ClusterLab's own addresses: example.com is not one of them";
    QTest::addRow("curl to an address outside ClusterLab")
            << "curl 8.8.8.8:53"
            << "curl here only reaches ClusterLab's own addresses: 8.8.8.8 is not one of them";
    QTest::addRow("curl writing a file")
            << "curl -o /tmp/x http://backend/"
            << "curl option -o is not allowed here (no files, proxies or redirects)";
    QTest::addRow("curl uploading a file")
            << "curl -d @/etc/passwd http://backend/"
            << "curl option -d @file is not allowed here (no files, proxies or redirects)";
    QTest::addRow("dig asking another server")
            << "dig @8.8.8.8 x"
            << "dig here only asks ClusterLab's DNS (@127.96.0.10): 8.8.8.8 is not it";
    QTest::addRow("redis-cli without a host")
            << "redis-cli ping"
            << "redis-cli needs -h with a ClusterLab Service: try redis-cli -h redis ping";
    QTest::addRow("kubectl pointed at another cluster")
            << "kubectl --kubeconfig=/root/.kube/config get pods"
            << "kubectl here only talks to ClusterLab: --kubeconfig is not allowed";
    QTest::addRow("kubectl with a glued server")
            << "kubectl -shttps://example.com get pods"
            << "kubectl here only talks to ClusterLab: -s is not allowed";
    QTest::addRow("kubectl downloading a manifest")
            << "kubectl apply -f https://example.com/x.yaml"
            << "kubectl here reads files from this computer, not https://example.com/x.yaml";
    QTest::addRow("kubectl config that writes")
            << "kubectl config set clusters.clusterlab.server https://x"
            << "kubectl config here only reads: view, current-context, get-contexts";
    QTest::addRow("kubectl proxy")
            << "kubectl proxy --address=127.0.0.1"
            << "kubectl proxy keeps running and listens on this computer, so it does not run in "
               "this panel: run it in a terminal of your own with the KUBECONFIG=... the status "
               "bar shows (kubectl proxy --port 8001)";
    QTest::addRow("kubectl writing a cache elsewhere")
            << "kubectl get pods --cache-dir=/tmp/x"
            << "kubectl here only talks to ClusterLab: --cache-dir is not allowed";
    QTest::addRow("dig +trace")
            << "dig +trace backend"
            << "dig option +trace is not allowed here (it would ask servers other than "
               "ClusterLab's DNS)";
    QTest::addRow("curl -w writing a file")
            << "curl -w %output{/tmp/x}done http://backend/"
            << "curl option -w %output is not allowed here (no files, proxies or redirects)";
    QTest::addRow("a program the panel does not run")
            << "rm -rf /"
            << "rm: not available here; this panel runs kubectl, curl, dig, redis-cli, help and "
               "clear";
}

void TestTerminalTools::refusalsRunNothing()
{
    QFETCH(QString, line);
    QFETCH(QString, message);
    const Ran ran = runCommand(*m_lab.panel, line);
    QVERIFY(ran.done);
    QCOMPARE(ran.exitCode, 1);
    QCOMPARE(ran.output, message + QLatin1Char('\n')); // nothing else was printed: nothing ran
}

void TestTerminalTools::historyWalksUpAndDown()
{
    TerminalPanel panel(*m_lab.engine);
    panel.setBuiltinKubectl(true);
    panel.show();
    auto *input = panel.findChild<TerminalInput *>();
    QVERIFY(input);
    QSignalSpy done(&panel, &TerminalPanel::finished);
    for (const char *line : { "help", "kubectl get svc", "clear" }) {
        QTest::keyClicks(input, QString::fromLatin1(line));
        QTest::keyClick(input, Qt::Key_Return);
        QVERIFY(input->text().isEmpty());
    }
    QTRY_COMPARE(done.count(), 3);
    QTest::keyClicks(input, QStringLiteral("kubectl get po"));
    QTest::keyClick(input, Qt::Key_Up);
    QCOMPARE(input->text(), QStringLiteral("clear"));
    QTest::keyClick(input, Qt::Key_Up);
    QCOMPARE(input->text(), QStringLiteral("kubectl get svc"));
    QTest::keyClick(input, Qt::Key_Up);
    QTest::keyClick(input, Qt::Key_Up); // stays at the oldest
    QCOMPARE(input->text(), QStringLiteral("help"));
    QTest::keyClick(input, Qt::Key_Down);
    QCOMPARE(input->text(), QStringLiteral("kubectl get svc"));
    QTest::keyClick(input, Qt::Key_Down);
    QTest::keyClick(input, Qt::Key_Down);
    QCOMPARE(input->text(), QStringLiteral("kubectl get po")); // the draft comes back
    // Ctrl+L clears the output.
    panel.run(QStringLiteral("help"));
    QTRY_VERIFY(panel.outputText().contains(QLatin1String("redis-cli")));
    QTest::keyClick(input, Qt::Key_L, Qt::ControlModifier);
    QCOMPARE(panel.outputText(), QString());
}

void TestTerminalTools::ctrlCAndTheTimeLimitStopAProgram()
{
    if (m_lab.panel->kubectlMode() != KubectlMode::Real)
        QSKIP("no kubectl on PATH");
    // `get -w` runs until stopped.
    auto *input = m_lab.panel->findChild<TerminalInput *>();
    QSignalSpy done(m_lab.panel, &TerminalPanel::finished);
    m_lab.panel->run(QStringLiteral("kubectl get pods -w"));
    QVERIFY(m_lab.panel->isBusy());
    QTRY_VERIFY_WITH_TIMEOUT(m_lab.panel->outputText().contains(QLatin1String("\nredis-")), 15000);
    QTest::keyClick(input, Qt::Key_C, Qt::ControlModifier);
    QTRY_COMPARE(done.count(), 1);
    QCOMPARE(done.at(0).at(1).toInt(), -1);
    QVERIFY(m_lab.panel->outputText().endsWith(QLatin1String("^C\n")));
    QVERIFY(!m_lab.panel->isBusy());

    m_lab.panel->setTimeout(1500);
    const Ran ran = runCommand(*m_lab.panel, QStringLiteral("kubectl get pods -w"));
    m_lab.panel->setTimeout(20000);
    QVERIFY(ran.done);
    QCOMPARE(ran.exitCode, -1);
    QVERIFY2(ran.output.endsWith(
                     QLatin1String("kubectl stopped after 1.5 s: the panel's time limit\n")),
             qPrintable(ran.output));
}

void TestTerminalTools::presentationMakesTextLarge()
{
    auto *output = m_lab.panel->findChild<QPlainTextEdit *>();
    QVERIFY(output);
    const int normal = output->font().pointSize();
    m_lab.panel->setPresentation(true);
    // Large enough for the back of a room, small enough that `kubectl get` tables fit the
    // terminal's 40 % of a 1080p projector.
    QVERIFY(output->font().pointSize() >= 16);
    QVERIFY(output->font().pointSize() >= normal * 3 / 2);
    QCOMPARE(output->palette().color(QPalette::Base), QColor(Qt::black));
    QCOMPARE(output->palette().color(QPalette::Text), QColor(Qt::white));
    m_lab.panel->setPresentation(false);
    QCOMPARE(output->font().pointSize(), normal);
}

QTEST_MAIN(TestTerminalTools)
#include "tst_terminal_tools.moc"
