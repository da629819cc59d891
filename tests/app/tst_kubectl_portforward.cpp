// The real kubectl port-forward into a real `clusterlab --headless`, as a class does in
// "Inside the Pods": a Service, a Deployment and a Pod forwarded to a local port and curled
// through it (one Pod answers every request: port-forward does not load balance), several
// ports at once, a closed port and a deleted Pod reported in the kubelet's words, and a
// Redis value of a few megabytes through the tunnel. kubectl 1.33 carries SPDY in a
// WebSocket (the tunnelling dialer), kubectl 1.27 speaks SPDY on the connection: both run.
#include "kubectl_lab.h"

#include <QtTest>

#include <memory>

using namespace kubectl_test;

namespace {

/// PortForward is one running `kubectl port-forward`, stopped when destroyed.
class PortForward
{
public:
    PortForward(const Lab &lab, const QStringList &arguments)
    {
        m_process.setProcessEnvironment(lab.environment());
        m_process.start(
                lab.kubectl(),
                lab.withCache(QStringList{ "port-forward", "--address", "127.0.0.1" } + arguments));
    }

    ~PortForward()
    {
        m_process.terminate();
        if (!m_process.waitForFinished(5000))
            m_process.kill();
        m_process.waitForFinished(2000);
    }

    /// waitForPorts waits until kubectl printed `count` "Forwarding from" lines and returns
    /// their local ports (in order), empty when it did not within 20 s.
    QList<int> waitForPorts(int count)
    {
        static const QRegularExpression line("Forwarding from 127\\.0\\.0\\.1:(\\d+) -> \\d+");
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 20000 && m_process.state() != QProcess::NotRunning) {
            m_process.waitForReadyRead(200);
            read();
            QList<int> ports;
            for (auto it = line.globalMatch(m_out); it.hasNext();)
                ports << it.next().captured(1).toInt();
            if (ports.size() >= count)
                return ports;
        }
        return {};
    }

    /// waitForExit waits at most timeoutMs for kubectl to end; returns whether it did.
    bool waitForExit(int timeoutMs)
    {
        const bool ended =
                m_process.state() == QProcess::NotRunning || m_process.waitForFinished(timeoutMs);
        read();
        return ended;
    }

    QString output()
    {
        read();
        return m_out + m_err;
    }
    /// settledOutput is output() after kubectl had a moment to report a failure.
    QString settledOutput()
    {
        m_process.waitForFinished(1500);
        return output();
    }
    QString err()
    {
        read();
        return m_err;
    }

private:
    void read()
    {
        m_out += QString::fromUtf8(m_process.readAllStandardOutput());
        m_err += QString::fromUtf8(m_process.readAllStandardError());
    }

    QProcess m_process;
    QString m_out, m_err;
};

/// curlJson asks the Pod server behind port for its JSON answer.
Run curlJson(int port, const QString &path = "/")
{
    return process_test::runProcess("curl",
                                    { "-s", "-m", "5", "-H", "Accept: application/json",
                                      QString("http://127.0.0.1:%1%2").arg(port).arg(path) },
                                    10000);
}

/// answeringPod is the "pod" field of a Pod server's JSON answer.
QString answeringPod(const QString &json)
{
    return QRegularExpression("\"pod\":\"([^\"]+)\"").match(json).captured(1);
}

} // namespace

class TestKubectlPortForward : public QObject
{
    Q_OBJECT

private slots:
    void serviceDeploymentAndPod_data();
    void serviceDeploymentAndPod();
    void severalPortsAndAClosedOne_data();
    void severalPortsAndAClosedOne();
    void megabytesThroughRedis_data();
    void megabytesThroughRedis();
    void deletedPodEndsTheForward_data();
    void deletedPodEndsTheForward();

private:
    /// startLab starts ClusterLab with the backend Service, the Pods of logs-pods.yaml, and
    /// returns the backend Pods' names.
    QStringList startLab(const QString &kubectl);

    std::unique_ptr<Lab> m_lab;
};

