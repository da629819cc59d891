// tst_terminal_kubectl: the Terminal panel's kubectl against a real engine on loopback: the
// built-in kubectl's get and describe in kubectl's words and columns (the same bytes as the
// real kubectl where one is installed), and the real kubectl through ClusterLab's kubeconfig.
// The built-in kubectl's writes are tst_terminal_kubectl_writes'.
#include "terminal/command_policy.h"
#include "terminal_lab.h"

#include <QRegularExpression>
#include <QTest>

using namespace clusterlab;
using namespace clusterlab::app;
using namespace terminal_test;

class TestTerminalKubectl : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void builtinGetServicesListsClusterIPsInColumns();
    void builtinGetMatchesTheRealKubectl();
    void builtinPrintsObjectsAsTheRealKubectl_data();
    void builtinPrintsObjectsAsTheRealKubectl();
    void builtinGetOutputs();
    void builtinErrorsAreKubectls();
    void builtinDescribeServiceShowsEndpoints();
    void realKubectlUsesClusterLabsKubeconfig();
    void realKubectlExecRunsInsideAPod();

private:
    TerminalLab m_lab;
};

void TestTerminalKubectl::initTestCase()
{
    m_lab.start();
}

void TestTerminalKubectl::cleanupTestCase()
{
    m_lab.stop();
}

void TestTerminalKubectl::builtinGetServicesListsClusterIPsInColumns()
{
    const Ran ran = runCommand(*m_lab.builtin, QStringLiteral("kubectl get services"));
    QVERIFY(ran.done);
    QCOMPARE(ran.exitCode, 0);
    const QStringList lines = ran.output.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY2(lines.size() >= 5, qPrintable(ran.output)); // kubernetes + the demo's four
    const QString header = lines.front();
    QVERIFY2(header.startsWith(QLatin1String("NAME ")), qPrintable(header));
    const QString *backend = nullptr;
    for (const QString &line : lines)
        if (line.startsWith(QLatin1String("backend ")))
            backend = &line;
    QVERIFY2(backend, qPrintable(ran.output));
    const QString ip = m_lab.clusterIP("backend");
    QVERIFY2(inServiceRange(ip), qPrintable(ip));
    // Every cell starts under its header, three spaces after the widest cell before it.
    QCOMPARE(backend->indexOf(ip), columnOf(header, QStringLiteral("CLUSTER-IP")));
    QCOMPARE(backend->indexOf(QLatin1String("ClusterIP")),
             columnOf(header, QStringLiteral("TYPE")));
    QCOMPARE(backend->indexOf(QLatin1String("80/TCP")), columnOf(header, QStringLiteral("PORT")));
    QCOMPARE(columnOf(header, QStringLiteral("TYPE")),
             qsizetype(QStringLiteral("kubernetes").size() + 3));
}

void TestTerminalKubectl::builtinGetMatchesTheRealKubectl()
{
    if (m_lab.panel->kubectlMode() != KubectlMode::Real)
        QSKIP("no kubectl on PATH");
    const Ran real = runCommand(*m_lab.panel, QStringLiteral("kubectl get svc -o wide"));
    const Ran builtin = runCommand(*m_lab.builtin, QStringLiteral("kubectl get svc -o wide"));
    QVERIFY(real.done && builtin.done);
    QCOMPARE(real.exitCode, 0);
    QCOMPARE(builtin.exitCode, 0);
    // AGE may tick between the two: compare each line without it.
    auto withoutAge = [](const QString &text) {
        const QStringList lines = text.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        const qsizetype age = columnOf(lines.value(0), QStringLiteral("AGE"));
        const qsizetype next =
                lines.value(0).indexOf(QRegularExpression(QStringLiteral("\\S")), age + 3);
        QStringList out;
        for (const QString &line : lines)
            out << line.left(age) + QLatin1Char('|') + (next < 0 ? QString() : line.mid(next));
        return out;
    };
    QCOMPARE(withoutAge(builtin.output), withoutAge(real.output));
}

