// ConfigMaps, Secrets and ServiceAccounts with the real kubectl against `clusterlab --headless`,
// oldest and newest client: kubectl 1.33 sends `create configmap|secret|serviceaccount` as
// protobuf, 1.27 as JSON, and both must store the same bytes. Every namespace has the
// ServiceAccount "default" and the ConfigMap kube-root-ca.crt (also one created later, and again
// after a delete), and Pods name the ServiceAccount "default".
#include "kubectl_lab.h"

#include <QtTest>

using namespace kubectl_test;

class TestKubectlConfigKinds : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void createsConfigurationKinds_data();
    void createsConfigurationKinds();
    void everyNamespaceHasItsDefaults_data();
    void everyNamespaceHasItsDefaults();
};

void TestKubectlConfigKinds::initTestCase()
{
    requireKubectl();
}

void TestKubectlConfigKinds::createsConfigurationKinds_data()
{
    QTest::addColumn<QString>("client");
    addKubectlRows();
}

void TestKubectlConfigKinds::createsConfigurationKinds()
{
    QFETCH(QString, client);
    Lab lab(client);
    QVERIFY2(lab.ready(), qPrintable(lab.startupOutput()));
    const QString binary = lab.dir() + "/bin.dat";
    const QString text = lab.dir() + "/text.txt";
    {
        QFile b(binary);
        QVERIFY(b.open(QIODevice::WriteOnly));
        b.write(QByteArray("\x00\x01\x02\xff\xfe\x80"
                           "binary",
                           12));
        QFile t(text);
        QVERIFY(t.open(QIODevice::WriteOnly));
        t.write("hello\nworld\n");
    }
    const auto expect = [&](const QStringList &args, const QString &out) {
        const Run r = lab.run(args);
        QVERIFY2(r.exitCode == 0 && r.out == out, qPrintable(why(r)));
    };
    expect({ "create", "secret", "generic", "s", "--from-literal=a=b" }, "secret/s created\n");
    expect({ "get", "secret", "s", "-o", "jsonpath={.type} {.data.a}" }, "Opaque Yg==");
    expect({ "create", "secret", "generic", "bin", "--from-file=" + binary },
           "secret/bin created\n");
    expect({ "get", "secret", "bin", "-o", "jsonpath={.data.bin\\.dat}" }, "AAEC//6AYmluYXJ5");
    expect({ "create", "secret", "docker-registry", "reg", "--docker-server=registry.example.com",
             "--docker-username=student", "--docker-password=s3cret" },
           "secret/reg created\n");
    expect({ "get", "secret", "reg", "-o", "jsonpath={.type}" }, "kubernetes.io/dockerconfigjson");

    expect({ "create", "configmap", "c", "--from-literal=a=b" }, "configmap/c created\n");
    expect({ "get", "configmap", "c", "-o", "jsonpath={.data.a}" }, "b");
    expect({ "create", "configmap", "files", "--from-file=" + text, "--from-file=" + binary },
           "configmap/files created\n");
    expect({ "get", "configmap", "files", "-o",
             "jsonpath={.data.text\\.txt}|{.binaryData.bin\\.dat}" },
           "hello\nworld\n|AAEC//6AYmluYXJ5");

    expect({ "create", "serviceaccount", "sa" }, "serviceaccount/sa created\n");
    const Run list = lab.run({ "get", "serviceaccounts", "-o", "name" });
    QVERIFY2(list.out == "serviceaccount/default\nserviceaccount/sa\n", qPrintable(why(list)));
    const Run again = lab.run({ "create", "serviceaccount", "sa" });
    QVERIFY2(again.exitCode == 1
                     && again.err
                             == "error: failed to create serviceaccount: serviceaccounts \"sa\" "
                                "already exists\n",
             qPrintable(why(again)));
}

void TestKubectlConfigKinds::everyNamespaceHasItsDefaults_data()
{
    QTest::addColumn<QString>("client");
    addKubectlRows();
}

void TestKubectlConfigKinds::everyNamespaceHasItsDefaults()
{
    QFETCH(QString, client);
    Lab lab(client);
    QVERIFY2(lab.ready(), qPrintable(lab.startupOutput()));
    const Run sa = lab.run({ "get", "sa", "default" });
    QVERIFY2(sa.exitCode == 0
                     && sa.out.contains(QRegularExpression("^NAME\\s+SECRETS\\s+AGE\n"
                                                           "default\\s+0\\s+\\S+\n$")),
             qPrintable(why(sa)));
    const Run all = lab.run({ "get", "sa", "-A", "-o", "name" });
    QCOMPARE(countMatches(all.out, "^serviceaccount/default$"), 4);
    const Run patch =
            lab.run({ "patch", "sa", "default", "-p", R"({"imagePullSecrets":[{"name":"reg"}]})" });
    QVERIFY2(patch.exitCode == 0 && patch.out == "serviceaccount/default patched\n",
             qPrintable(why(patch)));
    const Run patched =
            lab.run({ "get", "sa", "default", "-o", "jsonpath={.imagePullSecrets[0].name}" });
    QCOMPARE(patched.out, QString("reg"));

    const Run ca =
            lab.run({ "get", "configmap", "kube-root-ca.crt", "-o", "jsonpath={.data.ca\\.crt}" });
    QVERIFY2(ca.exitCode == 0 && ca.out.startsWith("# No certificate: ClusterLab serves"),
             qPrintable(why(ca)));

    // A namespace created later gets both; deleted ones come back.
    QCOMPARE(lab.run({ "create", "namespace", "later" }).exitCode, 0);
    const Run later =
            lab.waitFor({ "get", "sa,cm", "-n", "later", "-o", "name" }, [](const QString &out) {
                return out
                        == "serviceaccount/default\n"
                           "configmap/kube-root-ca.crt\n";
            });
    QVERIFY2(later.out == "serviceaccount/default\nconfigmap/kube-root-ca.crt\n",
             qPrintable(why(later)));
    const Run deleted = lab.run({ "delete", "sa", "default", "-n", "later" });
    QVERIFY2(deleted.out == "serviceaccount \"default\" deleted\n", qPrintable(why(deleted)));
    const Run back = lab.waitFor({ "get", "sa", "default", "-n", "later", "-o", "name" },
                                 [](const QString &out) {
                                     return !out.isEmpty();
                                 });
    QCOMPARE(back.out, QString("serviceaccount/default\n"));

    // Pods run as the ServiceAccount "default"; the Deployment's template names none.
    QCOMPARE(lab.run({ "run", "web", "--image=nginx" }).exitCode, 0);
    const Run pod = lab.run({ "get", "pod", "web", "-o",
                              "jsonpath={.spec.serviceAccountName}/{.spec.serviceAccount}" });
    QCOMPARE(pod.out, QString("default/default"));
    const Run tmpl = lab.run({ "get", "deployment", "backend", "-o",
                               "jsonpath={.spec.template.spec.serviceAccountName}" });
    QVERIFY2(tmpl.exitCode == 0 && tmpl.out.isEmpty(), qPrintable(why(tmpl)));
}

QTEST_GUILESS_MAIN(TestKubectlConfigKinds)
#include "tst_kubectl_config_kinds.moc"
