// LessonRunner's requests from this computer: bursts to a Service's ClusterIP (through the
// engine), through node ports and load balancers (to the addresses lessonTargets finds), and
// the terminal command lines a step runs with their ${…} filled in.
#include "classroom/lesson_runner.h"
#include "engine.h"
#include "state/cluster_state.h"

#include <QCoreApplication>
#include <QPointer>
#include <QTimer>

#include <chrono>

namespace clusterlab::app {

namespace {

const QString kNamespace = QStringLiteral("default");

constexpr int kMaxRefusals = 40; ///< a burst that expects answers gives up after these

} // namespace

void LessonRunner::send(const LessonAction &action)
{
    if (action.via.empty())
        sendToClusterIP(QString::fromStdString(action.target), action.count);
    else
        sendVia(action, 40);
}

void LessonRunner::startSender(std::function<void(const std::atomic<bool> &cancel)> work)
{
    std::erase_if(m_senders, [](Sender &sender) {
        if (!sender.done->load())
            return false;
        sender.thread.join(); // finished: joins at once
        return true;
    });
    auto done = std::make_shared<std::atomic<bool>>(false);
    std::thread thread([cancel = m_cancel, done, work = std::move(work)] {
        const struct Finish
        {
            std::atomic<bool> &flag;
            ~Finish() { flag.store(true); }
        } finish{ *done };
        work(*cancel);
    });
    m_senders.push_back({ std::move(thread), std::move(done) });
}

void LessonRunner::sendToClusterIP(const QString &service, int count)
{
    // A bounded burst, paced so a class can watch the packets: count answered requests, 60 ms
    // apart. A refused one (the Pods are still starting) is tried again after 250 ms, up to
    // 40 times in all, so a step can send right after it applied its manifests. A jump or
    // closing the lesson stops it between requests.
    startSender([engine = m_stage.engine, ns = kNamespace.toStdString(),
                 name = service.toStdString(), count](const std::atomic<bool> &cancel) {
        int answered = 0, refused = 0;
        while (answered < count && refused < kMaxRefusals && !cancel.load()) {
            std::string answer;
            try {
                auto reply = engine->curl(ns, name);
                for (int waited = 0; waited < 50 && !cancel.load(); ++waited)
                    if (reply.wait_for(std::chrono::milliseconds(100))
                        == std::future_status::ready) {
                        answer = reply.get();
                        break;
                    }
            } catch (const std::exception &) {
                return; // the engine is stopping
            }
            const bool ok = !answer.empty() && answer.rfind("curl: (", 0) != 0;
            answered += ok;
            refused += !ok;
            std::this_thread::sleep_for(std::chrono::milliseconds(ok ? 60 : 250));
        }
    });
}

void LessonRunner::sendVia(const LessonAction &action, int triesLeft)
{
    const QString service = QString::fromStdString(action.target);
    QString why;
    std::vector<LessonTarget> targets =
            lessonTargets(*m_stage.state, kNamespace, service, action.via, &why);
    QPointer<LessonRunner> self(this);
    const quint64 epoch = m_epoch, serial = m_stepSerial;
    if (targets.empty()) {
        if (triesLeft <= 0) {
            emit message(QStringLiteral("Nothing sent to %1: %2").arg(service, why));
            return;
        }
        QTimer::singleShot(250, this, [self, action, triesLeft, epoch] {
            if (self && self->m_epoch == epoch)
                self->sendVia(action, triesLeft - 1);
        });
        return;
    }
    // Each reply comes back queued to the GUI thread, for the step that sent it only.
    const auto deliver = [self, epoch, serial, service](LessonReply reply) {
        reply.service = service;
        QMetaObject::invokeMethod(
                qApp,
                [self, epoch, serial, reply] {
                    if (!self || self->m_epoch != epoch || self->m_stepSerial != serial)
                        return;
                    if (reply.error.startsWith(QLatin1String("gave up"))) {
                        emit self->message(QStringLiteral("No answer from %1 through %2: %3")
                                                   .arg(reply.service, reply.target, reply.error));
                        return;
                    }
                    self->m_replies << reply;
                    emit self->changed();
                },
                Qt::QueuedConnection);
    };
    // Requests cycle through the targets, 60 ms apart. Expecting answers, a refused one is
    // tried again after 250 ms (up to 40 times); expecting refusals, each is tried once.
    startSender([engine = m_stage.engine, targets = std::move(targets), count = action.count,
                 expectRefused = action.expectRefused, deliver](const std::atomic<bool> &cancel) {
        int answered = 0, refused = 0;
        std::size_t next = 0;
        LessonReply last;
        while (!cancel.load()
               && (expectRefused ? answered + refused < count
                                 : answered < count && refused < kMaxRefusals)) {
            last = requestOnce(*engine, targets[next % targets.size()], std::chrono::seconds(1));
            answered += last.answered;
            refused += !last.answered;
            if (last.answered || expectRefused) {
                ++next;
                deliver(last);
            }
            std::this_thread::sleep_for(
                    std::chrono::milliseconds(last.answered || expectRefused ? 60 : 250));
        }
        if (!expectRefused && refused >= kMaxRefusals && !cancel.load()) {
            last.error = QStringLiteral("gave up after %1 refusals (%2)")
                                 .arg(kMaxRefusals)
                                 .arg(last.error);
            deliver(last);
        }
    });
}

void LessonRunner::runTerminal(const QString &command, std::function<void()> done)
{
    QStringList missing;
    const QString line = expandPlaceholders(command, *m_stage.state, &missing);
    if (!missing.isEmpty())
        emit message(QStringLiteral("Not known yet: %1").arg(missing.join(QStringLiteral(", "))));
    if (!m_stage.runCommand) {
        done();
        return;
    }
    m_stage.runCommand(line, std::move(done));
}

} // namespace clusterlab::app
