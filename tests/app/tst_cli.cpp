// The `clusterlab` command line, run as a user runs it: a real process, real output.
#include "process_run.h"

#include <QProcess>
#include <QRegularExpression>
#include <QtTest>

class TestCli : public QObject
{
    Q_OBJECT

private slots:
    void versionAndHelp();
    void headlessDemoPrintsServicesAndRunningPods();
    void sameSeedGivesTheSameCluster();
    void invalidManifestPrintsEveryProblemAndExitsNonZero();
    void headlessStopsCleanlyOnSigterm();
    void lessonOptions();

private:
    using Run = process_test::ProcessRun;
    static Run run(const QStringList &arguments, int timeoutMs = 60000);
};

TestCli::Run TestCli::run(const QStringList &arguments, int timeoutMs)
{
    return process_test::runProcess(QStringLiteral(CLUSTERLAB_BINARY), arguments, timeoutMs);
}

void TestCli::versionAndHelp()
{
    const Run version = run({ "--version" });
    QCOMPARE(version.exitCode, 0);
    QVERIFY2(QRegularExpression("^clusterlab \\d+\\.\\d+\\.\\d+\\n$").match(version.out).hasMatch(),
             qPrintable(version.out));
    const Run help = run({ "--help" });
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains("--headless"));
    QVERIFY(help.out.contains("--once"));
    const Run wrong = run({ "--no-such-option" });
    QCOMPARE(wrong.exitCode, 2);
    QVERIFY(wrong.err.contains("unknown option --no-such-option"));
}

void TestCli::headlessDemoPrintsServicesAndRunningPods()
{
    const Run r = run({ "--headless", "--once" });
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    for (const char *svc : { "frontend", "backend", "redis", "mysql" }) {
        const QRegularExpression row(QStringLiteral("^service/"
                                                    "%1\\s+ClusterIP\\s+127\\.(9[6-9]|10[0-9]|11["
                                                    "01])\\.\\d+\\.\\d+\\s+<none>\\s+\\d+/TCP")
                                             .arg(QLatin1String(svc)),
                                     QRegularExpression::MultilineOption);
        QVERIFY2(row.match(r.out).hasMatch(),
                 qPrintable(QString("no row for %1 in\n%2").arg(svc, r.out)));
    }
    const QRegularExpression podRow(
            "^pod/(\\S+)\\s+\\d/"
            "\\d\\s+Running\\s+0\\s+\\S+\\s+127\\.244\\.(\\d+)\\.\\d+\\s+node-(\\d+)",
            QRegularExpression::MultilineOption);
    QSet<QString> nodes;
    int pods = 0;
    for (auto it = podRow.globalMatch(r.out); it.hasNext();) {
        const auto m = it.next();
        ++pods;
        QCOMPARE(m.captured(2), m.captured(3)); // a Pod's IP comes from its node's /24
        nodes.insert(m.captured(3));
    }
    QCOMPARE(pods, 8);
    QVERIFY2(nodes.size() == 3, "the scheduler spreads the eight Pods over all three nodes");
}

void TestCli::sameSeedGivesTheSameCluster()
{
    auto addresses = [](const QString &out) {
        QStringList rows;
        for (const QString &line : out.split('\n'))
            if (line.startsWith("service/") || line.startsWith("pod/"))
                rows << line.section(' ', 0, 0) + " "
                                + line.section(QRegularExpression("\\s+"), 2, 2)
                                + line.section(QRegularExpression("\\s+"), 5, 6);
        return rows;
    };
    const Run a = run({ "--headless", "--once", "--seed", "7" });
    const Run b = run({ "--headless", "--once", "--seed", "7" });
    QCOMPARE(a.exitCode, 0);
    QCOMPARE(addresses(a.out), addresses(b.out));
    const Run c = run({ "--headless", "--once", "--seed", "8" });
    QVERIFY(addresses(a.out) != addresses(c.out));
}

void TestCli::invalidManifestPrintsEveryProblemAndExitsNonZero()
{
    const QString file =
            QStringLiteral(CLUSTERLAB_SOURCE_DIR "/tests/data/cli/invalid-service.yaml");
    const Run r = run({ "--headless", "--once", file });
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(file
                            + ":16:9: metadata.name: Invalid value: \"web_svc\": a DNS-1035 label"),
             qPrintable(r.err));
    QVERIFY2(r.err.contains(file
                            + ":20:11: spec.ports[0].port: Invalid value: 0: must be between 1 "
                              "and 65535, inclusive"),
             qPrintable(r.err));
    QVERIFY2(!r.out.contains("created"), "nothing is applied when one object is invalid");
}

void TestCli::headlessStopsCleanlyOnSigterm()
{
    QProcess process;
    process.start(QStringLiteral(CLUSTERLAB_BINARY), { "--headless" });
    QVERIFY(process.waitForStarted());
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT(
            (out += process.readAllStandardOutput()).contains("Press Ctrl+C to stop"), 30000);
    process.terminate();
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 0);
    QVERIFY(process.readAllStandardError().contains("stopped cleanly"));
}

void TestCli::lessonOptions()
{
    // A broken lesson file never opens: its problem at line:column, status 1.
    const QString file = QStringLiteral(CLUSTERLAB_SOURCE_DIR "/tests/data/cli/broken-lesson.yaml");
    const Run broken = run({ "--lesson", file, "--screenshot", "/dev/null" });
    QCOMPARE(broken.exitCode, 1);
    QVERIFY2(broken.err.contains(file + ":16:5: unknown action \"aply\""), qPrintable(broken.err));
    const Run unknown = run({ "--lesson", "no-such-lesson", "--screenshot", "/dev/null" });
    QCOMPARE(unknown.exitCode, 1);
    QVERIFY2(unknown.err.contains("built in: services-clusterip"), qPrintable(unknown.err));
    const Run tooFar =
            run({ "--lesson", "services-clusterip", "--step", "11", "--screenshot", "/dev/null" });
    QCOMPARE(tooFar.exitCode, 1);
    QVERIFY2(tooFar.err.contains("has 10 steps, not 11"), qPrintable(tooFar.err));
    const Run alone = run({ "--step", "3" });
    QCOMPARE(alone.exitCode, 2);
    QVERIFY2(alone.err.contains("--step and --presentation go with --lesson"),
             qPrintable(alone.err));
    QVERIFY(run({ "--help" }).out.contains("--lesson NAME|FILE"));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
