#include "bridge/engine_bridge.h"

#include <QCoreApplication>
#include <QPointer>
#include <QThreadPool>

namespace clusterlab::app {

EngineBridge::EngineBridge(Engine *engine, QObject *parent) : QObject(parent), m_engine(engine)
{
    qRegisterMetaType<BridgeBatch>();
    m_frameTimer.setSingleShot(true);
    m_frameTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_frameTimer, &QTimer::timeout, this, &EngineBridge::deliver);
    m_sinceDelivery.start();
    if (m_engine)
        m_engine->addObserver(this);
}

EngineBridge::~EngineBridge()
{
    // removeObserver waits for a running onBatch (the engine holds its observers mutex while
    // calling), so nothing touches the mailbox after this line.
    if (m_engine)
        m_engine->removeObserver(this);
}

void EngineBridge::onBatch(const EngineBatch &batch)
{
    m_mailbox.merge(batch);
    if (!m_pending.exchange(true))
        QMetaObject::invokeMethod(this, &EngineBridge::scheduleDelivery, Qt::QueuedConnection);
}

void EngineBridge::prime()
{
    if (!m_engine)
        return;
    using Lists = std::vector<std::shared_future<std::vector<model::ObjectPtr>>>;
    Lists lists;
    for (const char *kind : { "Node", "Service", "Endpoints", "Deployment", "ReplicaSet",
                              "StatefulSet", "ReplicationController", "Pod", "Event" })
        lists.push_back(m_engine->list(kind).share());
    std::shared_future<NetworkFacts> facts = m_engine->networkFacts().share();
    QPointer<EngineBridge> self(this);
    QThreadPool::globalInstance()->start([lists, facts, self] {
        auto batch = std::make_shared<EngineBatch>();
        batch->facts = facts.get();
        for (const auto &list : lists)
            for (const model::ObjectPtr &object : list.get())
                batch->events.push_back({ cluster::WatchEvent::Type::Added, nullptr, object });
        QMetaObject::invokeMethod(
                qApp,
                [self, batch] {
                    if (self)
                        self->onBatch(*batch);
                },
                Qt::QueuedConnection);
    });
}

void EngineBridge::scheduleDelivery()
{
    const qint64 elapsed = m_sinceDelivery.elapsed();
    if (elapsed >= kFrameMs)
        deliver();
    else if (!m_frameTimer.isActive())
        m_frameTimer.start(int(kFrameMs - elapsed));
}

void EngineBridge::deliver()
{
    // Clear the flag before taking: a batch merged after take() queues the next delivery.
    m_pending = false;
    BridgeBatch batch = m_mailbox.take();
    if (batch.empty())
        return;
    m_sinceDelivery.restart();
    ++m_deliveries;
    try {
        emit batchReady(batch);
    } catch (const std::exception &error) {
        qWarning("clusterlab: a batch could not be shown: %s", error.what());
    }
}

} // namespace clusterlab::app
