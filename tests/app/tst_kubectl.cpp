// The real kubectl against a real `clusterlab --headless` process: every test starts a fresh
// ClusterLab on a free port with its own kubeconfig and kubectl cache, runs the commands of
// the lecture as a student would, and checks what kubectl prints.
#include "free_port.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

namespace {

const QString kData = QStringLiteral(CLUSTERLAB_SOURCE_DIR "/tests/data/kubectl/");

QString findKubectl()
{
    if (const QString env = qEnvironmentVariable("CLUSTERLAB_KUBECTL"); !env.isEmpty())
        return env;
    if (QFileInfo::exists("/usr/bin/kubectl"))
        return "/usr/bin/kubectl";
    return {};
}

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

/// Lab is one ClusterLab process with the backend Deployment running, and a kubectl.
class Lab
{
public:
    explicit Lab(QString kubectl = findKubectl()) : m_kubectl(std::move(kubectl))
    {
        m_port = freePort();
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        m_process.start(QStringLiteral(CLUSTERLAB_BINARY),
                        { "--headless", "--api-port", QString::number(m_port), "--kubeconfig",
                          kubeconfig(), "--pace", "0.05", kData + "backend-deployment.yaml" });
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 30000 && m_process.state() != QProcess::NotRunning) {
            m_process.waitForReadyRead(200);
            m_out += QString::fromUtf8(m_process.readAllStandardOutput());
            if (m_out.contains("export KUBECONFIG=") && m_out.contains("ClusterLab is running"))
                break;
        }
    }

    ~Lab()
    {
        m_process.terminate();
        if (!m_process.waitForFinished(10000))
            m_process.kill();
        m_process.waitForFinished(2000);
    }

    bool ready() const { return m_out.contains("ClusterLab is running"); }
    QString startupOutput() const { return m_out; }
    QString kubeconfig() const { return m_dir.filePath("kubeconfig"); }
    QString dir() const { return m_dir.path(); }
    const QString &kubectl() const { return m_kubectl; }

    QProcessEnvironment environment(const QStringList &extra = {}) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("KUBECONFIG", kubeconfig());
        env.insert("HOME", m_dir.path());
        for (const QString &pair : extra)
            env.insert(pair.section('=', 0, 0), pair.section('=', 1));
        return env;
    }

    QStringList withCache(const QStringList &arguments) const
    {
        return QStringList{ "--cache-dir", m_dir.filePath("cache") } + arguments;
    }

    Run run(const QStringList &arguments, const QStringList &env = {}, int timeoutMs = 30000) const
    {
        QProcess process;
        process.setProcessEnvironment(environment(env));
        process.start(m_kubectl, withCache(arguments));
        Run result;
        if (!process.waitForFinished(timeoutMs)) {
            process.kill();
            process.waitForFinished();
        }
        result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        result.out = QString::fromUtf8(process.readAllStandardOutput());
        result.err = QString::fromUtf8(process.readAllStandardError());
        return result;
    }

    /// waitFor runs the command until its output matches, at most timeoutMs.
    Run waitFor(const QStringList &arguments, const std::function<bool(const QString &)> &done,
                int timeoutMs = 20000) const
    {
        QElapsedTimer timer;
        timer.start();
        Run last;
        while (timer.elapsed() < timeoutMs) {
            last = run(arguments);
            if (last.exitCode == 0 && done(last.out))
                return last;
            QTest::qWait(250);
        }
        return last;
    }

private:
    QString m_kubectl;
    QTemporaryDir m_dir;
    QProcess m_process;
    QString m_out;
    int m_port = 0;
};

int countMatches(const QString &text, const QString &pattern)
{
    const QRegularExpression re(pattern, QRegularExpression::MultilineOption);
    int n = 0;
    for (auto it = re.globalMatch(text); it.hasNext(); it.next())
        ++n;
    return n;
}

