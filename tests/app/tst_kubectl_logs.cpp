// The real kubectl (1.27 and 1.33) reading the logs of a real `clusterlab --headless`:
// `kubectl logs` of each backend Pod shows exactly the curl requests that Pod answered, in
// nginx's access-log format, after the image's start-up lines; --tail, --since, --timestamps,
// -c, --previous, -l --prefix, --all-containers and -f behave as on a real cluster; Redis and
// MySQL Pods log their commands; a follow stream ends when its Pod goes.
#include "kubectl_lab.h"

#include <QtTest>

#include <map>

using namespace kubectl_test;
using process_test::ProcessRun;
using process_test::runProcess;

namespace {

const QString kAccess =
        QStringLiteral("^127\\.\\d+\\.\\d+\\.\\d+ - - \\[\\d\\d/\\w{3}/\\d{4}:\\d\\d:\\d\\d:\\d\\d "
                       "\\+0000\\] \"GET (/logs-test-\\d+) HTTP/1\\.1\" 200 \\d+ \"-\" "
                       "\"curl/[^\"]+\" \"-\"$");

/// requestPaths lists the access-log paths in text, in order; prefix: lines start with it.
QStringList requestPaths(const QString &text, const QString &prefix = {})
{
    QStringList paths;
    const QRegularExpression re(QRegularExpression::escape(prefix) + kAccess.mid(1));
    for (const QString &line : text.split('\n'))
        if (const auto m = re.match(line); m.hasMatch() && line.startsWith(prefix))
            paths << m.captured(1);
    return paths;
}

/// Backend is a Lab with the backend Service on port 8080 and no simulated users, once its
/// three Pods run.
struct Backend
{
    explicit Backend(const QString &kubectl)
        : lab(kubectl, { "--users-rate", "0", kData + "logs-service.yaml" })
    {
        if (!lab.ready())
            return;
        const Run pods = lab.waitFor({ "get", "pods", "-o", "wide" }, [](const QString &out) {
            return countMatches(out, kPodRow) == 3;
        });
        for (auto it = QRegularExpression(kPodRow, QRegularExpression::MultilineOption)
                               .globalMatch(pods.out);
             it.hasNext();) {
            const auto m = it.next();
            podIPs[m.captured(1)] = m.captured(2);
        }
        service = lab.run({ "get", "svc", "backend", "-o", "jsonpath={.spec.clusterIP}" }).out
                + ":8080";
    }

    Lab lab;
    std::map<QString, QString> podIPs; ///< name -> Pod IP
    QString service; ///< "ClusterIP:8080"
};

} // namespace

class TestKubectlLogs : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void eachPodLogsTheRequestsItAnswered_data();
    void eachPodLogsTheRequestsItAnswered();
    void followStreamsNewLines_data();
    void followStreamsNewLines();
    void storesLogCommandsAndAFollowEndsWithItsPod();
};

void TestKubectlLogs::initTestCase()
{
    requireKubectl();
}

void TestKubectlLogs::eachPodLogsTheRequestsItAnswered_data()
{
    QTest::addColumn<QString>("kubectl");
    addKubectlRows();
}