QStringList TestKubectlPortForward::startLab(const QString &kubectl)
{
    m_lab.reset(); // one ClusterLab at a time: they use the same loopback addresses
    m_lab = std::make_unique<Lab>(
            kubectl, QStringList{ kData + "backend-service.yaml", kData + "logs-pods.yaml" });
    if (!m_lab->ready())
        return {};
    const Run pods = m_lab->waitFor({ "get", "pods", "-l", "app=backend", "-o", "name" },
                                    [](const QString &out) {
                                        return out.count("pod/backend-") == 3;
                                    });
    m_lab->run({ "wait", "--for=condition=Ready", "pod", "--all", "--timeout=20s" });
    return pods.out.split('\n', Qt::SkipEmptyParts);
}

void TestKubectlPortForward::serviceDeploymentAndPod_data()
{
    QTest::addColumn<QString>("kubectl");
    addKubectlRows();
}

void TestKubectlPortForward::serviceDeploymentAndPod()
{
    QFETCH(QString, kubectl);
    const QStringList pods = startLab(kubectl);
    QVERIFY2(pods.size() == 3, qPrintable(m_lab->startupOutput()));
    for (const QString &target : { QString("svc/backend"), QString("deploy/backend"), pods[1] }) {
        PortForward forward(*m_lab, { "-v=4", target, ":80" });
        const QList<int> ports = forward.waitForPorts(1);
        QVERIFY2(ports.size() == 1, qPrintable(target + ": " + forward.output()));
        // kubectl 1.31+ tunnels SPDY through a WebSocket; older ones upgrade to SPDY.
        const bool tunnel = !kubectl.endsWith("1.27");
        QCOMPARE(forward.output().contains("negotiated protocol: portforward.k8s.io"), tunnel);
        QSet<QString> answering;
        for (int i = 0; i < 6; ++i) {
            const Run answer = curlJson(ports[0]);
            QVERIFY2(answer.exitCode == 0, qPrintable(why(answer) + forward.settledOutput()));
            // The kubelet connects to the port inside the Pod: the client is localhost.
            QVERIFY2(answer.out.contains("\"client\":\"127.0.0.1:"), qPrintable(answer.out));
            answering << answeringPod(answer.out);
        }
        // Port-forward picks one Pod and keeps to it: no load balancing.
        QVERIFY2(answering.size() == 1, qPrintable(QStringList(answering.values()).join(' ')));
        const QString pod = *answering.begin();
        QVERIFY2(pod.startsWith("backend-"), qPrintable(pod));
        if (target.startsWith("pod/"))
            QCOMPARE("pod/" + pod, target);
        // The Pod's nginx logged the requests, from 127.0.0.1.
        const Run log = m_lab->run({ "logs", "pod/" + pod, "--tail", "1" });
        QVERIFY2(log.out.startsWith("127.0.0.1 - - ["), qPrintable(why(log)));
        QVERIFY2(log.out.contains("\"GET / HTTP/1.1\" 200"), qPrintable(why(log)));
    }
}

void TestKubectlPortForward::severalPortsAndAClosedOne_data()
{
    QTest::addColumn<QString>("kubectl");
    addKubectlRows();
}

void TestKubectlPortForward::severalPortsAndAClosedOne()
{
    QFETCH(QString, kubectl);
    const QStringList pods = startLab(kubectl);
    QVERIFY2(pods.size() == 3, qPrintable(m_lab->startupOutput()));
    PortForward forward(*m_lab, { pods[0], ":80", ":80", ":81" });
    const QList<int> ports = forward.waitForPorts(3);
    QVERIFY2(ports.size() == 3, qPrintable(forward.output()));
    for (const int port : { ports[0], ports[1] }) {
        const Run answer = curlJson(port, "/hostname");
        QVERIFY2(answer.exitCode == 0, qPrintable(why(answer) + forward.settledOutput()));
        QCOMPARE("pod/" + answer.out.trimmed(), pods[0]);
    }
    // Nothing listens on 81 in the Pod: curl gets an empty reply, kubectl the kubelet's error
    // on the error stream, after which it gives up the connection to the Pod.
    const Run closed = curlJson(ports[2]);
    QVERIFY2(closed.exitCode != 0, qPrintable(why(closed)));
    QVERIFY2(forward.waitForExit(10000), qPrintable(forward.output()));
    const QString uid = m_lab->run({ "get", pods[0], "-o", "jsonpath={.metadata.uid}" }).out;
    QVERIFY2(forward.err().contains(
                     QString("an error occurred forwarding %1 -> 81: error forwarding port 81 to "
                             "pod %2, uid %3: failed to connect to localhost:81 inside the Pod's "
                             "network namespace, IPv4: dial tcp4 ")
                             .arg(ports[2])
                             .arg(pods[0].mid(4), uid)),
             qPrintable(forward.err()));
    QVERIFY2(forward.err().contains(":81: connect: connection refused"), qPrintable(forward.err()));
    QVERIFY2(forward.err().contains("error: lost connection to pod"), qPrintable(forward.err()));
}