QString why(const Run &r)
{
    return QStringLiteral("exit %1\nstdout:\n%2\nstderr:\n%3").arg(r.exitCode).arg(r.out, r.err);
}

const QString kPodRow =
        QStringLiteral("^(backend-[a-z0-9]+-[a-z0-9]+)\\s+1/1\\s+Running\\s+0\\s+\\S+\\s+"
                       "(127\\.244\\.\\d+\\.\\d+)\\s+node-\\d+");

} // namespace

class TestKubectl : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void createThenGetServicesAndPods();
    void describeServiceShowsEndpoints();
    void applyCreatesLeavesAndConfigures();
    void applyServerSide();
    void scaleToFiveRunningPods();
    void deletedPodIsReplacedWithANewIp();
    void labelAndEdit();
    void getAllEndpointsAndSlices();
    void watchReceivesAScale();
    void deleteFromFile();
    void apiResourcesVersionAndExplain();
    void invalidObjectsGetTheApiServersMessages();
    void oldestAndNewestClients_data();
    void oldestAndNewestClients();
    void imperativeCreatesSendProtobuf();
};

void TestKubectl::initTestCase()
{
    if (findKubectl().isEmpty())
        QSKIP("no kubectl: install it (scripts/bootstrap test installs Debian's "
              "kubernetes-client) or set CLUSTERLAB_KUBECTL");
}

void TestKubectl::createThenGetServicesAndPods()
{
    Lab lab;
    QVERIFY2(lab.ready(), qPrintable(lab.startupOutput()));
    QVERIFY(lab.startupOutput().contains("export KUBECONFIG=" + lab.kubeconfig()));
    const Run created = lab.run({ "create", "-f", kData + "backend-service.yaml" });
    QVERIFY2(created.exitCode == 0, qPrintable(why(created)));
    QCOMPARE(created.out, QString("service/backend created\n"));

    const Run services = lab.run({ "get", "services" });
    QVERIFY2(services.exitCode == 0, qPrintable(why(services)));
    QVERIFY2(QRegularExpression(
                     "^NAME\\s+TYPE\\s+CLUSTER-IP\\s+EXTERNAL-IP\\s+PORT\\(S\\)\\s+AGE\\n")
                     .match(services.out)
                     .hasMatch(),
             qPrintable(services.out));
    QVERIFY2(QRegularExpression("^backend\\s+ClusterIP\\s+127\\.(9[6-9]|10\\d|11[01])\\.\\d+\\.\\d+"
                                "\\s+<none>\\s+80/TCP\\s+\\d+s$",
                                QRegularExpression::MultilineOption)
                     .match(services.out)
                     .hasMatch(),
             qPrintable(services.out));
    QVERIFY(services.out.contains(
            QRegularExpression("^kubernetes\\s+ClusterIP\\s+127\\.96\\.0\\.1\\s",
                               QRegularExpression::MultilineOption)));

    const Run wide = lab.run({ "get", "svc", "-o", "wide" });
    QVERIFY2(
            QRegularExpression("^backend\\s+ClusterIP\\s+127\\.\\S+\\s+<none>\\s+80/TCP\\s+\\S+\\s+"
                               "app=backend$",
                               QRegularExpression::MultilineOption)
                    .match(wide.out)
                    .hasMatch(),
            qPrintable(why(wide)));

    const Run pods = lab.waitFor({ "get", "pods", "-o", "wide" }, [](const QString &out) {
        return countMatches(out, kPodRow) == 3;
    });
    QVERIFY2(countMatches(pods.out, kPodRow) == 3, qPrintable(why(pods)));
    QVERIFY(pods.out.startsWith("NAME"));
    QVERIFY(pods.out.contains("NOMINATED NODE"));
}

