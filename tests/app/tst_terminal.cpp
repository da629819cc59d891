// tst_terminal: the Terminal panel runs what a teacher types against a real engine on
// loopback: the built-in kubectl (get/describe/create/apply/delete/scale/label in kubectl's
// words and columns), the real kubectl through ClusterLab's kubeconfig, and real curl, dig and
// redis-cli limited to ClusterLab's own addresses and ports; refusals run nothing; history,
// Ctrl+C and the time limit behave as in a shell. How a line splits and which addresses a
// tool may reach are tst_terminal_rules'.
#include "demo_text.h"
#include "engine.h"
#include "free_port.h"
#include "model/object.h"
#include "model/pod.h"
#include "model/service.h"
#include "terminal/command_policy.h"
#include "terminal/terminal_input.h"
#include "terminal/terminal_panel.h"

#include <QFile>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace clusterlab;
using namespace clusterlab::app;

namespace {

/// Ran is what one command printed and how it ended.
struct Ran
{
    bool done = false;
    int exitCode = -99;
    QString output;
};

Ran runCommand(TerminalPanel &panel, const QString &line, int timeoutMsec = 30000)
{
    QSignalSpy spy(&panel, &TerminalPanel::finished);
    panel.run(line);
    if (spy.isEmpty() && !spy.wait(timeoutMsec))
        return {};
    return { true, spy.at(0).at(1).toInt(), spy.at(0).at(2).toString() };
}

const char *kBackendService = R"(apiVersion: v1
kind: Service
metadata:
  name: backend
spec:
  selector:
    app: backend
  ports:
  - port: 80
    targetPort: 80
)";

/// inServiceRange says whether ip is a ClusterIP: in 127.96.0.0/12.
bool inServiceRange(const QString &ip)
{
    static const QRegularExpression range(
            QStringLiteral("^127\\.(9[6-9]|10[0-9]|11[01])\\.\\d+\\.\\d+$"));
    return range.match(ip).hasMatch();
}

/// columnOf is where a header's column starts.
qsizetype columnOf(const QString &header, const QString &name)
{
    return header.indexOf(QRegularExpression(QStringLiteral("\\b%1\\b").arg(name)));
}

} // namespace

class TestTerminal : public QObject
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
    void builtinCreateAndApplyFromTheWorkingDirectory();
    void builtinScaleLabelAndDeleteReachTheEngine();
    void realKubectlUsesClusterLabsKubeconfig();
    void curlAnswersFromABackendPod();
    void digAsksClusterLabsDns();
    void redisCliPings();
    void refusalsRunNothing_data();
    void refusalsRunNothing();
    void historyWalksUpAndDown();
    void ctrlCAndTheTimeLimitStopAProgram();
    void presentationMakesTextLarge();

private:
    QString clusterIP(const std::string &service) const;
    QStringList podNames(const std::string &app) const;
    QString podIP(const std::string &app) const;

    Engine *m_engine = nullptr;
    TerminalPanel *m_builtin = nullptr; ///< forced built-in kubectl
    TerminalPanel *m_panel = nullptr; ///< real kubectl when installed
    QTemporaryDir m_dir;
};

