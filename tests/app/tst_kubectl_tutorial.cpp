// The Kubernetes basics tutorial (kubernetes.io/docs/tutorials/kubernetes-basics/) as a class
// types it, with the real kubectl 1.27 and 1.33 against a real `clusterlab --headless`: create
// the kubernetes-bootcamp Deployment, reach its Pod through `kubectl proxy` (pods/proxy) with
// the real curl, read its logs, run bash in it (kubectl 1.30+), expose it on a node port and
// curl that, reach the Service through `kubectl proxy` (services/proxy), label, delete the
// Service, scale to 4, update to v2, roll out an image that does not exist (ErrImagePull,
// ImagePullBackOff) and undo it. Then the proxy's refusals, in kube-apiserver's words.
#include "kubectl_lab.h"

#include <QtTest>

using namespace kubectl_test;

namespace {

const QString kV1 = QStringLiteral("gcr.io/google-samples/kubernetes-bootcamp:v1");
const QString kV2 = QStringLiteral("docker.io/jocatalin/kubernetes-bootcamp:v2");
const QString kV10 = QStringLiteral("gcr.io/google-samples/kubernetes-bootcamp:v10");
const QString kPodsTemplate =
        QStringLiteral("{{range .items}}{{.metadata.name}}{{\"\\n\"}}{{end}}");

/// Proxy is one running `kubectl proxy` on a free port, stopped when destroyed.
class Proxy
{
public:
    explicit Proxy(const Lab &lab) : m_port(freePort())
    {
        m_process.setProcessEnvironment(lab.environment());
        m_process.start(lab.kubectl(),
                        lab.withCache({ "proxy", "--port", QString::number(m_port) }));
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 20000 && m_process.state() != QProcess::NotRunning
               && !m_out.contains("Starting to serve on")) {
            m_process.waitForReadyRead(200);
            m_out += QString::fromUtf8(m_process.readAllStandardOutput());
        }
    }

    ~Proxy()
    {
        m_process.terminate();
        if (!m_process.waitForFinished(5000))
            m_process.kill();
        m_process.waitForFinished(2000);
    }

    bool serving() const
    {
        return m_out.contains(QString("Starting to serve on 127.0.0.1:%1").arg(m_port));
    }
    /// curl fetches path from the proxy with the real curl; "%{http_code}" ends the output.
    Run curl(const QString &path) const
    {
        return process_test::runProcess("curl",
                                        { "-s", "-m", "10", "-w", "%{http_code}",
                                          QString("http://localhost:%1%2").arg(m_port).arg(path) },
                                        15000);
    }

private:
    int m_port;
    QProcess m_process;
    QString m_out;
};

Run curlNodePort(const QString &port)
{
    return process_test::runProcess("curl", { "-s", "-m", "5", "http://127.0.0.1:" + port + "/" },
                                    10000);
}

QString hello(const QString &pod, int version)
{
    return QString("Hello Kubernetes bootcamp! | Running on: %1 | v=%2\n").arg(pod).arg(version);
}

/// bootcampPods lists the kubernetes-bootcamp Pods from the tutorial's go-template listing.
QStringList bootcampPods(const Lab &lab)
{
    const Run r = lab.run({ "get", "pods", "-o", "go-template", "--template", kPodsTemplate });
    return r.out.split('\n', Qt::SkipEmptyParts)
            .filter(QRegularExpression("^kubernetes-bootcamp-"));
}

bool isNewer(const Lab &lab)
{
    return !lab.kubectl().endsWith("kubectl.1.27");
}

/// execWithInput runs `kubectl exec -i pod -- command` with input on its stdin.
Run execWithInput(const Lab &lab, const QString &pod, const QString &command, const QString &input)
{
    QProcess process;
    process.setProcessEnvironment(lab.environment());
    process.start(lab.kubectl(), lab.withCache({ "exec", "-i", pod, "--", command }));
    process.write(input.toUtf8());
    process.closeWriteChannel();
    if (!process.waitForFinished(20000))
        process.kill();
    process.waitForFinished(2000);
    return { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
             QString::fromUtf8(process.readAllStandardOutput()),
             QString::fromUtf8(process.readAllStandardError()) };
}

} // namespace