void TestKubectl::describeServiceShowsEndpoints()
{
    Lab lab;
    QVERIFY2(lab.ready(), qPrintable(lab.startupOutput()));
    QCOMPARE(lab.run({ "create", "-f", kData + "backend-service.yaml" }).exitCode, 0);
    const Run described = lab.waitFor({ "describe", "svc", "backend" }, [](const QString &out) {
        return countMatches(out, "127\\.244\\.\\d+\\.\\d+:80") == 3;
    });
    QVERIFY2(described.exitCode == 0, qPrintable(why(described)));
    QVERIFY2(QRegularExpression("^Name:\\s+backend$", QRegularExpression::MultilineOption)
                     .match(described.out)
                     .hasMatch(),
             qPrintable(described.out));
    QVERIFY(QRegularExpression("^Selector:\\s+app=backend$", QRegularExpression::MultilineOption)
                    .match(described.out)
                    .hasMatch());
    QVERIFY(QRegularExpression("^Type:\\s+ClusterIP$", QRegularExpression::MultilineOption)
                    .match(described.out)
                    .hasMatch());
    QVERIFY(QRegularExpression("^TargetPort:\\s+80/TCP$", QRegularExpression::MultilineOption)
                    .match(described.out)
                    .hasMatch());
    QVERIFY2(QRegularExpression("^Endpoints:\\s+127\\.244\\.\\d+\\.\\d+:80,127\\.244",
                                QRegularExpression::MultilineOption)
                     .match(described.out)
                     .hasMatch(),
             qPrintable(described.out));
}

void TestKubectl::applyCreatesLeavesAndConfigures()
{
    Lab lab;
    QVERIFY2(lab.ready(), qPrintable(lab.startupOutput()));
    const QString file = lab.dir() + "/frontend.yaml";
    QVERIFY(QFile::copy(kData + "frontend-service.yaml", file));
    QFile::setPermissions(file, QFile::ReadOwner | QFile::WriteOwner);
    const Run created = lab.run({ "apply", "-f", file });
    QVERIFY2(created.out == "service/frontend created\n", qPrintable(why(created)));
    const Run unchanged = lab.run({ "apply", "-f", file });
    QVERIFY2(unchanged.out == "service/frontend unchanged\n", qPrintable(why(unchanged)));
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadWrite));
    QByteArray text = f.readAll();
    text.replace("targetPort: 80", "targetPort: 8080");
    text.replace("  name: frontend\n", "  name: frontend\n  labels:\n    tier: web\n");
    f.resize(0);
    f.write(text);
    f.close();
    const Run configured = lab.run({ "apply", "-f", file });
    QVERIFY2(configured.out == "service/frontend configured\n", qPrintable(why(configured)));
    const Run wide = lab.run({ "get", "svc", "frontend", "-o",
                               "jsonpath={.spec.ports[0].targetPort} {.metadata.labels.tier}" });
    QCOMPARE(wide.out, QString("8080 web"));
}

void TestKubectl::applyServerSide()
{
    Lab lab;
    QVERIFY2(lab.ready(), qPrintable(lab.startupOutput()));
    const Run created = lab.run({ "apply", "--server-side", "-f", kData + "backend-service.yaml" });
    QVERIFY2(created.out == "service/backend serverside-applied\n", qPrintable(why(created)));
    const Run again =
            lab.run({ "apply", "--server-side", "-f", kData + "backend-deployment.yaml" });
    QVERIFY2(again.out == "deployment.apps/backend serverside-applied\n", qPrintable(why(again)));
    QCOMPARE(lab.run({ "get", "svc", "backend", "-o", "jsonpath={.spec.selector.app}" }).out,
             QString("backend"));
}