void TestTerminalKubectl::builtinPrintsObjectsAsTheRealKubectl_data()
{
    QTest::addColumn<QString>("line");
    QTest::addRow("-o json of one object") << "kubectl get svc backend -o json";
    QTest::addRow("-o json of a list") << "kubectl get svc,deploy -o json";
    QTest::addRow("jsonpath: one field") << "kubectl get svc backend -o jsonpath={.spec.type}";
    QTest::addRow("jsonpath: every item, joined by spaces")
            << "kubectl get svc -o jsonpath={.items[*].metadata.name}";
    QTest::addRow("jsonpath: a map prints as JSON")
            << "kubectl get svc backend -o jsonpath={.spec.ports[0]}";
    QTest::addRow("jsonpath: a negative index and text around")
            << "kubectl get svc backend -o jsonpath=port:{.spec.ports[-1].port}!";
    QTest::addRow("jsonpath: range with quoted tabs and newlines")
            << R"(kubectl get svc -o jsonpath='{range .items[*]}{.metadata.name}{"\t"}{.spec.clusterIP}{"\n"}{end}')";
    QTest::addRow("jsonpath: a raw line break inside quotes fails")
            << "kubectl get svc backend -o jsonpath='{.spec.type}{\"\n\"}'";
    QTest::addRow("jsonpath: wildcard over a map, sorted by key")
            << "kubectl get svc backend -o jsonpath={.spec.selector.*}";
    QTest::addRow("jsonpath: a slice") << "kubectl get svc -o jsonpath={.items[1:3].metadata.name}";
    QTest::addRow("jsonpath: a missing key prints nothing")
            << "kubectl get svc backend -o jsonpath={.metadata.labels.nothing}";
    QTest::addRow("jsonpath: an index out of bounds fails")
            << "kubectl get svc backend -o jsonpath={.spec.ports[5]}";
}

void TestTerminalKubectl::builtinPrintsObjectsAsTheRealKubectl()
{
    if (m_lab.panel->kubectlMode() != KubectlMode::Real)
        QSKIP("no kubectl on PATH");
    QFETCH(QString, line);
    const Ran real = runCommand(*m_lab.panel, line);
    const Ran builtin = runCommand(*m_lab.builtin, line);
    QVERIFY(real.done && builtin.done);
    QVERIFY2(builtin.exitCode == real.exitCode,
             qPrintable(QStringLiteral("kubectl (%1):\n%2\nbuilt-in (%3):\n%4")
                                .arg(real.exitCode)
                                .arg(real.output)
                                .arg(builtin.exitCode)
                                .arg(builtin.output)));
    if (real.exitCode != 0) {
        // kubectl goes on to dump the object in Go's own map syntax; the reason is the same.
        const QString firstLine = real.output.section(QLatin1Char('\n'), 0, 0);
        QVERIFY2(builtin.output.startsWith(firstLine), qPrintable(builtin.output));
        return;
    }
    QCOMPARE(builtin.output, real.output);
}

void TestTerminalKubectl::builtinGetOutputs()
{
    Ran ran = runCommand(*m_lab.builtin, QStringLiteral("kubectl get svc backend -o yaml"));
    QCOMPARE(ran.exitCode, 0);
    QVERIFY2(ran.output.startsWith(QLatin1String("apiVersion: v1\n")), qPrintable(ran.output));
    QVERIFY(ran.output.contains(QLatin1String("kind: Service\n")));
    // panels/object_yaml quotes a dotted quad ("127.96.0.20"), where kubectl would not.
    QVERIFY(ran.output.contains(QRegularExpression(
            QStringLiteral("\\bclusterIP: \"?%1\"?\n").arg(m_lab.clusterIP("backend")))));
    ran = runCommand(*m_lab.builtin, QStringLiteral("kubectl get pods -o wide -l app=redis"));
    QCOMPARE(ran.exitCode, 0);
    const QStringList lines = ran.output.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QVERIFY(lines.at(0).contains(QLatin1String(" NODE ")));
    QVERIFY(lines.at(1).startsWith(QLatin1String("redis-")));
    QVERIFY(lines.at(1).contains(QLatin1String("127.244.")));
    ran = runCommand(*m_lab.builtin, QStringLiteral("kubectl get deploy,svc -o name"));
    QVERIFY(ran.output.contains(QLatin1String("deployment.apps/backend\n")));
    QVERIFY(ran.output.contains(QLatin1String("service/backend\n")));
    ran = runCommand(*m_lab.builtin, QStringLiteral("kubectl get all"));
    QVERIFY(ran.output.contains(QLatin1String("\nservice/backend ")));
    QVERIFY(ran.output.contains(QLatin1String("\ndeployment.apps/backend ")));
    ran = runCommand(*m_lab.builtin, QStringLiteral("kubectl get pods -l app=nothing"));
    QCOMPARE(ran.output, QStringLiteral("No resources found in default namespace.\n"));
}

