#include "classroom/lesson_runner.h"

#include "bridge/engine_commands.h"
#include "engine.h"
#include "manifest/decode.h"

#include <QCoreApplication>
#include <QPointer>
#include <QThreadPool>

#include <algorithm>

namespace clusterlab::app {

namespace {

const QString kNamespace = QStringLiteral("default");

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

/// fileOfCommand returns F for `create -f F` or `apply -f F`, else nothing.
QString fileOfCommand(const QString &command)
{
    const QStringList words = command.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (words.size() != 3
        || (words[0] != QLatin1String("create") && words[0] != QLatin1String("apply"))
        || (words[1] != QLatin1String("-f") && words[1] != QLatin1String("--filename")))
        return {};
    return words[2];
}

/// changesCluster: the kubectl verbs a replay must repeat (the others only show things).
bool changesCluster(const QString &command)
{
    static const QStringList verbs = { "create", "apply", "delete", "scale",   "label",
                                       "patch",  "set",   "expose", "replace", "annotate" };
    return verbs.contains(command.section(QLatin1Char(' '), 0, 0, QString::SectionSkipEmpty));
}

} // namespace

LessonRunner::LessonRunner(LessonStage stage, QObject *parent)
    : QObject(parent), m_stage(std::move(stage)), m_cancel(std::make_shared<std::atomic<bool>>())
{
}

LessonRunner::~LessonRunner()
{
    m_cancel->store(true);
    for (Sender &sender : m_senders)
        sender.thread.join(); // each stops within a second of the cancel
}

int LessonRunner::stepCount() const
{
    return m_lesson ? int(m_lesson->steps.size()) : 0;
}

const LessonStep *LessonRunner::currentStep() const
{
    return m_lesson && m_step < stepCount() ? &m_lesson->steps[size_t(m_step)] : nullptr;
}

void LessonRunner::open(Lesson lesson, int step)
{
    m_lesson = std::make_unique<Lesson>(std::move(lesson));
    if (m_stage.showNodes)
        m_stage.showNodes(m_lesson->view == "nodes");
    goTo(step);
}

void LessonRunner::stopRunning()
{
    // Late completions of what ran are ignored (epoch), bursts of requests stop (cancel),
    // queued and running terminal commands are dropped, the outline goes.
    ++m_epoch;
    m_queue.clear();
    m_running = false;
    m_cancel->store(true);
    m_cancel = std::make_shared<std::atomic<bool>>();
    if (m_stage.stopCommands)
        m_stage.stopCommands();
    if (m_stage.highlight)
        m_stage.highlight({});
}

void LessonRunner::close()
{
    stopRunning();
    m_lesson.reset();
    emit changed();
}

void LessonRunner::goTo(int step)
{
    if (!m_lesson)
        return;
    step = std::clamp(step, 0, stepCount() - 1);
    // Start over: an empty namespace, then every earlier step's changes at once, so the
    // cluster is what the class would have seen had the teacher walked there step by step.
    stopRunning();
    m_stage.commands->clearNamespace(kNamespace);
    if (m_stage.setUsersRate)
        m_stage.setUsersRate(m_lesson->usersRate);
    for (int i = 0; i < step; ++i)
        enqueue(m_lesson->steps[size_t(i)].actions, true);
    enter(step);
    pump(); // the replay runs even while the step waits for its prediction
}

void LessonRunner::enter(int step)
{
    m_step = step;
    m_revealed = currentStep()->question.empty();
    if (m_revealed)
        startActions();
    else
        snapshotBaseline();
    emit changed();
}

void LessonRunner::startActions()
{
    snapshotBaseline();
    enqueue(currentStep()->actions, false);
    pump();
}

void LessonRunner::next()
{
    if (!m_lesson)
        return;
    if (!m_revealed) {
        reveal();
        return;
    }
    if (!canGoNext()) {
        const QStringList wait = waiting();
        emit message(wait.isEmpty()
                             ? QStringLiteral("Still running the step's actions…")
                             : QStringLiteral("Waiting for: ") + wait.join(QStringLiteral("; ")));
        return;
    }
    if (m_step + 1 >= stepCount()) {
        emit message(QStringLiteral("That was the last step of “%1”.").arg(qs(m_lesson->title)));
        return;
    }
    enter(m_step + 1);
}

void LessonRunner::previous()
{
    if (m_lesson && m_step > 0)
        goTo(m_step - 1);
}

void LessonRunner::restart()
{
    goTo(0);
}

void LessonRunner::reveal()
{
    if (!m_lesson || m_revealed)
        return;
    m_revealed = true;
    startActions();
    emit changed();
}

void LessonRunner::runFault(int index)
{
    const LessonStep *step = currentStep();
    if (!step || index < 0 || index >= int(step->faults.size()))
        return;
    enqueue(step->faults[size_t(index)].actions, false);
    pump();
}

void LessonRunner::enqueue(const std::vector<LessonAction> &actions, bool replay)
{
    for (const LessonAction &action : actions)
        m_queue.push_back({ action, replay });
}

void LessonRunner::pump()
{
    if (m_running)
        return;
    if (m_queue.empty()) {
        emit changed();
        return;
    }
    const Queued next = m_queue.front();
    m_queue.pop_front();
    m_running = true;
    const quint64 epoch = m_epoch;
    QPointer<LessonRunner> self(this);
    run(next.action, next.replay, [self, epoch] {
        if (!self || epoch != self->m_epoch)
            return;
        self->m_running = false;
        self->pump();
    });
}

void LessonRunner::run(const LessonAction &action, bool replay, std::function<void()> done)
{
    using Kind = LessonAction::Kind;
    const QString target = qs(action.target);
    switch (action.kind) {
    case Kind::Apply:
        if (!replay && m_stage.showFile)
            m_stage.showFile(qs(action.file), qs(*m_lesson->fileText(action.file)));
        applyFile(action.file, std::move(done));
        return;
    case Kind::Show:
        if (!replay && m_stage.showFile)
            m_stage.showFile(qs(action.file), qs(*m_lesson->fileText(action.file)));
        break;
    case Kind::Kubectl: {
        const QString command = qs(action.command);
        if (replay) {
            const QString file = fileOfCommand(command);
            if (!file.isEmpty() && m_lesson->fileText(file.toStdString())) {
                applyFile(file.toStdString(), std::move(done));
                return;
            }
            if (!changesCluster(command))
                break;
        }
        if (m_stage.runKubectl) {
            m_stage.runKubectl(command, std::move(done));
            return;
        }
        break;
    }
    case Kind::Scale:
        m_stage.commands->scale(QStringLiteral("Deployment"), kNamespace, target, action.count);
        break;
    case Kind::DeletePod:
        m_stage.commands->deleteFirstPod(kNamespace, target);
        break;
    case Kind::Relabel:
        m_stage.commands->relabelFirstPod(kNamespace, target, action.labels);
        break;
    case Kind::Selector: {
        model::Labels selector;
        for (const auto &[key, value] : action.labels)
            if (value)
                selector[key] = *value;
        m_stage.commands->setServiceSelector(kNamespace, target, selector);
        break;
    }
    case Kind::Send:
        if (!replay)
            send(action);
        break;
    case Kind::Highlight:
        if (!replay && m_stage.highlight)
            m_stage.highlight(target);
        break;
    case Kind::Select:
        if (!replay && m_stage.select)
            m_stage.select(target);
        break;
    case Kind::Traffic:
        if (m_stage.setUsersRate)
            m_stage.setUsersRate(action.rate);
        break;
    case Kind::View:
        if (m_stage.showNodes)
            m_stage.showNodes(target == QLatin1String("nodes"));
        break;
    case Kind::Terminal:
        if (!replay) {
            runTerminal(qs(action.command), std::move(done));
            return;
        }
        break;
    case Kind::Exec:
        if (!replay) {
            runExec(action, std::move(done), 120);
            return;
        }
        break;
    case Kind::ProxyRules:
        if (!replay && m_stage.showProxyRules)
            m_stage.showProxyRules(target, qs(action.command));
        break;
    }
    done();
}

void LessonRunner::applyFile(const std::string &name, std::function<void()> done)
{
    manifest::DecodeReport report = manifest::decodeText(*m_lesson->fileText(name), name);
    std::shared_future<cluster::ApplyResult> result =
            m_stage.engine->apply(std::move(report.objects), cluster::ApplyMode::Apply).share();
    QPointer<LessonRunner> self(this);
    // The wait happens on a pool thread; the answer comes back queued to the GUI thread.
    QThreadPool::globalInstance()->start([result, self, done = std::move(done)] {
        QStringList lines;
        bool ok = false;
        try {
            const cluster::ApplyResult &r = result.get();
            ok = r.ok;
            for (const auto &line : r.outcomes)
                lines << qs(line);
            for (const auto &d : r.diagnostics)
                lines << qs(d.format());
        } catch (const std::exception &e) {
            lines << qs(e.what());
        }
        QMetaObject::invokeMethod(
                qApp,
                [self, ok, lines, done] {
                    if (!self)
                        return;
                    if (!ok)
                        emit self->message(QStringLiteral("The lesson's manifest was refused: ")
                                           + lines.join(QStringLiteral("; ")));
                    done();
                },
                Qt::QueuedConnection);
    });
}

bool LessonRunner::canGoNext() const
{
    return m_lesson && m_revealed && !busy() && waiting().isEmpty();
}

} // namespace clusterlab::app