class TestKubectlTutorial : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { requireKubectl(); }
    void basicsTutorial_data();
    void basicsTutorial();
    void proxyRefusals_data();
    void proxyRefusals();
};

void TestKubectlTutorial::basicsTutorial_data()
{
    QTest::addColumn<QString>("kubectl");
    addKubectlRows();
}

void TestKubectlTutorial::basicsTutorial()
{
    QFETCH(QString, kubectl);
    Lab lab(kubectl);
    QVERIFY2(lab.ready(), qPrintable(lab.startupOutput()));

    // Module 2: deploy an app, and see it through kubectl proxy.
    Run r = lab.run({ "create", "deployment", "kubernetes-bootcamp", "--image=" + kV1 });
    QCOMPARE(r.out, QString("deployment.apps/kubernetes-bootcamp created\n"));
    r = lab.waitFor({ "get", "deployments" }, [](const QString &out) {
        return out.contains(QRegularExpression("kubernetes-bootcamp\\s+1/1\\s+1\\s+1"));
    });
    QVERIFY2(r.out.contains("kubernetes-bootcamp"), qPrintable(why(r)));
    const Proxy proxy(lab);
    QVERIFY(proxy.serving());
    r = proxy.curl("/version");
    QVERIFY2(r.out.contains("\"gitVersion\"") && r.out.endsWith("200"), qPrintable(why(r)));
    const QStringList pods = bootcampPods(lab);
    QCOMPARE(pods.size(), 1);
    const QString pod = pods.front();
    r = proxy.curl("/api/v1/namespaces/default/pods/" + pod + ":8080/proxy/");
    QCOMPARE(r.out, hello(pod, 1) + "200");

    // Module 3: explore the app: describe, logs, a shell in the container.
    r = lab.run({ "describe", "pods", pod });
    QVERIFY2(r.out.contains(QRegularExpression("Image:\\s+" + QRegularExpression::escape(kV1))),
             qPrintable(why(r)));
    r = lab.run({ "logs", pod });
    QVERIFY2(r.out.startsWith("Kubernetes Bootcamp App Started At: ")
                     && r.out.contains(" | Running On:  " + pod + " \n")
                     && r.out.contains(QRegularExpression(
                             "Running On: " + pod
                             + " \\| Total Requests: 1 \\| App Uptime: [0-9.]+ seconds \\| "
                               "Log Time: \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z")),
             qPrintable(why(r)));
    r = execWithInput(lab, pod, "bash", "curl http://localhost:8080\nexit\n");
    if (isNewer(lab))
        QVERIFY2(r.exitCode == 0 && r.out.contains(hello(pod, 1)), qPrintable(why(r)));
    else
        QVERIFY2(r.exitCode != 0 && r.err.contains("Use kubectl 1.30 or newer"),
                 qPrintable(why(r)));

    // Module 4: expose it on a node port; the Service through kubectl proxy; labels.
    r = lab.run(
            { "expose", "deployment/kubernetes-bootcamp", "--type=NodePort", "--port", "8080" });
    QCOMPARE(r.out, QString("service/kubernetes-bootcamp exposed\n"));
    r = lab.run({ "get", "services/kubernetes-bootcamp", "-o",
                  "go-template={{(index .spec.ports 0).nodePort}}" });
    const QString nodePort = r.out.trimmed();
    QVERIFY2(nodePort.toInt() >= 30000 && nodePort.toInt() <= 32767, qPrintable(why(r)));
    r = curlNodePort(nodePort);
    QCOMPARE(r.out, hello(pod, 1));
    r = proxy.curl("/api/v1/namespaces/default/services/kubernetes-bootcamp/proxy/");
    QCOMPARE(r.out, hello(pod, 1) + "200");
    r = proxy.curl("/api/v1/namespaces/default/services/kubernetes-bootcamp:8080/proxy/");
    QCOMPARE(r.out, hello(pod, 1) + "200");
    r = lab.run({ "label", "pods", pod, "version=v1" });
    QCOMPARE(r.out, "pod/" + pod + " labeled\n");
    r = lab.run({ "get", "pods", "-l", "version=v1", "-o", "name" });
    QCOMPARE(r.out, "pod/" + pod + "\n");
    r = lab.run({ "delete", "service", "-l", "app=kubernetes-bootcamp" });
    QVERIFY2(r.out.contains("service \"kubernetes-bootcamp\" deleted"), qPrintable(why(r)));
    QTest::qWait(300);
    r = curlNodePort(nodePort);
    QVERIFY2(r.exitCode == 7 && r.out.isEmpty(), qPrintable(why(r))); // connection refused
    r = execWithInput(lab, pod, "sh", "curl -s http://localhost:8080\n");
    if (isNewer(lab))
        QCOMPARE(r.out, hello(pod, 1));

    // Module 5: scale up to 4, and expose again.
    r = lab.run({ "scale", "deployments/kubernetes-bootcamp", "--replicas=4" });
    QCOMPARE(r.out, QString("deployment.apps/kubernetes-bootcamp scaled\n"));
    r = lab.waitFor({ "get", "deployments", "kubernetes-bootcamp" }, [](const QString &out) {
        return out.contains(QRegularExpression("kubernetes-bootcamp\\s+4/4\\s+4\\s+4"));
    });
    QVERIFY2(r.out.contains("4/4"), qPrintable(why(r)));
    QCOMPARE(bootcampPods(lab).size(), 4);
    r = lab.run(
            { "expose", "deployment/kubernetes-bootcamp", "--type=NodePort", "--port", "8080" });
    QCOMPARE(r.out, QString("service/kubernetes-bootcamp exposed\n"));
    const QString port2 = lab.run({ "get", "services/kubernetes-bootcamp", "-o",
                                    "go-template={{(index .spec.ports 0).nodePort}}" })
                                  .out.trimmed();

    // Module 6: update to v2, a version that does not exist, and undo that.
    r = lab.run(
            { "set", "image", "deployments/kubernetes-bootcamp", "kubernetes-bootcamp=" + kV2 });
    QCOMPARE(r.out, QString("deployment.apps/kubernetes-bootcamp image updated\n"));
    r = lab.run({ "rollout", "status", "deployments/kubernetes-bootcamp", "--timeout=60s" }, {},
                70000);
    QVERIFY2(r.out.contains("deployment \"kubernetes-bootcamp\" successfully rolled out"),
             qPrintable(why(r)));
    r = curlNodePort(port2);
    QVERIFY2(r.out.contains(QRegularExpression(
                     "^Hello Kubernetes bootcamp! \\| Running on: kubernetes-bootcamp-\\S+ \\| "
                     "v=2\n$")),
             qPrintable(why(r)));
    r = lab.run(
            { "set", "image", "deployments/kubernetes-bootcamp", "kubernetes-bootcamp=" + kV10 });
    QCOMPARE(r.out, QString("deployment.apps/kubernetes-bootcamp image updated\n"));
    r = lab.waitFor({ "get", "pods" }, [](const QString &out) {
        return out.contains(
                QRegularExpression("kubernetes-bootcamp-\\S+\\s+0/1\\s+ImagePullBackOff"));
    });
    QVERIFY2(r.out.contains("ImagePullBackOff"), qPrintable(why(r)));
    r = lab.run({ "describe", "pods", "-l", "app=kubernetes-bootcamp" });
    QVERIFY2(r.out.contains("Failed to pull image \"" + kV10
                            + "\": rpc error: code = NotFound desc = failed to pull and unpack "
                              "image \""
                            + kV10 + "\": failed to resolve reference \"" + kV10 + "\": " + kV10
                            + ": not found")
                     && r.out.contains(
                             QRegularExpression("Reason:\\s+(ImagePullBackOff|ErrImagePull)"))
                     && r.out.contains("Back-off pulling image \"" + kV10 + "\""),
             qPrintable(why(r)));
    r = lab.run({ "rollout", "undo", "deployments/kubernetes-bootcamp" });
    QCOMPARE(r.out, QString("deployment.apps/kubernetes-bootcamp rolled back\n"));
    r = lab.run({ "rollout", "status", "deployments/kubernetes-bootcamp", "--timeout=60s" }, {},
                70000);
    QVERIFY2(r.out.contains("successfully rolled out"), qPrintable(why(r)));
    r = lab.waitFor({ "get", "pods", "-l", "app=kubernetes-bootcamp" }, [](const QString &out) {
        return countMatches(out, "\\s1/1\\s+Running") == 4 && !out.contains("ImagePull");
    });
    QCOMPARE(countMatches(r.out, "\\s1/1\\s+Running"), 4);
    QVERIFY2(curlNodePort(port2).out.endsWith("| v=2\n"), "the undo went back to v2");
    r = lab.run({ "delete", "deployments/kubernetes-bootcamp", "services/kubernetes-bootcamp" });
    QVERIFY2(r.out.contains("deployment.apps \"kubernetes-bootcamp\" deleted")
                     && r.out.contains("service \"kubernetes-bootcamp\" deleted"),
             qPrintable(why(r)));
}

