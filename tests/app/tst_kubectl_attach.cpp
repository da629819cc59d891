// The real kubectl attach (pods/attach) to a real `clusterlab --headless`: attached to a
// backend Pod, it shows the container's output from then on (nginx's access lines of the curl
// requests that Pod answers through its Service, none of the earlier ones), with -i its stdin
// is taken, deploy/NAME picks a Pod, the API server refuses a wrong container and a Pod not
// running in Kubernetes' words, the stream ends with the Pod, and kubectl 1.27 (SPDY only) is
// told the version to use. kubectl debug is refused as on a cluster without ephemeral
// containers.
#include "kubectl_lab.h"

#include <QtTest>

#include <map>
#include <memory>

using namespace kubectl_test;
using process_test::ProcessRun;
using process_test::runProcess;

namespace {

const QString kNewest = QStringLiteral("/usr/lib/google-cloud-sdk/bin/kubectl.1.33");
const QString kOldest = QStringLiteral("/usr/lib/google-cloud-sdk/bin/kubectl.1.27");

/// kAccess matches an nginx access line of GET /attach-test-N by curl; captures the path.
const QString kAccess =
        QStringLiteral("^127\\.\\d+\\.\\d+\\.\\d+ - - \\[[^\\]]+\\] \"GET (/attach-test-\\d+) "
                       "HTTP/1\\.1\" 200 \\d+ \"-\" \"curl/[^\"]+\" \"-\"$");

/// requestPaths lists the access-log paths in text, in order.
QStringList requestPaths(const QString &text)
{
    QStringList paths;
    const QRegularExpression re(kAccess);
    for (const QString &line : text.split('\n'))
        if (const auto m = re.match(line); m.hasMatch())
            paths << m.captured(1);
    return paths;
}

} // namespace

class TestKubectlAttach : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void attachShowsTheRequestsFromNowOn();
    void stdinIsTakenAndDeploymentsPickAPod();
    void apiServerRefusesAsKubernetes();
    void endsWhenThePodGoes();
    void oldKubectlIsToldTheVersion();
    void debugIsRefusedInKubernetesWords();

private:
    /// startAttach starts `kubectl attach` with arguments (kept running by the caller).
    void startAttach(QProcess &process, const QStringList &arguments) const
    {
        process.setProcessEnvironment(m_lab->environment());
        process.start(m_lab->kubectl(), m_lab->withCache(QStringList{ "attach" } + arguments));
    }

    std::unique_ptr<Lab> m_lab;
    std::map<QString, QString> m_podIPs; ///< backend Pod name -> Pod IP
    QString m_service; ///< "ClusterIP:8080"
};

void TestKubectlAttach::initTestCase()
{
    if (!QFileInfo::exists(kNewest))
        requireKubectl();
    m_lab = std::make_unique<Lab>(QFileInfo::exists(kNewest) ? kNewest : findKubectl(),
                                  QStringList{ "--users-rate", "0", kData + "logs-service.yaml" });
    QVERIFY2(m_lab->ready(), qPrintable(m_lab->startupOutput()));
    const Run pods = m_lab->waitFor({ "get", "pods", "-o", "wide" }, [](const QString &out) {
        return countMatches(out, kPodRow) == 3;
    });
    for (auto it = QRegularExpression(kPodRow, QRegularExpression::MultilineOption)
                           .globalMatch(pods.out);
         it.hasNext();) {
        const auto m = it.next();
        m_podIPs[m.captured(1)] = m.captured(2);
    }
    QCOMPARE(m_podIPs.size(), std::size_t(3));
    m_service = m_lab->run({ "get", "svc", "backend", "-o", "jsonpath={.spec.clusterIP}" }).out
            + ":8080";
}

void TestKubectlAttach::cleanupTestCase()
{
    m_lab.reset();
}