void TestTerminal::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const int apiPort = freePort(); // a free port for the API
    EngineOptions options;
    options.pace = 0;
    options.usersRate = 0;
    options.apiPort = apiPort;
    options.kubeconfigPath = m_dir.filePath(QStringLiteral("kubeconfig")).toStdString();
    m_engine = new Engine(options);
    m_engine->start();
    auto report = manifest::decodeText(demoText(), "three-tier.yaml");
    QVERIFY(!report.hasErrors());
    QVERIFY(m_engine->apply(std::move(report.objects), cluster::ApplyMode::Apply).get().ok);
    // Every tier serves before the tests start.
    QTRY_VERIFY_WITH_TIMEOUT(
            m_engine->curl("default", "backend", "/hostname").get().rfind("backend-", 0) == 0,
            15000);
    QFile file(m_dir.filePath(QStringLiteral("backend-service.yaml")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(kBackendService);
    file.close();

    m_builtin = new TerminalPanel(*m_engine);
    m_builtin->setBuiltinKubectl(true);
    m_builtin->setWorkingDirectory(m_dir.path());
    m_panel = new TerminalPanel(*m_engine);
    m_panel->setKubeconfig(QString::fromStdString(m_engine->kubeconfigPath()));
    m_panel->setWorkingDirectory(m_dir.path());
    m_panel->show();
}

void TestTerminal::cleanupTestCase()
{
    delete m_panel;
    delete m_builtin;
    if (m_engine)
        m_engine->stop();
    delete m_engine;
}

QString TestTerminal::clusterIP(const std::string &service) const
{
    for (const auto &object : m_engine->list("Service").get())
        if (const auto *svc = std::get_if<model::Service>(object.get());
            svc && svc->metadata.name == service && svc->metadata.namespace_ == "default")
            return QString::fromStdString(svc->spec.clusterIP);
    return {};
}

QStringList TestTerminal::podNames(const std::string &app) const
{
    QStringList names;
    for (const auto &object : m_engine->list("Pod").get()) {
        const auto &meta = model::meta(*object);
        const auto label = meta.labels.find("app");
        if (label != meta.labels.end() && label->second == app && !meta.deletionTimestamp)
            names << QString::fromStdString(meta.name);
    }
    return names;
}

QString TestTerminal::podIP(const std::string &app) const
{
    for (const auto &object : m_engine->list("Pod").get())
        if (const auto *pod = std::get_if<model::Pod>(object.get()); pod
            && pod->metadata.labels.count("app") && pod->metadata.labels.at("app") == app
            && !pod->metadata.deletionTimestamp && pod->status.phase == "Running")
            return QString::fromStdString(pod->status.podIP);
    return {};
}

void TestTerminal::builtinGetServicesListsClusterIPsInColumns()
{
    const Ran ran = runCommand(*m_builtin, QStringLiteral("kubectl get services"));
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
    const QString ip = clusterIP("backend");
    QVERIFY2(inServiceRange(ip), qPrintable(ip));
    // Every cell starts under its header, three spaces after the widest cell before it.
    QCOMPARE(backend->indexOf(ip), columnOf(header, QStringLiteral("CLUSTER-IP")));
    QCOMPARE(backend->indexOf(QLatin1String("ClusterIP")),
             columnOf(header, QStringLiteral("TYPE")));
    QCOMPARE(backend->indexOf(QLatin1String("80/TCP")), columnOf(header, QStringLiteral("PORT")));
    QCOMPARE(columnOf(header, QStringLiteral("TYPE")),
             qsizetype(QStringLiteral("kubernetes").size() + 3));
}

void TestTerminal::builtinGetMatchesTheRealKubectl()
{
    if (m_panel->kubectlMode() != KubectlMode::Real)
        QSKIP("no kubectl on PATH");
    const Ran real = runCommand(*m_panel, QStringLiteral("kubectl get svc -o wide"));
    const Ran builtin = runCommand(*m_builtin, QStringLiteral("kubectl get svc -o wide"));
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

void TestTerminal::builtinPrintsObjectsAsTheRealKubectl_data()
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

void TestTerminal::builtinPrintsObjectsAsTheRealKubectl()
{
    if (m_panel->kubectlMode() != KubectlMode::Real)
        QSKIP("no kubectl on PATH");
    QFETCH(QString, line);
    const Ran real = runCommand(*m_panel, line);
    const Ran builtin = runCommand(*m_builtin, line);
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

void TestTerminal::builtinGetOutputs()
{
    Ran ran = runCommand(*m_builtin, QStringLiteral("kubectl get svc backend -o yaml"));
    QCOMPARE(ran.exitCode, 0);
    QVERIFY2(ran.output.startsWith(QLatin1String("apiVersion: v1\n")), qPrintable(ran.output));
    QVERIFY(ran.output.contains(QLatin1String("kind: Service\n")));
    // panels/object_yaml quotes a dotted quad ("127.96.0.20"), where kubectl would not.
    QVERIFY(ran.output.contains(QRegularExpression(
            QStringLiteral("\\bclusterIP: \"?%1\"?\n").arg(clusterIP("backend")))));
    ran = runCommand(*m_builtin, QStringLiteral("kubectl get pods -o wide -l app=redis"));
    QCOMPARE(ran.exitCode, 0);
    const QStringList lines = ran.output.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QVERIFY(lines.at(0).contains(QLatin1String(" NODE ")));
    QVERIFY(lines.at(1).startsWith(QLatin1String("redis-")));
    QVERIFY(lines.at(1).contains(QLatin1String("127.244.")));
    ran = runCommand(*m_builtin, QStringLiteral("kubectl get deploy,svc -o name"));
    QVERIFY(ran.output.contains(QLatin1String("deployment.apps/backend\n")));
    QVERIFY(ran.output.contains(QLatin1String("service/backend\n")));
    ran = runCommand(*m_builtin, QStringLiteral("kubectl get all"));
    QVERIFY(ran.output.contains(QLatin1String("\nservice/backend ")));
    QVERIFY(ran.output.contains(QLatin1String("\ndeployment.apps/backend ")));
    ran = runCommand(*m_builtin, QStringLiteral("kubectl get pods -l app=nothing"));
    QCOMPARE(ran.output, QStringLiteral("No resources found in default namespace.\n"));
}

void TestTerminal::builtinErrorsAreKubectls()
{
    Ran ran = runCommand(*m_builtin, QStringLiteral("kubectl get svc nope"));
    QCOMPARE(ran.exitCode, 1);
    QCOMPARE(ran.output,
             QStringLiteral("Error from server (NotFound): services \"nope\" not found\n"));
    ran = runCommand(*m_builtin, QStringLiteral("kubectl get gizmos"));
    QCOMPARE(ran.output,
             QStringLiteral("error: the server doesn't have a resource type \"gizmos\"\n"));
    ran = runCommand(*m_builtin, QStringLiteral("kubectl rollout restart deploy/backend"));
    QCOMPARE(ran.exitCode, 1);
    QVERIFY2(ran.output.contains(
                     QLatin1String("get, describe, create, apply, delete, scale, label")),
             qPrintable(ran.output));
}

void TestTerminal::builtinDescribeServiceShowsEndpoints()
{
    const Ran ran = runCommand(*m_builtin, QStringLiteral("kubectl describe svc backend"));
    QCOMPARE(ran.exitCode, 0);
    QVERIFY2(ran.output.startsWith(QLatin1String("Name:")), qPrintable(ran.output));
    QVERIFY(ran.output.contains(QLatin1String("Selector:")));
    QVERIFY(ran.output.contains(QLatin1String("app=backend")));
    QVERIFY(ran.output.contains(QLatin1String("IP:")));
    const QRegularExpression endpoints(
            QStringLiteral("Endpoints: +127\\.244\\.\\d+\\.\\d+:80,127\\.244\\.\\d+\\.\\d+:80,"));
    QVERIFY2(endpoints.match(ran.output).hasMatch(), qPrintable(ran.output));
    const Ran pod = runCommand(
            *m_builtin, QStringLiteral("kubectl describe pod ") + podNames("redis").value(0));
    QCOMPARE(pod.exitCode, 0);
    QVERIFY(pod.output.contains(QLatin1String("Controlled By:")));
    QVERIFY(pod.output.contains(QLatin1String("redis:7")));
}

void TestTerminal::builtinCreateAndApplyFromTheWorkingDirectory()
{
    Ran ran = runCommand(*m_builtin, QStringLiteral("kubectl delete svc backend"));
    QCOMPARE(ran.output, QStringLiteral("service \"backend\" deleted\n"));
    QTRY_COMPARE(clusterIP("backend"), QString());
    ran = runCommand(*m_builtin, QStringLiteral("kubectl create -f backend-service.yaml"));
    QCOMPARE(ran.exitCode, 0);
    QCOMPARE(ran.output, QStringLiteral("service/backend created\n"));
    QVERIFY(inServiceRange(clusterIP("backend")));
    ran = runCommand(*m_builtin, QStringLiteral("kubectl create -f backend-service.yaml"));
    QCOMPARE(ran.exitCode, 1);
    QCOMPARE(ran.output,
             QStringLiteral("Error from server (AlreadyExists): error when creating "
                            "\"backend-service.yaml\": services \"backend\" already exists\n"));
    ran = runCommand(*m_builtin, QStringLiteral("kubectl apply -f backend-service.yaml"));
    QCOMPARE(ran.exitCode, 0);
    QVERIFY2(ran.output == QLatin1String("service/backend unchanged\n")
                     || ran.output == QLatin1String("service/backend configured\n"),
             qPrintable(ran.output));
    ran = runCommand(*m_builtin, QStringLiteral("kubectl apply -f missing.yaml"));
    QCOMPARE(ran.output, QStringLiteral("error: the path \"missing.yaml\" does not exist\n"));
}

void TestTerminal::builtinScaleLabelAndDeleteReachTheEngine()
{
    Ran ran =
            runCommand(*m_builtin, QStringLiteral("kubectl scale deployment backend --replicas=2"));
    QCOMPARE(ran.output, QStringLiteral("deployment.apps/backend scaled\n"));
    QTRY_COMPARE_WITH_TIMEOUT(podNames("backend").size(), 2, 10000);

    const QString pod = podNames("backend").front();
    ran = runCommand(*m_builtin, QStringLiteral("kubectl label pod %1 lesson=one").arg(pod));
    QCOMPARE(ran.output, QStringLiteral("pod/%1 labeled\n").arg(pod));
    ran = runCommand(*m_builtin, QStringLiteral("kubectl get pods -l lesson=one -o name"));
    QCOMPARE(ran.output, QStringLiteral("pod/%1\n").arg(pod));
    ran = runCommand(*m_builtin, QStringLiteral("kubectl label pod %1 lesson=two").arg(pod));
    QCOMPARE(ran.exitCode, 1);
    QCOMPARE(ran.output,
             QStringLiteral(
                     "error: 'lesson' already has a value (one), and --overwrite is false\n"));
    ran = runCommand(*m_builtin,
                     QStringLiteral("kubectl label pod/%1 lesson=two --overwrite").arg(pod));
    QCOMPARE(ran.output, QStringLiteral("pod/%1 labeled\n").arg(pod));
    ran = runCommand(*m_builtin, QStringLiteral("kubectl label pod %1 lesson-").arg(pod));
    QCOMPARE(ran.output, QStringLiteral("pod/%1 unlabeled\n").arg(pod));
    ran = runCommand(*m_builtin, QStringLiteral("kubectl get pods -l lesson -o name"));
    QCOMPARE(ran.output, QStringLiteral("No resources found in default namespace.\n"));

    ran = runCommand(*m_builtin, QStringLiteral("kubectl delete pod %1").arg(pod));
    QCOMPARE(ran.output, QStringLiteral("pod \"%1\" deleted\n").arg(pod));
    QTRY_VERIFY_WITH_TIMEOUT(!podNames("backend").contains(pod), 10000);
    // The Deployment replaces it.
    QTRY_COMPARE_WITH_TIMEOUT(podNames("backend").size(), 2, 10000);
    ran = runCommand(*m_builtin, QStringLiteral("kubectl delete pod %1").arg(pod));
    QCOMPARE(ran.exitCode, 1);
    QVERIFY2(ran.output.contains(QStringLiteral("(NotFound): pods \"%1\" not found").arg(pod)),
             qPrintable(ran.output));

    ran = runCommand(*m_builtin, QStringLiteral("kubectl scale deploy/backend --replicas=3"));
    QCOMPARE(ran.exitCode, 0);
    QTRY_COMPARE_WITH_TIMEOUT(podNames("backend").size(), 3, 10000);
}

void TestTerminal::realKubectlUsesClusterLabsKubeconfig()
{
    if (m_panel->kubectlMode() != KubectlMode::Real)
        QSKIP("no kubectl on PATH");
    const Ran ran = runCommand(*m_panel, QStringLiteral("kubectl get svc backend"));
    QVERIFY(ran.done);
    QCOMPARE(ran.exitCode, 0);
    QVERIFY2(ran.output.contains(clusterIP("backend")), qPrintable(ran.output));
    QVERIFY(m_panel->outputText().contains(QLatin1String("$ kubectl get svc backend\n")));
}

void TestTerminal::curlAnswersFromABackendPod()
{
    if (QStandardPaths::findExecutable(QStringLiteral("curl")).isEmpty())
        QSKIP("curl is not installed");
    // The name is ClusterLab's, not the system resolver's. backend was re-created above: its
    // new ClusterIP listens once the data plane has synced.
    Ran ran;
    QTRY_VERIFY_WITH_TIMEOUT(
            (ran = runCommand(*m_panel, QStringLiteral("curl -sS http://backend/"))).exitCode == 0,
            10000);
    QVERIFY2(ran.output.startsWith(QLatin1String("backend-")), qPrintable(ran.output));
    const Ran byIP =
            runCommand(*m_panel, QStringLiteral("curl -s http://%1/").arg(clusterIP("frontend")));
    QVERIFY2(byIP.output.startsWith(QLatin1String("frontend-")), qPrintable(byIP.output));
    // A Pod IP answers on the Pod's own port (80 may really listen on 10080: followed)...
    const QString pod = podIP("backend");
    QVERIFY(!pod.isEmpty());
    const Ran direct = runCommand(*m_panel, QStringLiteral("curl -s http://%1/").arg(pod));
    QVERIFY2(direct.output.startsWith(QLatin1String("backend-")), qPrintable(direct.output));
    // A UDP-only Service port is not curl's (TCP): whatever serves TCP there is not ours.
    auto udp = manifest::decodeText("apiVersion: v1\nkind: Service\nmetadata: {name: stats}\n"
                                    "spec:\n  selector: {app: backend}\n  ports:\n"
                                    "  - {port: 8125, protocol: UDP}\n",
                                    "stats.yaml");
    QVERIFY(!udp.hasErrors());
    QVERIFY(m_engine->apply(std::move(udp.objects), cluster::ApplyMode::Apply).get().ok);
    QTRY_VERIFY(!clusterIP("stats").isEmpty());
    const Ran udpOnly = runCommand(*m_panel, QStringLiteral("curl -s http://stats:8125/"));
    QCOMPARE(udpOnly.exitCode, 1);
    QVERIFY2(udpOnly.output.startsWith(QStringLiteral("curl here only reaches ClusterLab's own "
                                                      "ports: Service stats has no port 8125")),
             qPrintable(udpOnly.output));
    // ...and a Pod on nothing else, though this computer's other servers would answer there.
    const Ran foreign = runCommand(*m_panel, QStringLiteral("curl -s http://%1:22/").arg(pod));
    QCOMPARE(foreign.exitCode, 1);
    QVERIFY2(foreign.output.startsWith(
                     QStringLiteral("curl here only reaches ClusterLab's own ports: Pod %1 has no "
                                    "port 22; its ports: 80")
                             .arg(pod)),
             qPrintable(foreign.output));
}

void TestTerminal::digAsksClusterLabsDns()
{
    if (QStandardPaths::findExecutable(QStringLiteral("dig")).isEmpty())
        QSKIP("dig is not installed");
    const QString command = QStringLiteral("dig +short backend.default.svc.cluster.local");
    QTRY_COMPARE_WITH_TIMEOUT(runCommand(*m_panel, command).output.trimmed(), clusterIP("backend"),
                              10000);
    const Ran bare = runCommand(*m_panel, QStringLiteral("dig +short redis"));
    QCOMPARE(bare.output.trimmed(), clusterIP("redis"));
}

void TestTerminal::redisCliPings()
{
    if (QStandardPaths::findExecutable(QStringLiteral("redis-cli")).isEmpty())
        QSKIP("redis-cli is not installed");
    const Ran ran = runCommand(*m_panel, QStringLiteral("redis-cli -h redis ping"));
    QCOMPARE(ran.exitCode, 0);
    QCOMPARE(ran.output.trimmed(), QStringLiteral("PONG"));
}

void TestTerminal::refusalsRunNothing_data()
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
            << "kubectl proxy is not available here (it would reach beyond ClusterLab's API)";
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

void TestTerminal::refusalsRunNothing()
{
    QFETCH(QString, line);
    QFETCH(QString, message);
    const Ran ran = runCommand(*m_panel, line);
    QVERIFY(ran.done);
    QCOMPARE(ran.exitCode, 1);
    QCOMPARE(ran.output, message + QLatin1Char('\n')); // nothing else was printed: nothing ran
}

void TestTerminal::historyWalksUpAndDown()
{
    TerminalPanel panel(*m_engine);
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

void TestTerminal::ctrlCAndTheTimeLimitStopAProgram()
{
    if (m_panel->kubectlMode() != KubectlMode::Real)
        QSKIP("no kubectl on PATH");
    // `get -w` runs until stopped.
    auto *input = m_panel->findChild<TerminalInput *>();
    QSignalSpy done(m_panel, &TerminalPanel::finished);
    m_panel->run(QStringLiteral("kubectl get pods -w"));
    QVERIFY(m_panel->isBusy());
    QTRY_VERIFY_WITH_TIMEOUT(m_panel->outputText().contains(QLatin1String("\nredis-")), 15000);
    QTest::keyClick(input, Qt::Key_C, Qt::ControlModifier);
    QTRY_COMPARE(done.count(), 1);
    QCOMPARE(done.at(0).at(1).toInt(), -1);
    QVERIFY(m_panel->outputText().endsWith(QLatin1String("^C\n")));
    QVERIFY(!m_panel->isBusy());

    m_panel->setTimeout(1500);
    const Ran ran = runCommand(*m_panel, QStringLiteral("kubectl get pods -w"));
    m_panel->setTimeout(20000);
    QVERIFY(ran.done);
    QCOMPARE(ran.exitCode, -1);
    QVERIFY2(ran.output.endsWith(
                     QLatin1String("kubectl stopped after 1.5 s: the panel's time limit\n")),
             qPrintable(ran.output));
}

void TestTerminal::presentationMakesTextLarge()
{
    auto *output = m_panel->findChild<QPlainTextEdit *>();
    QVERIFY(output);
    const int normal = output->font().pointSize();
    m_panel->setPresentation(true);
    // Large enough for the back of a room, small enough that `kubectl get` tables fit the
    // terminal's 40 % of a 1080p projector.
    QVERIFY(output->font().pointSize() >= 16);
    QVERIFY(output->font().pointSize() >= normal * 3 / 2);
    QCOMPARE(output->palette().color(QPalette::Base), QColor(Qt::black));
    QCOMPARE(output->palette().color(QPalette::Text), QColor(Qt::white));
    m_panel->setPresentation(false);
    QCOMPARE(output->font().pointSize(), normal);
}

QTEST_MAIN(TestTerminal)
#include "tst_terminal.moc"