void TestTerminalKubectl::builtinErrorsAreKubectls()
{
    Ran ran = runCommand(*m_lab.builtin, QStringLiteral("kubectl get svc nope"));
    QCOMPARE(ran.exitCode, 1);
    QCOMPARE(ran.output,
             QStringLiteral("Error from server (NotFound): services \"nope\" not found\n"));
    ran = runCommand(*m_lab.builtin, QStringLiteral("kubectl get gizmos"));
    QCOMPARE(ran.output,
             QStringLiteral("error: the server doesn't have a resource type \"gizmos\"\n"));
    ran = runCommand(*m_lab.builtin, QStringLiteral("kubectl rollout restart deploy/backend"));
    QCOMPARE(ran.exitCode, 1);
    QVERIFY2(ran.output.contains(
                     QLatin1String("get, describe, create, apply, delete, scale, label")),
             qPrintable(ran.output));
}

void TestTerminalKubectl::builtinDescribeServiceShowsEndpoints()
{
    const Ran ran = runCommand(*m_lab.builtin, QStringLiteral("kubectl describe svc backend"));
    QCOMPARE(ran.exitCode, 0);
    QVERIFY2(ran.output.startsWith(QLatin1String("Name:")), qPrintable(ran.output));
    QVERIFY(ran.output.contains(QLatin1String("Selector:")));
    QVERIFY(ran.output.contains(QLatin1String("app=backend")));
    QVERIFY(ran.output.contains(QLatin1String("IP:")));
    const QRegularExpression endpoints(
            QStringLiteral("Endpoints: +127\\.244\\.\\d+\\.\\d+:80,127\\.244\\.\\d+\\.\\d+:80,"));
    QVERIFY2(endpoints.match(ran.output).hasMatch(), qPrintable(ran.output));
    const Ran pod =
            runCommand(*m_lab.builtin,
                       QStringLiteral("kubectl describe pod ") + m_lab.podNames("redis").value(0));
    QCOMPARE(pod.exitCode, 0);
    QVERIFY(pod.output.contains(QLatin1String("Controlled By:")));
    QVERIFY(pod.output.contains(QLatin1String("redis:7")));
}

void TestTerminalKubectl::realKubectlUsesClusterLabsKubeconfig()
{
    if (m_lab.panel->kubectlMode() != KubectlMode::Real)
        QSKIP("no kubectl on PATH");
    const Ran ran = runCommand(*m_lab.panel, QStringLiteral("kubectl get svc backend"));
    QVERIFY(ran.done);
    QCOMPARE(ran.exitCode, 0);
    QVERIFY2(ran.output.contains(m_lab.clusterIP("backend")), qPrintable(ran.output));
    QVERIFY(m_lab.panel->outputText().contains(QLatin1String("$ kubectl get svc backend\n")));
}

void TestTerminalKubectl::realKubectlExecRunsInsideAPod()
{
    if (m_lab.panel->kubectlMode() != KubectlMode::Real)
        QSKIP("no kubectl on PATH");
    // The command after "--" is the Pod's: its -s is curl's, not kubectl's --server.
    const Ran ran = runCommand(*m_lab.panel,
                               QStringLiteral("kubectl exec deploy/frontend -- curl -s "
                                              "-H 'Accept: application/json' http://backend/"));
    QVERIFY(ran.done);
    QCOMPARE(ran.exitCode, 0);
    // The backend saw a frontend Pod as its client.
    const QString client = QRegularExpression(QStringLiteral("\"client\":\"([0-9.]+):"))
                                   .match(ran.output)
                                   .captured(1);
    QVERIFY2(m_lab.podIPs("frontend").contains(client), qPrintable(ran.output));
    const Ran exitCode = runCommand(
            *m_lab.panel, QStringLiteral("kubectl exec deploy/frontend -- sh -c 'exit 7'"));
    QCOMPARE(exitCode.exitCode, 7);
    QVERIFY2(exitCode.output.contains(QLatin1String("command terminated with exit code 7")),
             qPrintable(exitCode.output));
}

QTEST_MAIN(TestTerminalKubectl)
#include "tst_terminal_kubectl.moc"