void TestKubectl::scaleToFiveRunningPods()
{
    Lab lab;
    QVERIFY2(lab.ready(), qPrintable(lab.startupOutput()));
    const Run scaled = lab.run({ "scale", "deployment", "backend", "--replicas=5" });
    QVERIFY2(scaled.out == "deployment.apps/backend scaled\n", qPrintable(why(scaled)));
    const Run pods = lab.waitFor({ "get", "pods", "-o", "wide" }, [](const QString &out) {
        return countMatches(out, kPodRow) == 5;
    });
    QVERIFY2(countMatches(pods.out, kPodRow) == 5, qPrintable(why(pods)));
    const Run deployment = lab.run({ "get", "deployment", "backend" });
    QVERIFY2(QRegularExpression("^backend\\s+5/5\\s+5\\s+5\\s", QRegularExpression::MultilineOption)
                     .match(deployment.out)
                     .hasMatch(),
             qPrintable(why(deployment)));
}

void TestKubectl::deletedPodIsReplacedWithANewIp()
{
    Lab lab;
    QVERIFY2(lab.ready(), qPrintable(lab.startupOutput()));
    const Run before = lab.waitFor({ "get", "pods", "-o", "wide" }, [](const QString &out) {
        return countMatches(out, kPodRow) == 3;
    });
    const auto victim =
            QRegularExpression(kPodRow, QRegularExpression::MultilineOption).match(before.out);
    QVERIFY2(victim.hasMatch(), qPrintable(why(before)));
    const Run deleted = lab.run({ "delete", "pod", victim.captured(1) });
    QVERIFY2(deleted.out == "pod \"" + victim.captured(1) + "\" deleted\n",
             qPrintable(why(deleted)));
    const Run after = lab.waitFor({ "get", "pods", "-o", "wide" }, [&](const QString &out) {
        return countMatches(out, kPodRow) == 3 && !out.contains(victim.captured(1));
    });
    QVERIFY2(countMatches(after.out, kPodRow) == 3, qPrintable(why(after)));
    QVERIFY(!after.out.contains(victim.captured(1)));
    QStringList oldIps, newIps;
    const QRegularExpression row(kPodRow, QRegularExpression::MultilineOption);
    for (auto it = row.globalMatch(before.out); it.hasNext();)
        oldIps << it.next().captured(2);
    for (auto it = row.globalMatch(after.out); it.hasNext();)
        newIps << it.next().captured(2);
    QVERIFY2(!newIps.contains(victim.captured(2)), "the replacement Pod has a new IP");
    QVERIFY(std::any_of(newIps.begin(), newIps.end(), [&](const QString &ip) {
        return !oldIps.contains(ip);
    }));
}

void TestKubectl::labelAndEdit()
{
    Lab lab;
    QVERIFY2(lab.ready(), qPrintable(lab.startupOutput()));
    const Run pods = lab.waitFor({ "get", "pods", "-o", "wide" }, [](const QString &out) {
        return countMatches(out, kPodRow) == 3;
    });
    const QString pod = QRegularExpression(kPodRow, QRegularExpression::MultilineOption)
                                .match(pods.out)
                                .captured(1);
    const Run labeled = lab.run({ "label", "pod", pod, "tier=web" });
    QVERIFY2(labeled.out == "pod/" + pod + " labeled\n", qPrintable(why(labeled)));
    const Run shown = lab.run({ "get", "pod", pod, "--show-labels" });
    QVERIFY2(shown.out.contains("tier=web"), qPrintable(why(shown)));
    QVERIFY(shown.out.contains("LABELS"));

    const QString editor = lab.dir() + "/editor.sh";
    QFile script(editor);
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write("#!/bin/sh\nsed -i 's/^  replicas: 3$/  replicas: 4/' \"$1\"\n");
    script.close();
    script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    const Run edited = lab.run({ "edit", "deployment", "backend" }, { "EDITOR=" + editor });
    QVERIFY2(edited.out == "deployment.apps/backend edited\n", qPrintable(why(edited)));
    QCOMPARE(lab.run({ "get", "deployment", "backend", "-o", "jsonpath={.spec.replicas}" }).out,
             QString("4"));
}

