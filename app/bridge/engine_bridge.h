#pragma once

#include "bridge/batch_mailbox.h"
#include "bridge/bridge_batch.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <atomic>

namespace clusterlab::app {

/// EngineBridge is the one place where engine batches cross into the GUI thread. onBatch()
/// merges into a mailbox and, when no delivery is pending, queues one; deliver() runs on the
/// GUI thread at most once per frame (kFrameMs), swaps the mailbox out (with the newest exact
/// flow counts the engine sent) and emits batchReady; it never asks the engine or the data
/// plane anything. A slow GUI makes frames bigger (and
/// drops flow samples past BridgeBatch::kMaxFlows), never slows the engine, never loses counts.
/// Thread: onBatch from any thread; everything else on the GUI thread.
class EngineBridge : public QObject, public EngineObserver
{
    Q_OBJECT
public:
    static constexpr int kFrameMs = 16;

    /// EngineBridge observes engine (when given) until destroyed.
    explicit EngineBridge(Engine *engine, QObject *parent = nullptr);
    ~EngineBridge() override;

    void onBatch(const EngineBatch &batch) override;
    /// prime delivers the objects that exist already (Nodes, Services, ... made before the
    /// bridge was watching) as one batch of Added events, with the network facts. The engine lists them on its strand
    /// and a pool thread waits for the lists, so the GUI thread never does.
    void prime();
    /// deliveries counts the batches emitted so far.
    int deliveries() const { return m_deliveries; }

signals:
    void batchReady(const clusterlab::app::BridgeBatch &batch);

private:
    void scheduleDelivery();
    void deliver();

    Engine *m_engine;
    BatchMailbox m_mailbox;
    std::atomic_bool m_pending{ false };
    QElapsedTimer m_sinceDelivery;
    QTimer m_frameTimer;
    int m_deliveries = 0;
};

} // namespace clusterlab::app
