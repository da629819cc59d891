// The real kubectl writing to a real `clusterlab --headless`, as a student would in the
// lecture: apply (client- and server-side), scale, delete, label and edit change the cluster,
// and invalid objects get the API server's messages.
#include "kubectl_lab.h"

#include <QtTest>

#include <algorithm>

using namespace kubectl_test;

class TestKubectlWrite : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void applyCreatesLeavesAndConfigures();
    void applyServerSide();
    void scaleToFiveRunningPods();
    void deletedPodIsReplacedWithANewIp();
    void labelAndEdit();
    void deleteFromFile();
    void invalidObjectsGetTheApiServersMessages();
};

void TestKubectlWrite::initTestCase()
{
    requireKubectl();
}

void TestKubectlWrite::applyCreatesLeavesAndConfigures()
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

void TestKubectlWrite::applyServerSide()
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

void TestKubectlWrite::scaleToFiveRunningPods()
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

void TestKubectlWrite::deletedPodIsReplacedWithANewIp()
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

void TestKubectlWrite::labelAndEdit()
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

void TestKubectlWrite::deleteFromFile()
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

void TestKubectlWrite::invalidObjectsGetTheApiServersMessages()
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

QTEST_GUILESS_MAIN(TestKubectlWrite)
#include "tst_kubectl_write.moc"