void TestKubectlAttach::attachShowsTheRequestsFromNowOn()
{
    const auto &[pod, ip] = *m_podIPs.begin();
    // Answered before the attach: not shown (attach is not kubectl logs).
    QCOMPARE(curlPod(ip, "/attach-test-0"), pod);

    QProcess attach;
    startAttach(attach, { pod });
    QVERIFY(attach.waitForStarted());
    QTest::qWait(2000); // kubectl reads the Pod, then opens the stream
    QCOMPARE(attach.state(), QProcess::Running);

    // Requests through the Service: the lines of those this Pod answered arrive, in order.
    QStringList expected;
    for (int i = 1; i <= 12; ++i) {
        const QString path = QStringLiteral("/attach-test-%1").arg(i);
        if (curlPod(m_service, path) == pod)
            expected << path;
    }
    // One straight to the Pod, so the Pod answered at least one.
    QCOMPARE(curlPod(ip, "/attach-test-13"), pod);
    expected << "/attach-test-13";
    const QString out = readUntil(attach, [&](const QString &text) {
        return requestPaths(text).size() >= expected.size();
    });
    QCOMPARE(requestPaths(out), expected);
    QCOMPARE(out.count('\n'), expected.size()); // nothing else, nothing from before
    QCOMPARE(attach.state(), QProcess::Running); // the stream stays open
    // kubectl 1.33 prints its notes on stderr even without -i; stdout is the container's.
    const QString err = QString::fromUtf8(attach.readAllStandardError());
    QVERIFY2(err.contains("If you don't see a command prompt, try pressing enter.\n"),
             qPrintable(err));
    attach.kill();
    attach.waitForFinished(5000);
}

void TestKubectlAttach::stdinIsTakenAndDeploymentsPickAPod()
{
    // -i: kubectl sends its stdin; the container's server reads none, and says nothing.
    QProcess attach;
    startAttach(attach, { "-i", "deploy/backend" });
    QVERIFY(attach.waitForStarted());
    QTest::qWait(2000);
    attach.write("hello\n");
    QCOMPARE(attach.state(), QProcess::Running);
    // Every backend Pod answers one request straight to its IP: the line of one arrives.
    QStringList sent;
    for (const auto &[name, ip] : m_podIPs) {
        sent << QStringLiteral("/attach-test-%1").arg(20 + sent.size());
        QCOMPARE(curlPod(ip, sent.back()), name);
    }
    const QString out = readUntil(attach, [](const QString &text) {
        return !requestPaths(text).isEmpty();
    });
    QTest::qWait(1000);
    const QStringList paths = requestPaths(out + QString::fromUtf8(attach.readAllStandardOutput()));
    QVERIFY2(paths.size() == 1 && sent.contains(paths.front()), qPrintable(out));
    const QString err = QString::fromUtf8(attach.readAllStandardError());
    QVERIFY2(err.contains("If you don't see a command prompt, try pressing enter."),
             qPrintable(err));
    attach.closeWriteChannel(); // stdin ends; the stream does not
    QTest::qWait(1000);
    QCOMPARE(attach.state(), QProcess::Running);
    attach.kill();
    attach.waitForFinished(5000);
}