void TestKubectlLogs::eachPodLogsTheRequestsItAnswered()
{
    QFETCH(QString, kubectl);
    Backend b(kubectl);
    QVERIFY2(b.lab.ready(), qPrintable(b.lab.startupOutput()));
    QCOMPARE(b.podIPs.size(), std::size_t(3));
    std::map<QString, QStringList> answered;
    for (int i = 1; i <= 12; ++i) {
        const QString path = QStringLiteral("/logs-test-%1").arg(i);
        const QString pod = curlPod(b.service, path);
        QVERIFY2(b.podIPs.count(pod), qPrintable(pod));
        answered[pod] << path;
    }
    QString busiest;
    for (const auto &[pod, ip] : b.podIPs) {
        const Run logs = b.lab.run({ "logs", pod });
        QVERIFY2(logs.exitCode == 0, qPrintable(why(logs)));
        QVERIFY2(logs.out.startsWith("/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty"),
                 qPrintable(logs.out));
        QVERIFY(logs.out.contains("/docker-entrypoint.sh: Configuration complete; ready for start "
                                  "up\n"));
        QCOMPARE(requestPaths(logs.out), answered[pod]); // exactly its requests, in order
        if (busiest.isEmpty() || answered[pod].size() > answered[busiest].size())
            busiest = pod;
    }
    const QStringList full = b.lab.run({ "logs", busiest }).out.split('\n', Qt::SkipEmptyParts);

    const Run tail = b.lab.run({ "logs", busiest, "--tail=2" });
    QCOMPARE(tail.out, full.mid(full.size() - 2).join('\n') + '\n');
    const Run stamped = b.lab.run({ "logs", busiest, "--tail=1", "--timestamps" });
    QVERIFY2(QRegularExpression("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z "
                                + QRegularExpression::escape(full.last()) + "\\n$")
                     .match(stamped.out)
                     .hasMatch(),
             qPrintable(why(stamped)));
    const Run named = b.lab.run({ "logs", busiest, "-c", "web" });
    QCOMPARE(named.out.split('\n', Qt::SkipEmptyParts), full);
    const Run wrong = b.lab.run({ "logs", busiest, "-c", "wrong" });
    QVERIFY2(wrong.exitCode != 0
                     && wrong.err.contains("container wrong is not valid for pod " + busiest),
             qPrintable(why(wrong)));
    const Run previous = b.lab.run({ "logs", busiest, "--previous" });
    QCOMPARE(previous.err,
             "Error from server (BadRequest): previous terminated container \"web\" "
             "in pod \""
                     + busiest + "\" not found\n");
    QVERIFY(previous.exitCode != 0);

    // --since: only what was written in the last 2 seconds, here one new request.
    QTest::qWait(3000);
    QCOMPARE(curlPod(b.podIPs[busiest], "/logs-test-13"), busiest);
    answered[busiest] << "/logs-test-13";
    const Run since = b.lab.run({ "logs", busiest, "--since=2s" });
    QCOMPARE(requestPaths(since.out), QStringList{ "/logs-test-13" });
    QVERIFY2(since.out.count('\n') == 1, qPrintable(since.out));

    // -l --prefix: one request per Pod (kubectl's own), each line under the Pod that answered.
    for (const QStringList &extra : { QStringList{}, QStringList{ "--all-containers=true" } }) {
        const Run all = b.lab.run(QStringList{ "logs", "-l", "app=backend", "--prefix" } + extra);
        QVERIFY2(all.exitCode == 0, qPrintable(why(all)));
        int lines = 0;
        for (const auto &[pod, paths] : answered) {
            QCOMPARE(requestPaths(all.out, "[pod/" + pod + "/web] "), paths);
            lines += int(paths.size());
        }
        QString unprefixed = all.out;
        unprefixed.remove(
                QRegularExpression("^\\[pod/\\S+/web\\] ", QRegularExpression::MultilineOption));
        QCOMPARE(requestPaths(unprefixed).size(), lines); // no request line without its Pod
    }
}

void TestKubectlLogs::followStreamsNewLines_data()
{
    eachPodLogsTheRequestsItAnswered_data();
}

void TestKubectlLogs::followStreamsNewLines()
{
    QFETCH(QString, kubectl);
    Backend b(kubectl);
    QVERIFY2(b.lab.ready(), qPrintable(b.lab.startupOutput()));
    QCOMPARE(b.podIPs.size(), std::size_t(3));
    const auto &[pod, ip] = *b.podIPs.begin();

    // One Pod: -f --tail=0 shows nothing of the past, then each new request as it comes.
    QProcess one;
    one.setProcessEnvironment(b.lab.environment());
    one.start(kubectl, b.lab.withCache({ "logs", "-f", pod, "--tail=0" }));
    QVERIFY(one.waitForStarted());
    QTest::qWait(1500);
    for (int i = 1; i <= 3; ++i)
        QCOMPARE(curlPod(ip, QStringLiteral("/logs-test-%1").arg(i)), pod);
    const QString oneOut = readUntil(one, [](const QString &out) {
        return requestPaths(out).size() >= 3;
    });
    QCOMPARE(requestPaths(oneOut), (QStringList{ "/logs-test-1", "/logs-test-2", "/logs-test-3" }));
    QVERIFY2(oneOut.count('\n') == 3, qPrintable(oneOut));
    QCOMPARE(one.state(), QProcess::Running); // the stream stays open
    one.kill();
    one.waitForFinished(5000);

    // Every Pod at once: three concurrent follow streams, each line under the Pod that answered.
    QProcess all;
    all.setProcessEnvironment(b.lab.environment());
    all.start(kubectl,
              b.lab.withCache({ "logs", "-f", "-l", "app=backend", "--prefix", "--tail=0",
                                "--max-log-requests=3" }));
    QVERIFY(all.waitForStarted());
    QTest::qWait(2000);
    std::map<QString, QStringList> answered;
    for (int i = 4; i <= 12; ++i) {
        const QString path = QStringLiteral("/logs-test-%1").arg(i);
        answered[curlPod(b.service, path)] << path;
    }
    const QString allOut = readUntil(all, [&](const QString &out) {
        return out.count('\n') >= 9;
    });
    all.kill();
    all.waitForFinished(5000);
    for (const auto &[name, paths] : answered)
        QCOMPARE(requestPaths(allOut, "[pod/" + name + "/web] "), paths);
    QVERIFY2(allOut.count('\n') == 9, qPrintable(allOut));

    const Run tooMany = b.lab.run({ "logs", "-f", "-l", "app=backend", "--max-log-requests=2" });
    QVERIFY2(tooMany.exitCode != 0 && tooMany.err.contains("maximum allowed concurrency is 2"),
             qPrintable(why(tooMany)));
}

