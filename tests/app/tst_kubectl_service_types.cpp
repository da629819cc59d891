// The real kubectl against a real `clusterlab --headless` for every Service type: NodePort,
// LoadBalancer and ExternalName Services created with kubectl, listed and described as on a
// real cluster, the API server's error for a node port out of range, and curl on the node
// port and the LoadBalancer address kubectl shows.
#include "kubectl_lab.h"

#include <QtTest>

using namespace kubectl_test;
using process_test::ProcessRun;
using process_test::runProcess;

namespace {

bool matches(const QString &pattern, const QString &text)
{
    return QRegularExpression(pattern, QRegularExpression::MultilineOption).match(text).hasMatch();
}

} // namespace

class TestKubectlServiceTypes : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void nodePortListedDescribedAndServed();
    void loadBalancerGoesFromPendingToAnAddress();
    void externalNameShowsItsName();
    void nodePortOutOfRangeIsRefused();
};

void TestKubectlServiceTypes::initTestCase()
{
    requireKubectl();
}

void TestKubectlServiceTypes::nodePortListedDescribedAndServed()
{
    Lab lab;
    QVERIFY2(lab.ready(), qPrintable(lab.startupOutput()));
    const Run created = lab.run({ "create", "-f", kData + "backend-nodeport.yaml" });
    QVERIFY2(created.exitCode == 0, qPrintable(why(created)));
    const Run services = lab.run({ "get", "svc", "backend-np" });
    QVERIFY2(matches("^backend-np\\s+NodePort\\s+127\\.\\S+\\s+<none>\\s+80:30100/TCP\\s+\\d+s$",
                     services.out),
             qPrintable(why(services)));
    const Run described = lab.waitFor({ "describe", "svc", "backend-np" }, [](const QString &out) {
        return countMatches(out, "127\\.244\\.\\d+\\.\\d+:80") == 3;
    });
    QVERIFY2(matches("^NodePort:\\s+<unset>\\s+30100/TCP$", described.out),
             qPrintable(why(described)));
    QVERIFY2(matches("^External Traffic Policy:\\s+Cluster$", described.out),
             qPrintable(described.out));
    QVERIFY2(matches("^Internal Traffic Policy:\\s+Cluster$", described.out),
             qPrintable(described.out));
    for (const char *address : { "127.244.1.1", "127.244.2.1", "127.244.3.1", "127.0.0.1" }) {
        const ProcessRun curl = runProcess(
                "curl",
                { "-s", "-m", "5", QStringLiteral("http://%1:30100/hostname").arg(address) },
                10000);
        QVERIFY2(curl.exitCode == 0 && curl.out.startsWith("backend-"),
                 qPrintable(QString("%1: %2 %3").arg(address, curl.out, curl.err)));
    }
}

void TestKubectlServiceTypes::loadBalancerGoesFromPendingToAnAddress()
{
    Lab lab;
    QVERIFY2(lab.ready(), qPrintable(lab.startupOutput()));
    QCOMPARE(lab.run({ "create", "-f", kData + "backend-loadbalancer.yaml" }).exitCode, 0);
    const Run assigned = lab.waitFor({ "get", "svc", "backend-lb" }, [](const QString &out) {
        return out.contains("127.250.0.");
    });
    QVERIFY2(matches("^backend-lb\\s+LoadBalancer\\s+127\\.\\S+\\s+127\\.250\\.0\\.\\d+\\s+"
                     "80:3\\d{4}/TCP\\s+\\d+s$",
                     assigned.out),
             qPrintable(why(assigned)));
    const Run described = lab.run({ "describe", "svc", "backend-lb" });
    QVERIFY2(matches("^LoadBalancer Ingress:\\s+127\\.250\\.0\\.\\d+", described.out),
             qPrintable(why(described)));
    QVERIFY2(matches("^External Traffic Policy:\\s+Local$", described.out),
             qPrintable(described.out));
    QVERIFY2(matches("^HealthCheck NodePort:\\s+3\\d{4}$", described.out),
             qPrintable(described.out));
    QVERIFY2(described.out.contains("EnsuredLoadBalancer"), qPrintable(described.out));
    const QString address =
            QRegularExpression("127\\.250\\.0\\.\\d+").match(assigned.out).captured();
    const ProcessRun curl =
            runProcess("curl", { "-s", "-m", "5", "http://" + address + "/hostname" }, 10000);
    QVERIFY2(curl.exitCode == 0 && curl.out.startsWith("backend-"),
             qPrintable(curl.out + curl.err));
}

void TestKubectlServiceTypes::externalNameShowsItsName()
{
    Lab lab;
    QVERIFY2(lab.ready(), qPrintable(lab.startupOutput()));
    QCOMPARE(lab.run({ "create", "-f", kData + "external-name.yaml" }).exitCode, 0);
    const Run services = lab.run({ "get", "svc", "search" });
    QVERIFY2(matches("^search\\s+ExternalName\\s+<none>\\s+www\\.example\\.com\\s+<none>\\s+\\d+s$",
                     services.out),
             qPrintable(why(services)));
    const Run described = lab.run({ "describe", "svc", "search" });
    QVERIFY2(matches("^External Name:\\s+www\\.example\\.com$", described.out),
             qPrintable(why(described)));
}

void TestKubectlServiceTypes::nodePortOutOfRangeIsRefused()
{
    Lab lab;
    QVERIFY2(lab.ready(), qPrintable(lab.startupOutput()));
    const Run refused = lab.run({ "create", "-f", kData + "bad-nodeport.yaml" });
    QVERIFY(refused.exitCode != 0);
    QVERIFY2(refused.err.contains("The Service \"bad-np\" is invalid: spec.ports[0].nodePort: "
                                  "Invalid value: 80: provided port is not in the valid range. "
                                  "The range of valid ports is 30000-32767"),
             qPrintable(why(refused)));
}

QTEST_GUILESS_MAIN(TestKubectlServiceTypes)
#include "tst_kubectl_service_types.moc"
