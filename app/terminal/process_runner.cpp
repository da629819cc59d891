#include "terminal/process_runner.h"

namespace clusterlab::app {

ProcessRunner::ProcessRunner(QObject *parent) : QObject(parent)
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        m_note = QStringLiteral("%1 stopped after %2 s: the panel's time limit")
                         .arg(m_program)
                         .arg(m_timeout.interval() / 1000.0);
        if (m_process)
            m_process->kill();
    });
}

ProcessRunner::~ProcessRunner()
{
    if (m_process) {
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(1000);
    }
}

QProcessEnvironment ProcessRunner::cleanEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : { "http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy",
                              "ALL_PROXY", "KUBECONFIG" })
        env.remove(QString::fromLatin1(name));
    env.insert(QStringLiteral("NO_PROXY"), QStringLiteral("*"));
    env.insert(QStringLiteral("NO_COLOR"), QStringLiteral("1"));
    env.insert(QStringLiteral("TERM"), QStringLiteral("dumb"));
    return env;
}

void ProcessRunner::start(const QString &program, const QStringList &arguments,
                          const QProcessEnvironment &environment, const QString &workingDirectory,
                          int timeoutMsec)
{
    if (m_process)
        m_process->deleteLater();
    m_process = new QProcess(this);
    m_program = program;
    m_note.clear();
    m_done = false;
    m_process->setProcessEnvironment(environment);
    if (!workingDirectory.isEmpty())
        m_process->setWorkingDirectory(workingDirectory);
    connect(m_process, &QProcess::readyReadStandardOutput, this, [this] {
        emit output(QString::fromLocal8Bit(m_process->readAllStandardOutput()), false);
    });
    connect(m_process, &QProcess::readyReadStandardError, this, [this] {
        emit output(QString::fromLocal8Bit(m_process->readAllStandardError()), true);
    });
    connect(m_process, &QProcess::finished, this, &ProcessRunner::onFinished);
    connect(m_process, &QProcess::errorOccurred, this, &ProcessRunner::onError);
    m_process->setStandardInputFile(QProcess::nullDevice());
    m_timeout.start(timeoutMsec);
    m_process->start(program, arguments);
}

void ProcessRunner::cancel()
{
    if (!m_process || m_done)
        return;
    m_note = QStringLiteral("^C");
    m_process->kill();
}

bool ProcessRunner::isRunning() const
{
    return !m_done;
}

void ProcessRunner::onFinished(int exitCode, QProcess::ExitStatus status)
{
    if (m_done)
        return;
    m_done = true;
    m_timeout.stop();
    // Output still buffered when the program ended comes before finished().
    const QByteArray out = m_process->readAllStandardOutput();
    const QByteArray err = m_process->readAllStandardError();
    if (!out.isEmpty())
        emit output(QString::fromLocal8Bit(out), false);
    if (!err.isEmpty())
        emit output(QString::fromLocal8Bit(err), true);
    emit finished(status == QProcess::NormalExit && m_note.isEmpty() ? exitCode : -1, m_note);
}

void ProcessRunner::onError(QProcess::ProcessError error)
{
    if (error != QProcess::FailedToStart || m_done)
        return;
    m_done = true;
    m_timeout.stop();
    emit finished(-1, QStringLiteral("%1: %2").arg(m_program, m_process->errorString()));
}

} // namespace clusterlab::app
