#pragma once

// The fixture of the tst_kubectl_* tests: the real kubectl against a real `clusterlab
// --headless` process. Each Lab starts a fresh ClusterLab on a free port with its own
// kubeconfig and kubectl cache and the backend Deployment running.

#include "free_port.h"
#include "process_run.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>
#include <memory>

namespace kubectl_test {

inline const QString kData = QStringLiteral(CLUSTERLAB_SOURCE_DIR "/tests/data/kubectl/");

/// findKubectl is $CLUSTERLAB_KUBECTL, else /usr/bin/kubectl, else nothing.
inline QString findKubectl()
{
    if (const QString env = qEnvironmentVariable("CLUSTERLAB_KUBECTL"); !env.isEmpty())
        return env;
    if (QFileInfo::exists("/usr/bin/kubectl"))
        return "/usr/bin/kubectl";
    return {};
}

/// oldestAndNewestKubectl lists the oldest and newest kubectl installed beside findKubectl()
/// (kubectl.1.27 and kubectl.1.33, as google-cloud-sdk installs them), else findKubectl().
inline QStringList oldestAndNewestKubectl()
{
    const QString dir = QFileInfo(QFileInfo(findKubectl()).canonicalFilePath()).path();
    QStringList found;
    for (const char *version : { "1.27", "1.33" })
        if (const QString path = dir + "/kubectl." + version; QFileInfo::exists(path))
            found << path;
    if (found.isEmpty() && !findKubectl().isEmpty())
        found << findKubectl();
    return found;
}

/// addKubectlRows adds one data row per oldestAndNewestKubectl() client (its path, in the one
/// QString column the caller declared), named "kubectl 1.27" and so on.
inline void addKubectlRows()
{
    for (const QString &client : oldestAndNewestKubectl()) {
        const QString name = QFileInfo(client).fileName().replace("kubectl.", "kubectl ");
        QTest::newRow(qPrintable(name)) << client;
    }
}

/// Run is what one kubectl command printed and how it ended.
using Run = process_test::ProcessRun;

/// Lab is one ClusterLab process with the backend Deployment running, and a kubectl.
class Lab
{
public:
    /// extra: more arguments for clusterlab (options, more manifests), before the backend's.
    explicit Lab(QString kubectl = findKubectl(), const QStringList &extra = {})
        : m_kubectl(std::move(kubectl))
    {
        m_port = freePort();
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        m_process.start(QStringLiteral(CLUSTERLAB_BINARY),
                        QStringList{ "--headless", "--api-port", QString::number(m_port),
                                     "--kubeconfig", kubeconfig(), "--pace", "0.05" }
                                + extra + QStringList{ kData + "backend-deployment.yaml" });
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 30000 && m_process.state() != QProcess::NotRunning) {
            m_process.waitForReadyRead(200);
            m_out += QString::fromUtf8(m_process.readAllStandardOutput());
            if (m_out.contains("export KUBECONFIG=") && m_out.contains("ClusterLab is running"))
                break;
        }
    }

    ~Lab()
    {
        m_process.terminate();
        if (!m_process.waitForFinished(10000))
            m_process.kill();
        m_process.waitForFinished(2000);
    }

    bool ready() const { return m_out.contains("ClusterLab is running"); }
    QString startupOutput() const { return m_out; }
    QString kubeconfig() const { return m_dir.filePath("kubeconfig"); }
    QString dir() const { return m_dir.path(); }
    const QString &kubectl() const { return m_kubectl; }
    int apiPort() const { return m_port; }

    QProcessEnvironment environment(const QStringList &extra = {}) const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("KUBECONFIG", kubeconfig());
        env.insert("HOME", m_dir.path());
        for (const QString &pair : extra)
            env.insert(pair.section('=', 0, 0), pair.section('=', 1));
        return env;
    }

    QStringList withCache(const QStringList &arguments) const
    {
        return QStringList{ "--cache-dir", m_dir.filePath("cache") } + arguments;
    }

    Run run(const QStringList &arguments, const QStringList &env = {}, int timeoutMs = 30000) const
    {
        return process_test::runProcess(m_kubectl, withCache(arguments), timeoutMs,
                                        environment(env));
    }

    /// waitFor runs the command until its output matches, at most timeoutMs.
    Run waitFor(const QStringList &arguments, const std::function<bool(const QString &)> &done,
                int timeoutMs = 20000) const
    {
        QElapsedTimer timer;
        timer.start();
        Run last;
        while (timer.elapsed() < timeoutMs) {
            last = run(arguments);
            if (last.exitCode == 0 && done(last.out))
                return last;
            QTest::qWait(250);
        }
        return last;
    }

private:
    QString m_kubectl;
    QTemporaryDir m_dir;
    QProcess m_process;
    QString m_out;
    int m_port = 0;
};

/// curlPod sends GET path to address with the real curl and returns the Pod that answered
/// (its X-ClusterLab-Pod header).
inline QString curlPod(const QString &address, const QString &path)
{
    const Run r = process_test::runProcess(
            "curl", { "-s", "-m", "5", "-o", "/dev/null", "-D", "-", "http://" + address + path },
            10000);
    return QRegularExpression("X-ClusterLab-Pod: (\\S+)").match(r.out).captured(1);
}

/// readUntil reads a running process's stdout until done holds of it, at most timeoutMs.
inline QString readUntil(QProcess &process, const std::function<bool(const QString &)> &done,
                         int timeoutMs = 10000)
{
    QString out;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs && !done(out)) {
        process.waitForReadyRead(200);
        out += QString::fromUtf8(process.readAllStandardOutput());
    }
    return out;
}

/// countMatches counts the lines of text that match pattern.
inline int countMatches(const QString &text, const QString &pattern)
{
    const QRegularExpression re(pattern, QRegularExpression::MultilineOption);
    int n = 0;
    for (auto it = re.globalMatch(text); it.hasNext(); it.next())
        ++n;
    return n;
}

/// why formats a run for a failure message.
inline QString why(const Run &r)
{
    return QStringLiteral("exit %1\nstdout:\n%2\nstderr:\n%3").arg(r.exitCode).arg(r.out, r.err);
}

/// kPodRow matches a Running backend Pod in `get pods -o wide`; it captures name and IP.
inline const QString kPodRow =
        QStringLiteral("^(backend-[a-z0-9]+-[a-z0-9]+)\\s+1/1\\s+Running\\s+0\\s+\\S+\\s+"
                       "(127\\.244\\.\\d+\\.\\d+)\\s+node-\\d+");

/// requireKubectl skips the whole test when there is no kubectl to drive.
inline void requireKubectl()
{
    if (findKubectl().isEmpty())
        QSKIP("no kubectl: install it (scripts/bootstrap test installs Debian's "
              "kubernetes-client) or set CLUSTERLAB_KUBECTL");
}

} // namespace kubectl_test
