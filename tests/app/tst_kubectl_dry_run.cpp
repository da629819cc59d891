// `kubectl ... --dry-run=server` with the real kubectl against a real `clusterlab --headless`:
// engineers use a server-side dry run to learn whether a cluster would take a manifest, so
// for every verb it must fail exactly when the real command fails, with the same words,
// and change nothing when it succeeds.
#include "kubectl_lab.h"

#include <QtTest>

#include <memory>

using namespace kubectl_test;

class TestKubectlDryRun : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void invalidWritesFailAlikeWithAndWithoutDryRun_data();
    void invalidWritesFailAlikeWithAndWithoutDryRun();
    void validDryRunsChangeNothing_data();
    void validDryRunsChangeNothing();
    void cleanupTestCase();

private:
    QString jsonpath(const QString &resource, const QString &path) const;

    std::unique_ptr<Lab> m_lab;
};

void TestKubectlDryRun::initTestCase()
{
    requireKubectl();
    m_lab = std::make_unique<Lab>();
    QVERIFY2(m_lab->ready(), qPrintable(m_lab->startupOutput()));
    const Run created = m_lab->run({ "create", "-f", kData + "backend-service.yaml" });
    QVERIFY2(created.exitCode == 0, qPrintable(why(created)));
    const Run ready = m_lab->waitFor(
            { "get", "deployment", "backend", "-o", "jsonpath={.status.readyReplicas}" },
            [](const QString &out) {
                return out == "3";
            });
    QVERIFY2(ready.out == "3", qPrintable(why(ready)));
}

void TestKubectlDryRun::cleanupTestCase()
{
    m_lab.reset();
}

QString TestKubectlDryRun::jsonpath(const QString &resource, const QString &path) const
{
    const Run got = m_lab->run({ "get", resource, "-o", "jsonpath={" + path + "}" });
    return got.exitCode == 0 ? got.out : "error: " + got.err;
}

void TestKubectlDryRun::invalidWritesFailAlikeWithAndWithoutDryRun_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const QString invalid = kData + "invalid-service.yaml";
    const QString port0 = "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, "
                          "inclusive";
    const QString target70000 = "spec.ports[0].targetPort: Invalid value: 70000: must be "
                                "between 1 and 65535, inclusive";
    QTest::addRow("create -f a Service with ports 0 and 70000")
            << QStringList{ "create", "-f", invalid } << port0;
    QTest::addRow("apply -f it (client-side apply, a strategic merge patch)")
            << QStringList{ "apply", "-f", invalid } << port0;
    QTest::addRow("apply --server-side -f it")
            << QStringList{ "apply", "--server-side", "--force-conflicts", "-f", invalid }
            << "Invalid value: 0: must be between 1 and 65535, inclusive";
    QTest::addRow("replace -f it (PUT)") << QStringList{ "replace", "-f", invalid } << port0;
    QTest::addRow("patch a targetPort to 70000 (strategic)")
            << QStringList{ "patch", "service", "backend", "-p",
                            R"({"spec":{"ports":[{"port":80,"targetPort":70000}]}})" }
            << target70000;
    QTest::addRow("patch the ports to port 0 (merge)")
            << QStringList{ "patch",        "service", "backend",
                            "--type=merge", "-p",      R"({"spec":{"ports":[{"port":0}]}})" }
            << port0;
    QTest::addRow("patch a port to 70000 (json)") << QStringList{
        "patch",       "service", "backend",
        "--type=json", "-p",      R"([{"op":"replace","path":"/spec/ports/0/port","value":70000}])"
    } << "spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive";
}

void TestKubectlDryRun::invalidWritesFailAlikeWithAndWithoutDryRun()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Run dry = m_lab->run(arguments + QStringList{ "--dry-run=server" });
    const Run real = m_lab->run(arguments);
    QVERIFY2(real.exitCode != 0 && real.err.contains(message), qPrintable(why(real)));
    QVERIFY2(real.err.contains("The Service \"backend\" is invalid"), qPrintable(why(real)));
    QCOMPARE(dry.exitCode, real.exitCode);
    QCOMPARE(dry.err, real.err);
    QCOMPARE(dry.out, real.out);
    QCOMPARE(jsonpath("service/backend", ".spec.ports[*].port"), QString("80"));
}

void TestKubectlDryRun::validDryRunsChangeNothing_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("printed");
    QTest::addRow("scale the Deployment to 5")
            << QStringList{ "scale", "deployment", "backend", "--replicas=5" }
            << "deployment.apps/backend scaled (server dry run)\n";
    QTest::addRow("patch the Service's targetPort")
            << QStringList{ "patch", "service", "backend", "-p",
                            R"({"spec":{"ports":[{"port":80,"targetPort":8080}]}})" }
            << "service/backend patched\n"; // kubectl 1.32 prints no dry-run mark here
    QTest::addRow("label the Service") << QStringList{ "label", "service", "backend", "tier=api" }
                                       << "service/backend labeled (server dry run)\n";
    QTest::addRow("apply --server-side a second Service")
            << QStringList{ "apply", "--server-side", "-f", kData + "frontend-service.yaml" }
            << "service/frontend serverside-applied (server dry run)\n";
    QTest::addRow("delete the Service") << QStringList{ "delete", "service", "backend" }
                                        << "service \"backend\" deleted (server dry run)\n";
    QTest::addRow("delete the Deployment's Pods")
            << QStringList{ "delete", "pods", "-l", "app=backend" } << "(server dry run)\n";
}

void TestKubectlDryRun::validDryRunsChangeNothing()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, printed);
    const QString pods = jsonpath("pods", ".items[*].metadata.name");
    const Run dry = m_lab->run(arguments + QStringList{ "--dry-run=server" });
    QVERIFY2(dry.exitCode == 0 && dry.out.endsWith(printed), qPrintable(why(dry)));
    QCOMPARE(jsonpath("deployment/backend", ".spec.replicas"), QString("3"));
    QCOMPARE(jsonpath("service/backend", ".spec.ports[0].targetPort"), QString("80"));
    QCOMPARE(jsonpath("service/backend", ".metadata.labels.tier"), QString());
    QVERIFY(jsonpath("services", ".items[*].metadata.name").split(' ').contains("backend"));
    QVERIFY(!jsonpath("services", ".items[*].metadata.name").split(' ').contains("frontend"));
    QCOMPARE(jsonpath("pods", ".items[*].metadata.name"), pods);
}

QTEST_MAIN(TestKubectlDryRun)
#include "tst_kubectl_dry_run.moc"
