// The real kubectl reading a real `clusterlab --headless`, as a student would in the lecture:
// get (services, pods, all, endpoints and slices), describe, watch, api-resources, version and
// explain print what they print against a real cluster.
#include "kubectl_lab.h"

#include <QtTest>

#include <algorithm>

using namespace kubectl_test;

class TestKubectlRead : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void createThenGetServicesAndPods();
    void describeServiceShowsEndpoints();
    void getAllEndpointsAndSlices();
    void watchReceivesAScale();
    void apiResourcesVersionAndExplain();
};

void TestKubectlRead::initTestCase()
{
    requireKubectl();
}

void TestKubectlRead::createThenGetServicesAndPods()
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

void TestKubectlRead::describeServiceShowsEndpoints()
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

void TestKubectlRead::getAllEndpointsAndSlices()
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

void TestKubectlRead::watchReceivesAScale()
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

void TestKubectlRead::apiResourcesVersionAndExplain()
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

QTEST_GUILESS_MAIN(TestKubectlRead)
#include "tst_kubectl_read.moc"
