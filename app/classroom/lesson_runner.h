#pragma once

#include "classroom/lesson.h"
#include "classroom/lesson_request.h"

#include <QHash>
#include <QObject>
#include <QStringList>

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <thread>

namespace clusterlab {
class Engine;
}

namespace clusterlab::app {

class ClusterState;
class EngineCommands;

/// LessonStage is what a lesson acts on: the engine, the cluster as the window sees it, and
/// the window's parts. The functions are the window's (the main window wires them): run a
/// kubectl command (or any command line) in the terminal (done() when it ends), show or apply
/// a lesson file in the editor, highlight or select an item on the canvas, set the users'
/// rate, show lanes or nodes, bring kube-proxy's rules forward.
struct LessonStage
{
    Engine *engine = nullptr;
    const ClusterState *state = nullptr;
    EngineCommands *commands = nullptr;
    std::function<void(const QString &command, std::function<void()> done)> runKubectl;
    std::function<void(const QString &commandLine, std::function<void()> done)> runCommand;
    std::function<void()> stopCommands; ///< a jump or close stops the commands still running
    std::function<void(const QString &name, const QString &text)> showFile;
    std::function<void(const QString &ref)> highlight;
    std::function<void(const QString &ref)> select;
    std::function<void(double perSecond)> setUsersRate;
    std::function<void(bool nodes)> showNodes; ///< the canvas in node view (true) or lanes
    /// showProxyRules shows the kube-proxy rules dock in mode ("iptables", "ipvs", "nftables"),
    /// its listing filtered to Services whose name contains filter (empty: all).
    std::function<void(const QString &mode, const QString &filter)> showProxyRules;
};

/// LessonRunner walks a lesson step by step: it runs a step's actions in order (each waits
/// for the one before), holds them back behind a prediction until it is revealed, checks the
/// step's conditions, and lets the teacher go back or jump by starting the lesson's cluster
/// over and replaying the earlier steps at once. Thread: GUI thread; never waits.
class LessonRunner : public QObject
{
    Q_OBJECT
public:
    explicit LessonRunner(LessonStage stage, QObject *parent = nullptr);
    ~LessonRunner() override;

    /// open clears the default namespace and starts the lesson at step (0-based).
    void open(Lesson lesson, int step = 0);
    void close();
    bool isOpen() const { return m_lesson != nullptr; }
    const Lesson *lesson() const { return m_lesson.get(); }
    int step() const { return m_step; }
    int stepCount() const;
    const LessonStep *currentStep() const;

    /// revealed: the step's question (if any) has been answered and its actions started.
    bool revealed() const { return m_revealed; }
    /// busy: actions are still running (an apply, a kubectl command, a replay).
    bool busy() const { return !m_queue.empty() || m_running; }
    /// waiting describes the conditions not met yet ("2 of 3 backend endpoints ready").
    QStringList waiting() const;
    bool canGoNext() const;
    /// servedSince is how many requests service answered since the step's actions began.
    quint64 servedSince(const QString &service) const;
    QHash<QString, quint64> baseline() const { return m_baselineByIP; }
    /// replies are the answers (and, for expect: refused, the refusals) of the step's
    /// requests through node ports and load balancers, oldest first.
    const QList<LessonReply> &replies() const { return m_replies; }
    /// refusedSince counts the step's refused requests to service.
    int refusedSince(const QString &service) const;

    /// next reveals a pending prediction, else moves on when the conditions allow.
    void next();
    void previous();
    void restart();
    void goTo(int step);
    void reveal();
    void runFault(int index);

signals:
    /// changed: the step, its state or a condition changed; the panel redraws.
    void changed();
    /// message: something the class should read in the status line (a refusal, a failure).
    void message(const QString &text);

private:
    struct Queued
    {
        LessonAction action;
        bool replay = false; ///< jumping: only what changes the cluster runs
    };
    void stopRunning();
    void enter(int step);
    void startActions();
    void enqueue(const std::vector<LessonAction> &actions, bool replay);
    void pump();
    void run(const LessonAction &action, bool replay, std::function<void()> done);
    void applyFile(const std::string &name, std::function<void()> done);
    void send(const LessonAction &action);
    void sendToClusterIP(const QString &service, int count);
    /// sendVia starts a burst through node ports or a load balancer once lessonTargets can
    /// say where to (tried again every 250 ms for up to 10 s: a Pod starting, an address
    /// pending).
    void sendVia(const LessonAction &action, int triesLeft);
    void startSender(std::function<void(const std::atomic<bool> &cancel)> work);
    void runTerminal(const QString &command, std::function<void()> done);
    /// runExec runs `kubectl exec` in the terminal for an exec: action once the Pods are
    /// ready (as pods-ready; looked at every 250 ms, triesLeft more times); a label selector
    /// becomes its first running Pod by name.
    void runExec(const LessonAction &action, std::function<void()> done, int triesLeft);
    bool conditionMet(const LessonCondition &condition, QString *progress) const;
    quint64 servedTotal(const QString &service) const;
    void snapshotBaseline();

    LessonStage m_stage;
    std::unique_ptr<Lesson> m_lesson;
    int m_step = 0;
    bool m_revealed = false;
    bool m_running = false;
    quint64 m_epoch = 0; ///< bumped on every jump: late completions of old actions are ignored
    std::deque<Queued> m_queue;
    QHash<QString, quint64> m_servedBaseline; ///< per Service, when the step's actions began
    QHash<QString, quint64> m_baselineByIP; ///< per endpoint IP, for the step's chart
    QList<LessonReply> m_replies; ///< the step's, from its sends through nodes and balancers
    quint64 m_stepSerial = 0; ///< bumped when a step's actions begin: older replies are dropped
    std::shared_ptr<std::atomic<bool>> m_cancel;
    struct Sender
    {
        std::thread thread;
        std::shared_ptr<std::atomic<bool>> done;
    };
    std::vector<Sender> m_senders; ///< bursts of send: actions; finished ones are joined
};

/// lessonExecArguments is what follows `kubectl` for an exec: action into pod (a name or
/// TYPE/NAME): `exec POD [-c CONTAINER] -- WORDS`, the command's own words when it has no
/// shell syntax, else `sh -c '…'` (as the terminal panel splits it back).
QString lessonExecArguments(const QString &pod, const QString &container, const QString &command);

} // namespace clusterlab::app