void TestKubectlAttach::apiServerRefusesAsKubernetes()
{
    // The API server's own checks, asked directly (kubectl checks -c itself first).
    QFile config(m_lab->kubeconfig());
    QVERIFY(config.open(QIODevice::ReadOnly));
    const QString token =
            QRegularExpression("token: \"?([0-9a-f]{64})").match(config.readAll()).captured(1);
    QVERIFY(!token.isEmpty());
    const auto ask = [&](const QString &query) {
        return runProcess("curl",
                          { "-s", "-m", "5", "-X", "POST", "-H", "Authorization: Bearer " + token,
                            QStringLiteral("http://127.0.0.1:%1/api/v1/namespaces/default/pods/%2")
                                    .arg(m_lab->apiPort())
                                    .arg(query) },
                          10000);
    };
    const QString pod = m_podIPs.begin()->first;
    const ProcessRun wrong = ask(pod + "/attach?container=nope&stdout=true");
    QVERIFY2(wrong.out.contains("\"message\":\"container nope is not valid for pod " + pod
                                + "\",\"reason\":\"BadRequest\""),
             qPrintable(wrong.out));
    const ProcessRun none = ask(pod + "/attach?container=web");
    QVERIFY2(none.out.contains("you must specify at least 1 of stdin, stdout, stderr"),
             qPrintable(none.out));
    const ProcessRun missing = ask("no-such-pod/attach?stdout=true");
    QVERIFY2(missing.out.contains("\"message\":\"pods \\\"no-such-pod\\\" not found\""),
             qPrintable(missing.out));
    // kubectl: a container name it does not know, in its own words.
    const Run badName = m_lab->run({ "attach", pod, "-c", "nope" });
    QVERIFY2(badName.exitCode != 0
                     && badName.err.contains("container nope not found in pod " + pod),
             qPrintable(why(badName)));
    // A Pod bound to a node that does not exist: Pending, its container never started.
    const Run pending = m_lab->run({ "run", "stuck", "--image=nginx:1.25", "--overrides",
                                     R"({"spec":{"nodeName":"node-9"}})" });
    QVERIFY2(pending.exitCode == 0, qPrintable(why(pending)));
    const ProcessRun notRunning = ask("stuck/attach?stdout=true");
    QCOMPARE(notRunning.out, QString("container not found (\"stuck\")"));
    const Run waited = m_lab->run({ "attach", "stuck" }, {}, 20000);
    QVERIFY2(waited.exitCode != 0
                     && waited.err.contains("error: unable to upgrade connection: container not "
                                            "found (\"stuck\")"),
             qPrintable(why(waited)));
    QCOMPARE(m_lab->run({ "delete", "pod", "stuck", "--wait=false" }).exitCode, 0);
}

void TestKubectlAttach::endsWhenThePodGoes()
{
    const QString pod = std::prev(m_podIPs.end())->first;
    QProcess attach;
    startAttach(attach, { pod });
    QVERIFY(attach.waitForStarted());
    QTest::qWait(2000);
    QCOMPARE(attach.state(), QProcess::Running);
    QCOMPARE(m_lab->run({ "delete", "pod", pod, "--wait=false" }).exitCode, 0);
    QVERIFY2(attach.waitForFinished(20000), "kubectl attach kept running after its Pod went");
    QCOMPARE(attach.exitCode(), 0);
}

void TestKubectlAttach::oldKubectlIsToldTheVersion()
{
    if (!QFileInfo::exists(kOldest))
        QSKIP("kubectl 1.27 is not installed");
    const QString pod = m_podIPs.begin()->first;
    const Run old =
            runProcess(kOldest, m_lab->withCache({ "attach", pod }), 30000, m_lab->environment());
    QVERIFY(old.exitCode != 0);
    QVERIFY2(old.err.contains("Error from server (BadRequest): ClusterLab serves kubectl attach "
                              "over WebSocket only")
                     && old.err.contains("kubectl 1.30 or newer"),
             qPrintable(why(old)));
}

void TestKubectlAttach::debugIsRefusedInKubernetesWords()
{
    // No ephemeral containers: pods/NAME/ephemeralcontainers is not served, and kubectl debug
    // says so as it does on a cluster with the feature off (not a crash).
    const QString pod = m_podIPs.begin()->first;
    const Run debug = m_lab->run({ "debug", pod, "--image=busybox", "--profile=general" });
    QVERIFY2(debug.exitCode == 1
                     && debug.err.contains("error: ephemeral containers are disabled for this "
                                           "cluster (error from server: \"the server could not "
                                           "find the requested resource\")"),
             qPrintable(why(debug)));
}

QTEST_GUILESS_MAIN(TestKubectlAttach)
#include "tst_kubectl_attach.moc"
