// LessonRunner's exec: actions: the command runs in a Pod through the real `kubectl exec`
// in the terminal panel, so the class reads the command line and what the Pod printed, and
// the canvas draws the requests it makes from that Pod.
#include "classroom/lesson_runner.h"
#include "model/label_selector.h"
#include "model/pod.h"
#include "state/cluster_state.h"

#include <QPointer>
#include <QTimer>

namespace clusterlab::app {

namespace {

const QString kNamespace = QStringLiteral("default");

/// plainWords: a command line a shell would split into words and nothing else.
bool plainWords(const QString &command)
{
    for (const QChar c : command)
        if (!c.isLetterOrNumber() && !QStringLiteral(" -_./:=@%+,").contains(c))
            return false;
    return true;
}

/// shellQuoted is text in single quotes, each ' written '\'' (the terminal splits it back).
QString shellQuoted(QString text)
{
    return QLatin1Char('\'') + text.replace(QLatin1Char('\''), QLatin1String("'\\''"))
            + QLatin1Char('\'');
}

/// firstRunningPod is the first Pod by name in ns that selector matches, running and not
/// terminating (as delete-pod picks), or empty.
QString firstRunningPod(const ClusterState &state, const std::string &selectorText)
{
    model::LabelSelector selector;
    std::string error;
    if (!model::parseSelectorString(selectorText, selector, error))
        return {};
    const ClusterMirror &mirror = state.mirror();
    QString first;
    for (const QString &uid : mirror.podUids()) {
        const model::Pod *pod = mirror.pod(uid);
        if (!pod || model::isPodTerminating(*pod) || pod->status.phase != "Running"
            || QString::fromStdString(pod->metadata.namespace_) != kNamespace
            || !model::matches(selector, pod->metadata.labels))
            continue;
        const QString name = QString::fromStdString(pod->metadata.name);
        if (first.isEmpty() || name < first)
            first = name;
    }
    return first;
}

} // namespace

/// lessonExecArguments is what follows `kubectl` for an exec: action into pod: the command's
/// own words when it has no shell syntax, else `sh -c '…'`.
QString lessonExecArguments(const QString &pod, const QString &container, const QString &command)
{
    QString out = QStringLiteral("exec ") + pod;
    if (!container.isEmpty())
        out += QStringLiteral(" -c ")
                + (plainWords(container) ? container : shellQuoted(container));
    out += QStringLiteral(" -- ");
    const QString trimmed = command.trimmed();
    out += plainWords(trimmed) ? trimmed : QStringLiteral("sh -c ") + shellQuoted(trimmed);
    return out;
}

void LessonRunner::runExec(const LessonAction &action, std::function<void()> done, int triesLeft)
{
    // The Pods a jump has just replayed are still starting: a command can only run in a
    // running container, so wait for them as pods-ready does (kubectl has the last word).
    LessonCondition podsReady;
    podsReady.kind = LessonCondition::Kind::PodsReady;
    const bool ready = conditionMet(podsReady, nullptr);
    QString pod = QString::fromStdString(action.target);
    // kubectl exec takes no selector: the lesson picks the Pod, once one runs (never the
    // selector itself, even when the Pods are still not all ready on the last try).
    if (action.target.find('=') != std::string::npos)
        pod = firstRunningPod(*m_stage.state, action.target);
    if (!ready || pod.isEmpty()) {
        if (triesLeft > 0) {
            QPointer<LessonRunner> self(this);
            QTimer::singleShot(250, this, [self, action, done, triesLeft, epoch = m_epoch] {
                if (self && self->m_epoch == epoch)
                    self->runExec(action, done, triesLeft - 1);
            });
            return;
        }
        if (pod.isEmpty()) {
            emit message(QStringLiteral("No running Pod matches %1: nothing to exec into")
                                 .arg(QString::fromStdString(action.target)));
            done();
            return;
        }
    }
    if (!m_stage.runKubectl) {
        done();
        return;
    }
    m_stage.runKubectl(lessonExecArguments(pod, QString::fromStdString(action.container),
                                           QString::fromStdString(action.command)),
                       std::move(done));
}

} // namespace clusterlab::app