void TestKubectl::getAllEndpointsAndSlices()
{
    Lab lab;
    QVERIFY2(lab.ready(), qPrintable(lab.startupOutput()));
    QCOMPARE(lab.run({ "create", "-f", kData + "backend-service.yaml" }).exitCode, 0);
    const Run all = lab.run({ "get", "all" });
    QVERIFY2(all.exitCode == 0, qPrintable(why(all)));
    for (const char *prefix : { "pod/backend-", "service/backend ", "service/kubernetes ",
                                "deployment.apps/backend ", "replicaset.apps/backend-" })
        QVERIFY2(all.out.contains(prefix), qPrintable(prefix + QString("\n") + all.out));
    const Run endpoints =
            lab.waitFor({ "get", "endpoints,endpointslices" }, [](const QString &out) {
                return countMatches(out, "127\\.244\\.\\d+\\.\\d+") >= 6;
            });
    QVERIFY2(QRegularExpression("^endpoints/backend\\s+127\\.244\\.\\d+\\.\\d+:80,",
                                QRegularExpression::MultilineOption)
                     .match(endpoints.out)
                     .hasMatch(),
             qPrintable(why(endpoints)));
    QVERIFY2(QRegularExpression(
                     "^endpointslice\\.discovery\\.k8s\\.io/backend-\\S+\\s+IPv4\\s+80\\s+"
                     "127\\.244",
                     QRegularExpression::MultilineOption)
                     .match(endpoints.out)
                     .hasMatch(),
             qPrintable(why(endpoints)));
}

void TestKubectl::watchReceivesAScale()
{
    Lab lab;
    QVERIFY2(lab.ready(), qPrintable(lab.startupOutput()));
    lab.waitFor({ "get", "pods" }, [](const QString &out) {
        return out.count("Running") == 3;
    });
    QProcess watch;
    watch.setProcessEnvironment(lab.environment());
    watch.start(lab.kubectl(), lab.withCache({ "get", "pods", "-w" }));
    QString seen;
    QElapsedTimer timer;
    timer.start();
    while (countMatches(seen, "Running") < 3 && timer.elapsed() < 15000) {
        watch.waitForReadyRead(200);
        seen += QString::fromUtf8(watch.readAllStandardOutput());
    }
    QVERIFY2(seen.startsWith("NAME"), qPrintable(seen));
    const Run scaled = lab.run({ "scale", "deployment", "backend", "--replicas=4" });
    QCOMPARE(scaled.exitCode, 0);
    while (countMatches(seen, "Running") < 4 && timer.elapsed() < 30000) {
        watch.waitForReadyRead(200);
        seen += QString::fromUtf8(watch.readAllStandardOutput());
    }
    watch.kill();
    watch.waitForFinished();
    QVERIFY2(countMatches(seen, "^backend-\\S+\\s+0/1\\s+(Pending|ContainerCreating)") >= 1,
             qPrintable(seen));
    QVERIFY2(countMatches(seen, "^backend-\\S+\\s+1/1\\s+Running") >= 4, qPrintable(seen));
    QCOMPARE(seen.count("NAME "), 1); // one header: the events are Tables too
}

void TestKubectl::deleteFromFile()
{
    Lab lab;
    QVERIFY2(lab.ready(), qPrintable(lab.startupOutput()));
    QCOMPARE(lab.run({ "create", "-f", kData + "backend-service.yaml" }).exitCode, 0);
    const Run deleted = lab.run({ "delete", "-f", kData + "backend-service.yaml" });
    QVERIFY2(deleted.out == "service \"backend\" deleted\n", qPrintable(why(deleted)));
    const Run gone = lab.run({ "get", "svc", "backend" });
    QCOMPARE(gone.exitCode, 1);
    QCOMPARE(gone.err, QString("Error from server (NotFound): services \"backend\" not found\n"));
}