void TestKubectlLogs::storesLogCommandsAndAFollowEndsWithItsPod()
{
    const QString kubectl = oldestAndNewestKubectl().last();
    Lab lab(kubectl, { "--users-rate", "0", kData + "logs-pods.yaml" });
    QVERIFY2(lab.ready(), qPrintable(lab.startupOutput()));
    const Run pods = lab.waitFor({ "get", "pods", "cache", "db", "two" }, [](const QString &out) {
        return out.count("Running") == 3;
    });
    QCOMPARE(pods.out.count("Running"), 3);
    auto ipOf = [&](const QString &pod) {
        return lab.run({ "get", "pod", pod, "-o", "jsonpath={.status.podIP}" }).out;
    };

    const ProcessRun set = runProcess(
            "redis-cli", { "-h", ipOf("cache"), "SET", "greeting", "hello world" }, 10000);
    QCOMPARE(set.out, QString("OK\n"));
    const Run cache = lab.run({ "logs", "cache" });
    QVERIFY2(cache.out.contains(" * Ready to accept connections tcp\n"), qPrintable(cache.out));
    QVERIFY2(QRegularExpression("^\\d+\\.\\d{6} \\[0 127\\.[\\d.]+:\\d+\\] \"SET\" \"greeting\" "
                                "\"hello world\"$",
                                QRegularExpression::MultilineOption)
                     .match(cache.out)
                     .hasMatch(),
             qPrintable(cache.out));

    const ProcessRun query = runProcess("mariadb",
                                        { "--no-defaults", "-h", ipOf("db"), "-u", "root",
                                          "--skip-ssl", "-N", "-e", "SELECT 1" },
                                        10000);
    QVERIFY2(query.exitCode == 0, qPrintable(query.err));
    const Run db = lab.run({ "logs", "db" });
    QVERIFY2(db.out.contains("[Server] /usr/sbin/mysqld: ready for connections. Version: "
                             "'8.0.36'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306"),
             qPrintable(db.out));
    for (const char *line : { "\\t\\s*\\d+ Connect\\troot@127\\.[\\d.]+ on  using TCP/IP$",
                              "\\t\\s*\\d+ Query\\tSELECT 1$", "\\t\\s*\\d+ Quit\\t$" })
        QVERIFY2(QRegularExpression(QString("^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z") + line,
                                    QRegularExpression::MultilineOption)
                         .match(db.out)
                         .hasMatch(),
                 qPrintable(line + QString("\n") + db.out));

    // Two containers: the API wants a name; kubectl picks the first itself.
    // (kubectl get --raw drops the kubeconfig's path, so curl asks with the bearer token.)
    QFile config(lab.kubeconfig());
    QVERIFY(config.open(QIODevice::ReadOnly));
    const QString token =
            QRegularExpression("token: \"?([0-9a-f]{64})").match(config.readAll()).captured(1);
    QVERIFY(!token.isEmpty());
    const ProcessRun raw = runProcess(
            "curl",
            { "-s", "-m", "5", "-H", "Authorization: Bearer " + token,
              QStringLiteral("http://127.0.0.1:%1/api/v1/namespaces/default/pods/two/log")
                      .arg(lab.apiPort()) },
            10000);
    QVERIFY2(raw.out.contains("\"message\":\"a container name must be specified for pod two, "
                              "choose one of: [web sidecar]\",\"reason\":\"BadRequest\""),
             qPrintable(raw.out + raw.err));
    QCOMPARE(lab.run({ "logs", "two", "-c", "sidecar" }).out, QString("listening on port 9000\n"));
    const Run defaulted = lab.run({ "logs", "two" });
    QVERIFY2(defaulted.out.startsWith("/docker-entrypoint.sh:"), qPrintable(why(defaulted)));

    // A follow stream ends, and kubectl with it, when the Pod is gone.
    QProcess follow;
    follow.setProcessEnvironment(lab.environment());
    follow.start(kubectl, lab.withCache({ "logs", "-f", "cache" }));
    QVERIFY(follow.waitForStarted());
    QTest::qWait(1500);
    QCOMPARE(follow.state(), QProcess::Running);
    QCOMPARE(lab.run({ "delete", "pod", "cache", "--wait=false" }).exitCode, 0);
    QVERIFY2(follow.waitForFinished(20000), "kubectl logs -f kept running after its Pod went");
    QCOMPARE(follow.exitCode(), 0);
    QVERIFY(QString::fromUtf8(follow.readAllStandardOutput()).contains("\"SET\" \"greeting\""));
}

QTEST_GUILESS_MAIN(TestKubectlLogs)
#include "tst_kubectl_logs.moc"
