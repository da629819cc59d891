#pragma once

#include "terminal/command_policy.h"

#include <QStringList>
#include <QThreadPool>
#include <QWidget>

class QLabel;
class QPlainTextEdit;

namespace clusterlab {
class Engine;
}

namespace clusterlab::app {

class ProcessRunner;
class TerminalInput;
struct KubectlResult;

/// TerminalPanel is where the teacher types `kubectl ...`, `curl`, `dig` or `redis-cli` and
/// sees the output. kubectl is the real one against ClusterLab's kubeconfig when both exist,
/// else a built-in subset; the other tools are real programs that may only contact
/// ClusterLab's own addresses. The GUI thread never waits: programs run through QProcess,
/// the built-in kubectl and address look-ups on a worker thread.
/// Thread: GUI thread. The engine must outlive the panel.
class TerminalPanel : public QWidget
{
    Q_OBJECT

public:
    explicit TerminalPanel(Engine &engine, QWidget *parent = nullptr);
    ~TerminalPanel() override;

    /// setKubeconfig is the kubeconfig the real kubectl gets as KUBECONFIG (the engine's
    /// kubeconfigPath()); empty: the API is off and kubectl is the built-in subset.
    void setKubeconfig(const QString &path);
    /// setWorkingDirectory is where programs run and relative -f files are read (lessons).
    void setWorkingDirectory(const QString &dir);
    /// setBuiltinKubectl forces the built-in kubectl even when the real one could run (also
    /// forced by the environment variable CLUSTERLAB_BUILTIN_KUBECTL=1).
    void setBuiltinKubectl(bool forced);
    /// kubectlMode is how `kubectl` runs now.
    KubectlMode kubectlMode() const;
    /// setPresentation switches to large text and high contrast for a projector.
    void setPresentation(bool on);
    bool presentation() const { return m_presentation; }
    /// setTimeout is how long a real program may run (default 20 s).
    void setTimeout(int msec);

    /// run runs a command line as if typed and entered; while another runs it waits its turn.
    /// It returns the run's id, which runFinished() names when it ends, ran or not.
    quint64 run(const QString &commandLine);
    /// interrupt stops the running command (Ctrl+C) and drops the ones waiting (each still
    /// gets its runFinished(), with -1).
    void interrupt();
    /// clear empties the output (Ctrl+L).
    void clear();
    bool isBusy() const { return m_busy; }
    /// outputText is everything shown, as plain text.
    QString outputText() const;

signals:
    /// finished reports a command's exit code (-1 when stopped) and everything it printed.
    void finished(const QString &commandLine, int exitCode, const QString &output);
    /// runFinished follows finished() for the run run() returned id for; also for a run
    /// interrupt() dropped before it started (exitCode -1).
    void runFinished(quint64 id, int exitCode);
    void busyChanged(bool busy);

private:
    /// Echo and Aside are the panel's own words, kept out of a command's reported output.
    enum class Style { Echo, Out, Err, Note, Aside };

    void startNext();
    void decide(const QStringList &argv, const AddressBook &book);
    void runBuiltin(const QStringList &arguments);
    void runProgram(const CommandPlan &plan);
    void showBuiltinResult(const KubectlResult &result);
    void finish(int exitCode);
    void print(const QString &text, Style style);
    void applyStyle();
    void setBusy(bool busy);

    Engine &m_engine;
    QPlainTextEdit *m_output = nullptr;
    QLabel *m_prompt = nullptr;
    TerminalInput *m_input = nullptr;
    ProcessRunner *m_runner = nullptr;
    QThreadPool m_pool; ///< the built-in kubectl and address look-ups; one at a time
    QString m_kubeconfig;
    QString m_workingDirectory;
    bool m_forceBuiltin = false;
    bool m_presentation = false;
    bool m_toldBuiltin = false; ///< said once that kubectl is the built-in subset
    int m_timeoutMsec = 20000;
    bool m_busy = false;
    quint64 m_generation = 0; ///< bumps on interrupt, so a late worker result is dropped
    QList<std::pair<quint64, QString>> m_queue; ///< runs waiting for the running one
    QString m_current; ///< the running command line
    quint64 m_currentId = 0;
    quint64 m_lastId = 0;
    QString m_currentOutput;
    bool m_lineOpen = false; ///< the last text printed did not end its line
};

} // namespace clusterlab::app