void TestKubectl::apiResourcesVersionAndExplain()
{
    Lab lab;
    QVERIFY2(lab.ready(), qPrintable(lab.startupOutput()));
    const Run resources = lab.run({ "api-resources" });
    QVERIFY2(resources.exitCode == 0, qPrintable(why(resources)));
    for (const char *row :
         { "^services\\s+svc\\s+v1\\s+true\\s+Service$", "^pods\\s+po\\s+v1\\s+true\\s+Pod$",
           "^deployments\\s+deploy\\s+apps/v1\\s+true\\s+Deployment$",
           "^endpointslices\\s+discovery\\.k8s\\.io/v1\\s+true\\s+EndpointSlice$",
           "^nodes\\s+no\\s+v1\\s+false\\s+Node$" })
        QVERIFY2(countMatches(resources.out, row) == 1, qPrintable(row + ("\n" + resources.out)));
    const Run version = lab.run({ "version" });
    QVERIFY2(version.out.contains("Server Version: v1.31.9"), qPrintable(why(version)));
    const Run explain = lab.run({ "explain", "service.spec.ports" });
    QVERIFY2(explain.exitCode == 0, qPrintable(why(explain)));
    QVERIFY2(explain.out.contains("FIELD: ports <[]ServicePort>"), qPrintable(explain.out));
    QVERIFY(explain.out.contains("targetPort\t<IntOrString>"));
    QVERIFY(explain.out.contains("port\t<integer> -required-"));
}

void TestKubectl::invalidObjectsGetTheApiServersMessages()
{
    Lab lab;
    QVERIFY2(lab.ready(), qPrintable(lab.startupOutput()));
    const Run invalid = lab.run({ "create", "-f", kData + "invalid-service.yaml" });
    QCOMPARE(invalid.exitCode, 1);
    QCOMPARE(invalid.err,
             QString("The Service \"backend\" is invalid: \n"
                     "* spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, "
                     "inclusive\n"
                     "* spec.ports[1].port: Invalid value: 70000: must be between 1 and 65535, "
                     "inclusive\n"));
    QCOMPARE(lab.run({ "create", "-f", kData + "backend-service.yaml" }).exitCode, 0);
    const Run again = lab.run({ "create", "-f", kData + "backend-service.yaml" });
    QCOMPARE(again.exitCode, 1);
    QCOMPARE(again.err,
             QString("Error from server (AlreadyExists): error when creating \"%1\": "
                     "services \"backend\" already exists\n")
                     .arg(kData + "backend-service.yaml"));
    const Run missing = lab.run({ "get", "deployment", "nope" });
    QCOMPARE(missing.err,
             QString("Error from server (NotFound): deployments.apps \"nope\" not found\n"));
}

void TestKubectl::oldestAndNewestClients_data()
{
    QTest::addColumn<QString>("client");
    const QString dir = QFileInfo(QFileInfo("/usr/bin/kubectl").canonicalFilePath()).path();
    for (const char *version : { "1.27", "1.33" }) {
        const QString path = dir + "/kubectl." + version;
        if (QFileInfo::exists(path))
            QTest::addRow("kubectl %s", version) << path;
    }
    if (QTest::currentDataTag() == nullptr && !QFileInfo::exists(dir + "/kubectl.1.27"))
        QTest::addRow("no versioned clients") << QString();
}

