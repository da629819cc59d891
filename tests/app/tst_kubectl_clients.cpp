// Other kubectl versions against a real `clusterlab --headless`: the oldest and newest clients
// ClusterLab supports run the lecture's commands, and kubectl 1.33's imperative creates, sent
// as protobuf, work.
#include "kubectl_lab.h"

#include <QtTest>

#include <algorithm>

using namespace kubectl_test;

class TestKubectlClients : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void oldestAndNewestClients_data();
    void oldestAndNewestClients();
    void imperativeCreatesSendProtobuf();
};

void TestKubectlClients::initTestCase()
{
    requireKubectl();
}

void TestKubectlClients::oldestAndNewestClients_data()
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

void TestKubectlClients::oldestAndNewestClients()
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

void TestKubectlClients::imperativeCreatesSendProtobuf()
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

QTEST_GUILESS_MAIN(TestKubectlClients)
#include "tst_kubectl_clients.moc"
