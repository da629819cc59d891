// `kubectl auth can-i` and `kubectl auth whoami` against a real `clusterlab --headless`, with
// the oldest and newest clients (kubectl 1.33 sends the reviews as protobuf, 1.27 asks for
// authentication.k8s.io/v1beta1): the kubeconfig's user is a cluster admin; another user
// (--as) has only what a fresh cluster's bootstrap policy gives everyone signed in.
#include "kubectl_lab.h"

#include <QtTest>

using namespace kubectl_test;

class TestKubectlAuth : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void canIAndWhoami_data();
    void canIAndWhoami();
};

void TestKubectlAuth::initTestCase()
{
    requireKubectl();
}

void TestKubectlAuth::canIAndWhoami_data()
{
    QTest::addColumn<QString>("client");
    addKubectlRows();
}

void TestKubectlAuth::canIAndWhoami()
{
    QFETCH(QString, client);
    Lab lab(client);
    QVERIFY2(lab.ready(), qPrintable(lab.startupOutput()));
    const Run create = lab.run({ "auth", "can-i", "create", "deployments" });
    QVERIFY2(create.exitCode == 0 && create.out == "yes\n", qPrintable(why(create)));
    const Run anywhere = lab.run({ "auth", "can-i", "delete", "pods", "--all-namespaces" });
    QVERIFY2(anywhere.out == "yes\n", qPrintable(why(anywhere)));

    const Run list = lab.run({ "auth", "can-i", "--list" });
    QVERIFY2(list.exitCode == 0
                     && list.out.contains(QRegularExpression(
                             "^Resources\\s+Non-Resource URLs\\s+Resource Names\\s+Verbs\n"
                             "\\*\\.\\*\\s+\\[\\]\\s+\\[\\]\\s+\\[\\*\\]\n"
                             "\\s+\\[\\*\\]\\s+\\[\\]\\s+\\[\\*\\]\n")),
             qPrintable(why(list)));
    QCOMPARE(countMatches(list.out,
                          "^selfsubjectaccessreviews\\.authorization\\.k8s\\.io\\s+"
                          "\\[\\]\\s+\\[\\]\\s+\\[create\\]$"),
             1);
    QCOMPARE(countMatches(list.out, "^\\s+\\[/healthz\\]\\s+\\[\\]\\s+\\[get\\]$"), 2);

    const Run whoami = lab.run({ "auth", "whoami" });
    QVERIFY2(whoami.out
                     == "ATTRIBUTE   VALUE\nUsername    clusterlab\n"
                        "Groups      [system:masters system:authenticated]\n",
             qPrintable(why(whoami)));

    // Someone else has no binding but the bootstrap ones.
    const Run bob = lab.run({ "auth", "can-i", "create", "deployments", "--as=bob" });
    QVERIFY2(bob.exitCode == 1 && bob.out == "no\n", qPrintable(why(bob)));
    const Run health = lab.run({ "auth", "can-i", "get", "/healthz", "--as=bob" });
    QVERIFY2(health.out == "yes\n", qPrintable(why(health)));
    const Run bobList = lab.run({ "auth", "can-i", "--list", "--as=bob" });
    QVERIFY2(bobList.exitCode == 0 && !bobList.out.contains("*.*")
                     && bobList.out.contains("selfsubjectrulesreviews.authorization.k8s.io"),
             qPrintable(why(bobList)));
    const Run admin = lab.run(
            { "auth", "can-i", "create", "deployments", "--as=bob", "--as-group=system:masters" });
    QVERIFY2(admin.out == "yes\n", qPrintable(why(admin)));
    const Run sa = lab.run({ "auth", "whoami", "--as=system:serviceaccount:default:default" });
    QVERIFY2(sa.out.contains("Groups      [system:serviceaccounts system:serviceaccounts:default "
                             "system:authenticated]\n"),
             qPrintable(why(sa)));

    // The reviews are answered, never stored.
    const Run get = lab.run({ "get", "selfsubjectaccessreviews" });
    QVERIFY2(get.exitCode == 1 && get.err.startsWith("Error from server (MethodNotAllowed): "),
             qPrintable(why(get)));
}

QTEST_GUILESS_MAIN(TestKubectlAuth)
#include "tst_kubectl_auth.moc"