void TestKubectl::oldestAndNewestClients()
{
    QFETCH(QString, client);
    if (client.isEmpty())
        QSKIP("no kubectl.1.27 or kubectl.1.33 beside /usr/bin/kubectl");
    Lab lab(client);
    QVERIFY2(lab.ready(), qPrintable(lab.startupOutput()));
    const Run created = lab.run({ "create", "-f", kData + "backend-service.yaml" });
    QVERIFY2(created.out == "service/backend created\n", qPrintable(why(created)));
    const Run services = lab.run({ "get", "svc", "-o", "wide" });
    QVERIFY2(
            services.out.contains(QRegularExpression("^backend\\s+ClusterIP\\s+127\\.\\S+\\s+<none>"
                                                     "\\s+80/TCP\\s+\\S+\\s+app=backend$",
                                                     QRegularExpression::MultilineOption)),
            qPrintable(why(services)));
    const Run applied = lab.run({ "apply", "-f", kData + "frontend-service.yaml" });
    QVERIFY2(applied.out == "service/frontend created\n", qPrintable(why(applied)));
    const Run scaled = lab.run({ "scale", "deployment", "backend", "--replicas=4" });
    QVERIFY2(scaled.out == "deployment.apps/backend scaled\n", qPrintable(why(scaled)));
    // describe shows three addresses and counts the rest, as it does on a real cluster.
    const QString fourEndpoints =
            "^Endpoints:\\s+(127\\.244\\.\\d+\\.\\d+:80,){2}127\\.244\\.\\d+\\.\\d+:80 "
            "\\+ 1 more\\.\\.\\.$";
    const Run described = lab.waitFor({ "describe", "svc", "backend" }, [&](const QString &out) {
        return countMatches(out, fourEndpoints) == 1;
    });
    QVERIFY2(countMatches(described.out, fourEndpoints) == 1, qPrintable(why(described)));
    const Run version = lab.run({ "version" });
    // 1.27 prints the long form (Server Version: version.Info{... GitVersion:"v1.31.9" ...}).
    QVERIFY2(version.out.contains("Server Version: ") && version.out.contains("v1.31.9"),
             qPrintable(why(version)));
}

void TestKubectl::imperativeCreatesSendProtobuf()
{
    // kubectl 1.32+ POSTs `create namespace|deployment|service` as protobuf, not JSON.
    const QString client =
            QFileInfo(QFileInfo("/usr/bin/kubectl").canonicalFilePath()).path() + "/kubectl.1.33";
    if (!QFileInfo::exists(client))
        QSKIP("no kubectl.1.33 beside /usr/bin/kubectl");
    Lab lab(client);
    QVERIFY2(lab.ready(), qPrintable(lab.startupOutput()));
    const Run ns = lab.run({ "create", "namespace", "demo" });
    QVERIFY2(ns.out == "namespace/demo created\n", qPrintable(why(ns)));
    const Run created = lab.run(
            { "create", "deployment", "web", "--image=nginx", "--replicas=2", "--port=80" });
    QVERIFY2(created.out == "deployment.apps/web created\n", qPrintable(why(created)));
    const QString webRow = "^web-[a-z0-9]+-[a-z0-9]+\\s+1/1\\s+Running\\s+0\\s+\\S+$";
    const Run pods = lab.waitFor({ "get", "pods" }, [&](const QString &out) {
        return countMatches(out, webRow) == 2;
    });
    QVERIFY2(countMatches(pods.out, webRow) == 2, qPrintable(why(pods)));
    const Run svc = lab.run({ "create", "service", "clusterip", "web", "--tcp=80:80" });
    QVERIFY2(svc.out == "service/web created\n", qPrintable(why(svc)));
    const Run shown = lab.run({ "get", "svc", "web" });
    QVERIFY2(countMatches(shown.out,
                          "^web\\s+ClusterIP\\s+127\\.(9[6-9]|10\\d|11[01])\\.\\d+\\.\\d+\\s+<none>"
                          "\\s+80/TCP\\s+\\d+s$")
                     == 1,
             qPrintable(why(shown)));
    const Run nodePort = lab.run(
            { "create", "service", "nodeport", "web-np", "--tcp=80:80", "--node-port=30080" });
    QVERIFY2(nodePort.out == "service/web-np created\n", qPrintable(why(nodePort)));
    const Run again = lab.run({ "create", "deployment", "web", "--image=nginx" });
    QCOMPARE(again.exitCode, 1);
    QCOMPARE(again.err,
             QString("error: failed to create deployment: deployments.apps \"web\" "
                     "already exists\n"));
}

QTEST_GUILESS_MAIN(TestKubectl)
#include "tst_kubectl.moc"
