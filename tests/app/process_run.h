#pragma once

// One program run to its end, as tst_cli runs `clusterlab` and the tst_kubectl_* tests run
// kubectl: its exit code and what it printed on each channel.

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace process_test {

/// ProcessRun is what one program printed and how it ended (exitCode -1: it crashed, or was
/// killed when it ran out of time).
struct ProcessRun
{
    int exitCode = -1;
    QString out;
    QString err;
};

/// runProcess runs program with arguments in env (empty: this process's environment), waits
/// at most timeoutMs for it to end, and kills it otherwise.
inline ProcessRun runProcess(const QString &program, const QStringList &arguments, int timeoutMs,
                             const QProcessEnvironment &env = {})
{
    QProcess process;
    if (!env.isEmpty())
        process.setProcessEnvironment(env);
    process.start(program, arguments);
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
    }
    ProcessRun result;
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

} // namespace process_test
