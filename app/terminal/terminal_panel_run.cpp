// TerminalPanel's command flow: echo, split, (read the cluster's addresses off the GUI
// thread), decide, run, report. One command at a time; the rest wait in m_queue.
#include "terminal/builtin_kubectl.h"
#include "terminal/command_line.h"
#include "terminal/process_runner.h"
#include "terminal/terminal_input.h"
#include "terminal/terminal_panel.h"

#include <QStandardPaths>

#include <tuple>
#include <utility>

namespace clusterlab::app {

namespace {

/// offThread runs work on pool and hands its result to done on context's thread, unless
/// generation has moved on by then (the command was interrupted).
template <typename Work, typename Done>
void offThread(QThreadPool &pool, QObject *context, const quint64 *generation, Work work, Done done)
{
    const quint64 expected = *generation;
    pool.start([context, generation, expected, work = std::move(work),
                done = std::move(done)]() mutable {
        auto result = work();
        QMetaObject::invokeMethod(
                context,
                [generation, expected, result = std::move(result), done = std::move(done)]() {
                    if (*generation == expected)
                        done(result);
                },
                Qt::QueuedConnection);
    });
}

} // namespace

quint64 TerminalPanel::run(const QString &commandLine)
{
    m_input->history().add(commandLine);
    const quint64 id = ++m_lastId;
    m_queue.append({ id, commandLine });
    if (!m_busy)
        startNext();
    return id;
}

void TerminalPanel::interrupt()
{
    for (const auto &[id, line] : std::exchange(m_queue, {}))
        emit runFinished(id, -1);
    if (!m_busy)
        return;
    if (m_runner->isRunning()) {
        m_runner->cancel(); // finished() follows from the runner
        return;
    }
    ++m_generation; // a worker's late result is dropped
    print(QStringLiteral("^C\n"), Style::Note);
    finish(-1);
}

void TerminalPanel::startNext()
{
    while (!m_busy && !m_queue.isEmpty()) {
        std::tie(m_currentId, m_current) = m_queue.takeFirst();
        m_currentOutput.clear();
        print(QStringLiteral("$ ") + m_current + QLatin1Char('\n'), Style::Echo);
        const CommandLine line = splitCommandLine(m_current);
        if (!line.error.isEmpty()) {
            print(line.error + QLatin1Char('\n'), Style::Err);
            emit finished(m_current, 2, m_currentOutput);
            emit runFinished(m_currentId, 2);
            continue;
        }
        if (line.argv.isEmpty()) {
            emit finished(m_current, 0, QString());
            emit runFinished(m_currentId, 0);
            continue;
        }
        setBusy(true);
        if (!needsAddresses(line.argv)) {
            decide(line.argv, AddressBook());
            continue;
        }
        Engine *engine = &m_engine;
        offThread(
                m_pool, this, &m_generation,
                [engine] {
                    return snapshotAddresses(*engine);
                },
                [this, argv = line.argv](const AddressBook &book) {
                    decide(argv, book);
                });
    }
}

void TerminalPanel::decide(const QStringList &argv, const AddressBook &book)
{
    const CommandPlan plan = planCommand(argv, kubectlMode(), book);
    switch (plan.action) {
    case CommandPlan::Action::Refuse:
        print(plan.message + QLatin1Char('\n'), Style::Err);
        finish(1);
        return;
    case CommandPlan::Action::Help:
        print(terminalHelpText(), Style::Out);
        finish(0);
        return;
    case CommandPlan::Action::Clear:
        clear();
        finish(0);
        return;
    case CommandPlan::Action::BuiltinKubectl:
        runBuiltin(plan.arguments);
        return;
    case CommandPlan::Action::Run:
        runProgram(plan);
        return;
    }
}

void TerminalPanel::runBuiltin(const QStringList &arguments)
{
    if (!m_toldBuiltin) {
        m_toldBuiltin = true;
        const QString why = m_forceBuiltin ? tr("as set")
                : m_kubeconfig.isEmpty()   ? tr("the Kubernetes API is off")
                                           : tr("kubectl is not installed");
        print(tr("(kubectl here is ClusterLab's built-in subset, %1: %2)\n")
                      .arg(why, BuiltinKubectl::verbs().join(QStringLiteral(", "))),
              Style::Aside);
    }
    Engine *engine = &m_engine;
    offThread(
            m_pool, this, &m_generation,
            [engine, arguments, dir = m_workingDirectory] {
                return BuiltinKubectl(*engine, dir).run(arguments);
            },
            [this](const KubectlResult &result) {
                showBuiltinResult(result);
            });
}

void TerminalPanel::showBuiltinResult(const KubectlResult &result)
{
    print(QString::fromStdString(result.out), Style::Out);
    print(QString::fromStdString(result.err), Style::Err);
    finish(result.exitCode);
}

void TerminalPanel::runProgram(const CommandPlan &plan)
{
    const QString path = QStandardPaths::findExecutable(plan.program);
    if (path.isEmpty()) {
        print(installHint(plan.program) + QLatin1Char('\n'), Style::Err);
        finish(127);
        return;
    }
    QProcessEnvironment env = ProcessRunner::cleanEnvironment();
    if (plan.program == QLatin1String("kubectl"))
        env.insert(QStringLiteral("KUBECONFIG"), m_kubeconfig);
    m_runner->start(path, plan.arguments, env, m_workingDirectory, m_timeoutMsec);
}

void TerminalPanel::finish(int exitCode)
{
    const QString line = std::exchange(m_current, QString());
    const QString output = std::exchange(m_currentOutput, QString());
    if (m_lineOpen) // kubectl -o jsonpath ends without a newline; the next command starts one
        print(QStringLiteral("\n"), Style::Aside);
    setBusy(false);
    emit finished(line, exitCode, output);
    emit runFinished(m_currentId, exitCode);
    if (!m_queue.isEmpty())
        QMetaObject::invokeMethod(this, &TerminalPanel::startNext, Qt::QueuedConnection);
}

} // namespace clusterlab::app
