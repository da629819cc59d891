// `kubectl rollout` against a real `clusterlab --headless`, as the Kubernetes basics tutorial
// and the kubectl cheat sheet use it: history (and --revision), undo (to the previous
// revision and --to-revision), status, restart, pause and resume. The Pods really change: after
// an undo they run the old template again, in the old ReplicaSet.
#include "kubectl_lab.h"

#include <QtTest>

using namespace kubectl_test;

namespace {

/// kPods lists each Pod as "name image phase" (terminating ones too).
const QString kPods =
        QStringLiteral("jsonpath={range .items[*]}{.metadata.name} {.spec.containers[0].image} "
                       "{.status.phase}{\"\\n\"}{end}");

/// onlyImage says whether out (kPods) lists exactly three Pods, all Running image, each named
/// after prefix (a ReplicaSet's name) when one is given.
bool onlyImage(const QString &out, const QString &image, const QString &prefix = {})
{
    const QStringList lines = out.split('\n', Qt::SkipEmptyParts);
    if (lines.size() != 3)
        return false;
    return std::all_of(lines.begin(), lines.end(), [&](const QString &line) {
        const QStringList f = line.split(' ');
        return f.size() == 3 && f[1] == image && f[2] == "Running"
                && (prefix.isEmpty() || f[0].startsWith(prefix + "-"));
    });
}

/// revisionRows are the REVISION and CHANGE-CAUSE rows of `rollout history`.
QStringList revisionRows(const QString &out)
{
    QStringList rows;
    for (const QString &line : out.split('\n', Qt::SkipEmptyParts))
        if (line.front().isDigit())
            rows << line.simplified();
    return rows;
}

QString replicaSetOf(const Lab &lab, const QString &image)
{
    const Run rs = lab.run(
            { "get", "rs", "-o",
              "jsonpath={range .items[*]}{.metadata.name} {.spec.template.spec.containers[0]"
              ".image}{\"\\n\"}{end}" });
    for (const QString &line : rs.out.split('\n', Qt::SkipEmptyParts))
        if (line.section(' ', 1) == image)
            return line.section(' ', 0, 0);
    return {};
}

} // namespace

class TestKubectlRollout : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void historyAndUndo_data();
    void historyAndUndo();
    void restartReplacesEveryPod();
    void pauseHoldsTheRolloutUntilResume();
};

void TestKubectlRollout::initTestCase()
{
    requireKubectl();
}

void TestKubectlRollout::historyAndUndo_data()
{
    QTest::addColumn<QString>("client");
    addKubectlRows();
}

void TestKubectlRollout::historyAndUndo()
{
    QFETCH(QString, client);
    Lab lab(client);
    QVERIFY2(lab.ready(), qPrintable(lab.startupOutput()));
    const Run first = lab.waitFor({ "get", "pods", "-o", kPods }, [](const QString &out) {
        return onlyImage(out, "nginx:1.25");
    });
    QVERIFY2(onlyImage(first.out, "nginx:1.25"), qPrintable(why(first)));
    const QString original = replicaSetOf(lab, "nginx:1.25");
    QVERIFY(!original.isEmpty());

    const Run set = lab.run({ "set", "image", "deployment/backend", "web=nginx:1.26" });
    QVERIFY2(set.out == "deployment.apps/backend image updated\n", qPrintable(why(set)));
    const Run status = lab.run({ "rollout", "status", "deployment/backend", "--timeout=60s" });
    QVERIFY2(status.exitCode == 0
                     && status.out.endsWith("deployment \"backend\" successfully rolled out\n"),
             qPrintable(why(status)));
    const Run annotated =
            lab.run({ "annotate", "deployment/backend", "kubernetes.io/change-cause=image 1.26" });
    QVERIFY2(annotated.exitCode == 0, qPrintable(why(annotated)));
    const Run updated = lab.waitFor({ "get", "pods", "-o", kPods }, [](const QString &out) {
        return onlyImage(out, "nginx:1.26");
    });
    QVERIFY2(onlyImage(updated.out, "nginx:1.26"), qPrintable(why(updated)));

    const Run history =
            lab.waitFor({ "rollout", "history", "deployment/backend" }, [](const QString &out) {
                return revisionRows(out).size() == 2 && revisionRows(out)[1] == "2 image 1.26";
            });
    QVERIFY2(history.out.startsWith("deployment.apps/backend \nREVISION  CHANGE-CAUSE\n"),
             qPrintable(why(history)));
    QCOMPARE(revisionRows(history.out), (QStringList{ "1 <none>", "2 image 1.26" }));
    const Run one = lab.run({ "rollout", "history", "deployment/backend", "--revision=1" });
    QVERIFY2(one.out.startsWith("deployment.apps/backend with revision #1\nPod Template:\n")
                     && one.out.contains(QRegularExpression("Image:\\s+nginx:1\\.25\n")),
             qPrintable(why(one)));

    // Undo: back to revision 1's template, in its own ReplicaSet, which becomes revision 3.
    const Run undo = lab.run({ "rollout", "undo", "deployment/backend" });
    QVERIFY2(undo.out == "deployment.apps/backend rolled back\n", qPrintable(why(undo)));
    const Run back = lab.waitFor({ "get", "pods", "-o", kPods }, [&](const QString &out) {
        return onlyImage(out, "nginx:1.25", original);
    });
    QVERIFY2(onlyImage(back.out, "nginx:1.25", original), qPrintable(why(back)));
    QCOMPARE(revisionRows(lab.run({ "rollout", "history", "deployment/backend" }).out),
             (QStringList{ "2 image 1.26", "3 <none>" }));
    QCOMPARE(lab.run({ "get", "deployment", "backend", "-o",
                       "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}" })
                     .out,
             QString("3"));

    const Run toTwo = lab.run({ "rollout", "undo", "deployment/backend", "--to-revision=2" });
    QVERIFY2(toTwo.out == "deployment.apps/backend rolled back\n", qPrintable(why(toTwo)));
    const Run again = lab.waitFor({ "get", "pods", "-o", kPods }, [](const QString &out) {
        return onlyImage(out, "nginx:1.26");
    });
    QVERIFY2(onlyImage(again.out, "nginx:1.26"), qPrintable(why(again)));
    QCOMPARE(revisionRows(lab.run({ "rollout", "history", "deployment/backend" }).out),
             (QStringList{ "3 <none>", "4 image 1.26" }));

    const Run missing = lab.run({ "rollout", "undo", "deployment/backend", "--to-revision=9" });
    QCOMPARE(missing.exitCode, 1);
    QCOMPARE(missing.err, QString("error: unable to find specified revision 9 in history\n"));
}

