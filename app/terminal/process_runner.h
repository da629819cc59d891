#pragma once

#include <QObject>
#include <QProcess>
#include <QTimer>

namespace clusterlab::app {

/// ProcessRunner runs one real program for the terminal, without a shell and without
/// blocking: output arrives as it is written, the program is stopped when it runs longer than
/// the time limit or when cancel() is called, and finished() always comes exactly once.
/// Thread: GUI thread.
class ProcessRunner : public QObject
{
    Q_OBJECT

public:
    explicit ProcessRunner(QObject *parent = nullptr);
    ~ProcessRunner() override;

    /// start launches program (a path or a name on PATH) with arguments; stdin is closed, so
    /// a program that asks for input sees end of file.
    void start(const QString &program, const QStringList &arguments,
               const QProcessEnvironment &environment, const QString &workingDirectory,
               int timeoutMsec);
    /// cancel stops the program (Ctrl+C); finished() follows with a note.
    void cancel();
    bool isRunning() const;

    /// cleanEnvironment is the system environment without proxies (which would send
    /// ClusterLab's loopback addresses elsewhere) and without colours.
    static QProcessEnvironment cleanEnvironment();

signals:
    /// output is text the program wrote; error marks stderr.
    void output(const QString &text, bool error);
    /// finished reports the exit code (-1 when stopped or not started) and, when the panel
    /// ended it, why ("stopped after 20 s").
    void finished(int exitCode, const QString &note);

private:
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void onError(QProcess::ProcessError error);

    QProcess *m_process = nullptr;
    QTimer m_timeout;
    QString m_program;
    QString m_note; ///< why the panel stopped the program, if it did
    bool m_done = true;
};

} // namespace clusterlab::app