void TestKubectlTutorial::proxyRefusals_data()
{
    QTest::addColumn<QString>("kubectl");
    addKubectlRows();
}

void TestKubectlTutorial::proxyRefusals()
{
    QFETCH(QString, kubectl);
    Lab lab(kubectl);
    QVERIFY2(lab.ready(), qPrintable(lab.startupOutput()));
    Run r = lab.waitFor({ "get", "pods", "-o", "wide" }, [](const QString &out) {
        return countMatches(out, kPodRow) == 3;
    });
    const auto row = QRegularExpression(kPodRow, QRegularExpression::MultilineOption).match(r.out);
    const QString pod = row.captured(1), ip = row.captured(2);
    // The backend's nginx through pods/proxy: its first declared port (80) by default.
    r = lab.run({ "get", "--raw", "/api/v1/namespaces/default/pods/" + pod + "/proxy/hostname" });
    QCOMPARE(r.out, pod + "\n");
    r = lab.run({ "get", "--raw", "/api/v1/namespaces/default/pods/" + pod + ":9999/proxy/" });
    QCOMPARE(r.err,
             "Error from server (ServiceUnavailable): error trying to reach service: dial "
             "tcp " + ip
                     + ":9999: connect: connection refused\n");
    r = lab.run({ "get", "--raw", "/api/v1/namespaces/default/pods/nope/proxy/" });
    QCOMPARE(r.err, QString("Error from server (NotFound): pods \"nope\" not found\n"));
    r = lab.run({ "get", "--raw", "/api/v1/namespaces/default/pods/a:b:c:d/proxy/" });
    QCOMPARE(r.err, QString("Error from server (BadRequest): invalid pod request \"a:b:c:d\"\n"));
    r = lab.run({ "create", "service", "clusterip", "lonely", "--tcp=80:80" });
    QCOMPARE(r.exitCode, 0);
    r = lab.waitFor({ "get", "endpoints", "lonely" }, [](const QString &out) {
        return out.contains("lonely");
    });
    r = lab.run({ "get", "--raw", "/api/v1/namespaces/default/services/lonely/proxy/" });
    QCOMPARE(r.err,
             QString("Error from server (ServiceUnavailable): no endpoints available for "
                     "service \"lonely\"\n"));
    r = lab.run({ "get", "--raw", "/api/v1/namespaces/default/services/lonely:81/proxy/" });
    QCOMPARE(r.err,
             QString("Error from server (ServiceUnavailable): no service port 81 found for "
                     "service \"lonely\"\n"));
    // A Pod of a Service, by the Service's name: one of the backend Pods answers.
    r = lab.run({ "expose", "deployment", "backend", "--port=80" });
    QCOMPARE(r.exitCode, 0);
    r = lab.waitFor(
            { "get", "--raw", "/api/v1/namespaces/default/services/backend/proxy/hostname" },
            [](const QString &out) {
                return out.startsWith("backend-");
            });
    QVERIFY2(r.out.startsWith("backend-"), qPrintable(why(r)));
}

QTEST_GUILESS_MAIN(TestKubectlTutorial)
#include "tst_kubectl_tutorial.moc"