void TestKubectlRollout::restartReplacesEveryPod()
{
    Lab lab;
    QVERIFY2(lab.ready(), qPrintable(lab.startupOutput()));
    const Run before = lab.waitFor({ "get", "pods", "-o", kPods }, [](const QString &out) {
        return onlyImage(out, "nginx:1.25");
    });
    QVERIFY2(onlyImage(before.out, "nginx:1.25"), qPrintable(why(before)));
    const QString original = replicaSetOf(lab, "nginx:1.25");
    const Run restarted = lab.run({ "rollout", "restart", "deployment/backend" });
    QVERIFY2(restarted.out == "deployment.apps/backend restarted\n", qPrintable(why(restarted)));
    const Run status = lab.run({ "rollout", "status", "deployment/backend", "--timeout=60s" });
    QVERIFY2(status.out.endsWith("deployment \"backend\" successfully rolled out\n"),
             qPrintable(why(status)));
    // Same image, new ReplicaSet (the template carries restartedAt): every Pod is new.
    const Run after = lab.waitFor({ "get", "pods", "-o", kPods }, [&](const QString &out) {
        return onlyImage(out, "nginx:1.25") && !out.contains(original + "-");
    });
    QVERIFY2(onlyImage(after.out, "nginx:1.25") && !after.out.contains(original + "-"),
             qPrintable(why(after)));
    const Run restartedAt =
            lab.run({ "get", "deployment", "backend", "-o",
                      "jsonpath={.spec.template.metadata.annotations.kubectl\\.kubernetes\\.io/"
                      "restartedAt}" });
    QVERIFY2(restartedAt.out.contains(QRegularExpression("^\\d{4}-\\d\\d-\\d\\dT")),
             qPrintable(why(restartedAt)));
    QCOMPARE(revisionRows(lab.run({ "rollout", "history", "deployment/backend" }).out),
             (QStringList{ "1 <none>", "2 <none>" }));
}

void TestKubectlRollout::pauseHoldsTheRolloutUntilResume()
{
    Lab lab;
    QVERIFY2(lab.ready(), qPrintable(lab.startupOutput()));
    // A second revision first: kubectl looks for the revision to go back to before it looks
    // at spec.paused.
    const Run first = lab.run({ "set", "image", "deployment/backend", "web=nginx:1.26" });
    QVERIFY2(first.exitCode == 0, qPrintable(why(first)));
    const Run status = lab.run({ "rollout", "status", "deployment/backend", "--timeout=60s" });
    QVERIFY2(status.out.endsWith("deployment \"backend\" successfully rolled out\n"),
             qPrintable(why(status)));
    const Run before = lab.waitFor({ "get", "pods", "-o", kPods }, [](const QString &out) {
        return onlyImage(out, "nginx:1.26");
    });
    QVERIFY2(onlyImage(before.out, "nginx:1.26"), qPrintable(why(before)));
    const Run paused = lab.run({ "rollout", "pause", "deployment/backend" });
    QVERIFY2(paused.out == "deployment.apps/backend paused\n", qPrintable(why(paused)));
    const Run set = lab.run({ "set", "image", "deployment/backend", "web=nginx:1.27" });
    QVERIFY2(set.out == "deployment.apps/backend image updated\n", qPrintable(why(set)));
    const Run undo = lab.run({ "rollout", "undo", "deployment/backend" });
    QCOMPARE(undo.exitCode, 1);
    QCOMPARE(undo.err,
             QString("error: you cannot rollback a paused deployment; resume it first "
                     "with 'kubectl rollout resume' and try again\n"));
    QTest::qWait(1500); // a rollout would have started by now
    const Run held = lab.run({ "get", "pods", "-o", kPods });
    QVERIFY2(onlyImage(held.out, "nginx:1.26"), qPrintable(why(held)));
    QCOMPARE(lab.run({ "get", "rs", "-o", "name" }).out.count('\n'), 2);

    const Run resumed = lab.run({ "rollout", "resume", "deployment/backend" });
    QVERIFY2(resumed.out == "deployment.apps/backend resumed\n", qPrintable(why(resumed)));
    const Run rolled = lab.waitFor({ "get", "pods", "-o", kPods }, [](const QString &out) {
        return onlyImage(out, "nginx:1.27");
    });
    QVERIFY2(onlyImage(rolled.out, "nginx:1.27"), qPrintable(why(rolled)));
    QCOMPARE(revisionRows(lab.run({ "rollout", "history", "deployment/backend" }).out),
             (QStringList{ "1 <none>", "2 <none>", "3 <none>" }));
}

QTEST_GUILESS_MAIN(TestKubectlRollout)
#include "tst_kubectl_rollout.moc"