void TestKubectlPortForward::megabytesThroughRedis_data()
{
    QTest::addColumn<QString>("kubectl");
    addKubectlRows();
}

void TestKubectlPortForward::megabytesThroughRedis()
{
    QFETCH(QString, kubectl);
    if (QStandardPaths::findExecutable("redis-cli").isEmpty())
        QSKIP("redis-cli (redis-tools) is not installed");
    QVERIFY(!startLab(kubectl).isEmpty());
    PortForward forward(*m_lab, { "pod/cache", ":6379" });
    const QList<int> ports = forward.waitForPorts(1);
    QVERIFY2(ports.size() == 1, qPrintable(forward.output()));
    const QString port = QString::number(ports[0]);
    // Three megabytes each way: many SPDY frames, and the writer's back-pressure.
    QByteArray value(3 * 1024 * 1024, 'x');
    for (int i = 0; i < value.size(); i += 4099)
        value[i] = char('a' + i % 26);
    QProcess set;
    set.start("redis-cli", { "-p", port, "-x", "set", "big" });
    QVERIFY(set.waitForStarted());
    set.write(value + "\n");
    set.closeWriteChannel();
    QVERIFY(set.waitForFinished(20000));
    QCOMPARE(set.readAllStandardOutput().trimmed(), QByteArray("OK"));
    QProcess get;
    get.start("redis-cli", { "-p", port, "--no-raw", "get", "big" });
    QVERIFY(get.waitForFinished(20000));
    const QByteArray got = get.readAllStandardOutput().trimmed();
    // --no-raw quotes the value and shows the newline -x kept as \n.
    QCOMPARE(got.size(), value.size() + 4);
    QVERIFY(got.mid(1, value.size()) == value);
}

void TestKubectlPortForward::deletedPodEndsTheForward_data()
{
    QTest::addColumn<QString>("kubectl");
    addKubectlRows();
}

void TestKubectlPortForward::deletedPodEndsTheForward()
{
    QFETCH(QString, kubectl);
    const QStringList pods = startLab(kubectl);
    QVERIFY2(pods.size() == 3, qPrintable(m_lab->startupOutput()));
    PortForward forward(*m_lab, { pods[2], ":80" });
    const QList<int> ports = forward.waitForPorts(1);
    QVERIFY2(ports.size() == 1, qPrintable(forward.output()));
    QVERIFY2(curlJson(ports[0]).exitCode == 0, qPrintable(forward.output()));
    const Run deleted = m_lab->run({ "delete", pods[2] });
    QVERIFY2(deleted.exitCode == 0, qPrintable(why(deleted)));
    // The Pod's IP is gone with it: the next connection has nowhere to go.
    const Run after = curlJson(ports[0]);
    QVERIFY2(after.exitCode != 0, qPrintable(why(after)));
    QVERIFY2(forward.waitForExit(10000), qPrintable(forward.output()));
    QVERIFY2(forward.err().contains("error forwarding port 80 to pod " + pods[2].mid(4)),
             qPrintable(forward.err()));
    QVERIFY2(forward.err().contains("error: lost connection to pod"), qPrintable(forward.err()));
}

QTEST_GUILESS_MAIN(TestKubectlPortForward)
#include "tst_kubectl_portforward.moc"
