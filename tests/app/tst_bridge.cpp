// tst_bridge: the bridge coalesces engine batches into one queued batch per frame.
#include "bridge/batch_mailbox.h"
#include "bridge/engine_bridge.h"
#include "model/pod.h"
#include "state/cluster_state.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <fstream>
#include <sstream>
#include <thread>

using namespace clusterlab;
using namespace clusterlab::app;

namespace {

model::ObjectPtr pod(const std::string &uid, const std::string &phase)
{
    model::Pod p;
    p.metadata.uid = uid;
    p.metadata.name = "pod-" + uid;
    p.metadata.namespace_ = "default";
    p.status.phase = phase;
    return std::make_shared<const model::Object>(p);
}

cluster::WatchEvent watchEvent(cluster::WatchEvent::Type type, model::ObjectPtr previous,
                               model::ObjectPtr current)
{
    return { type, std::move(previous), std::move(current) };
}

net::FlowSample flow(int i)
{
    net::FlowSample sample;
    sample.event.id = std::uint64_t(i);
    sample.event.serviceName = "backend";
    return sample;
}

std::string phaseOf(const model::ObjectPtr &object)
{
    return object ? std::get<model::Pod>(*object).status.phase : std::string("(none)");
}

} // namespace

class TestBridge : public QObject
{
    Q_OBJECT
private slots:
    void mailboxCoalescesPerUid_data();
    void mailboxCoalescesPerUid();
    void burstFromAnotherThreadArrivesAsOneBatch();
    void framesAreAtLeastOneFrameApart();
    void overloadDropsSamplesNeverEvents();
    void newestCountsAndFactsWin();
    void realEngineEventsReachTheGuiThread();
    void stateAppliesEachBatchOnceAndSaysWhatChanged();
};

void TestBridge::mailboxCoalescesPerUid_data()
{
    QTest::addColumn<QStringList>("steps"); // "A:phase", "M:phase", "D"
    QTest::addColumn<QString>("expected"); // "type previous current" or "" for nothing

    QTest::addRow("an add then updates is one add with the last state")
            << QStringList{ "A:Pending", "M:Running", "M:Succeeded" } << "Added (none) Succeeded";
    QTest::addRow("updates keep the first previous and the last current")
            << QStringList{ "M:Running", "M:Failed" } << "Modified Pending Failed";
    QTest::addRow("an add and a delete in one frame cancel out")
            << QStringList{ "A:Pending", "M:Running", "D" } << "";
    QTest::addRow("an update then a delete is a delete of the first previous")
            << QStringList{ "M:Running", "D" } << "Deleted Pending (none)";
}

void TestBridge::mailboxCoalescesPerUid()
{
    QFETCH(QStringList, steps);
    QFETCH(QString, expected);
    using Type = cluster::WatchEvent::Type;
    BatchMailbox mailbox;
    model::ObjectPtr last = pod("u1", "Pending");
    for (const QString &step : steps) {
        EngineBatch batch;
        if (step == "D") {
            batch.events.push_back(watchEvent(Type::Deleted, last, nullptr));
        } else {
            const auto next = pod("u1", step.mid(2).toStdString());
            const Type type = step.startsWith('A') ? Type::Added : Type::Modified;
            batch.events.push_back(watchEvent(type, type == Type::Added ? nullptr : last, next));
            last = next;
        }
        mailbox.merge(batch);
    }
    const BridgeBatch out = mailbox.take();
    if (expected.isEmpty()) {
        QVERIFY(out.events.empty());
        return;
    }
    QCOMPARE(out.events.size(), 1u);
    const auto &e = out.events.front();
    const char *names[] = { "Added", "Modified", "Deleted" };
    QCOMPARE(QString::fromStdString(std::string(names[int(e.type)]) + " " + phaseOf(e.previous)
                                    + " " + phaseOf(e.current)),
             expected);
    QVERIFY(mailbox.take().events.empty());
}

void TestBridge::burstFromAnotherThreadArrivesAsOneBatch()
{
    EngineBridge bridge(nullptr);
    std::vector<BridgeBatch> received;
    connect(&bridge, &EngineBridge::batchReady, this, [&](const BridgeBatch &batch) {
        received.push_back(batch);
    });
    std::thread engineThread([&] {
        for (int i = 0; i < 1000; ++i) {
            EngineBatch batch;
            batch.events.push_back(watchEvent(cluster::WatchEvent::Type::Modified,
                                              pod(std::to_string(i % 10), "Pending"),
                                              pod(std::to_string(i % 10), "Running")));
            batch.flows.push_back(flow(i));
            bridge.onBatch(batch);
        }
    });
    engineThread.join();
    QTRY_COMPARE(received.size(), 1u);
    QTest::qWait(3 * EngineBridge::kFrameMs);
    QCOMPARE(received.size(), 1u); // one frame, one batch
    QCOMPARE(received.front().engineBatches, 1000);
    QCOMPARE(received.front().events.size(), 10u); // one per uid
    QCOMPARE(received.front().flows.size(), 1000u);
    QCOMPARE(bridge.deliveries(), 1);
}

void TestBridge::framesAreAtLeastOneFrameApart()
{
    EngineBridge bridge(nullptr);
    QList<qint64> times;
    QElapsedTimer clock;
    clock.start();
    connect(&bridge, &EngineBridge::batchReady, this, [&](const BridgeBatch &) {
        times << clock.elapsed();
    });
    for (int i = 0; i < 5; ++i) {
        EngineBatch batch;
        batch.flows.push_back(flow(i));
        bridge.onBatch(batch);
        QTest::qWait(2);
    }
    QTRY_VERIFY(!times.isEmpty());
    QTest::qWait(4 * EngineBridge::kFrameMs);
    QVERIFY2(times.size() <= 2, qPrintable(QString::number(times.size())));
    for (int i = 1; i < times.size(); ++i)
        QVERIFY(times[i] - times[i - 1] >= EngineBridge::kFrameMs - 2);
}

void TestBridge::overloadDropsSamplesNeverEvents()
{
    BatchMailbox mailbox;
    for (int i = 0; i < 3; ++i) {
        EngineBatch batch;
        for (std::size_t f = 0; f < BridgeBatch::kMaxFlows; ++f)
            batch.flows.push_back(flow(int(f)));
        batch.events.push_back(watchEvent(cluster::WatchEvent::Type::Added, nullptr,
                                          pod("p" + std::to_string(i), "Pending")));
        mailbox.merge(batch);
    }
    const BridgeBatch out = mailbox.take();
    QCOMPARE(out.flows.size(), BridgeBatch::kMaxFlows);
    QCOMPARE(out.droppedFlows, std::uint64_t(2 * BridgeBatch::kMaxFlows));
    QCOMPARE(out.events.size(), 3u);
}

void TestBridge::newestCountsAndFactsWin()
{
    // Counts and facts are snapshots the engine takes on its strand: the newest is exact, and
    // a batch without them keeps the last ones.
    BatchMailbox mailbox;
    const net::ServicePortKey key{ "default", "backend", "http", "TCP", 80 };
    for (std::uint64_t total : { 5u, 9u }) {
        EngineBatch batch;
        batch.flows.push_back(flow(int(total)));
        batch.counts.emplace();
        (*batch.counts)[key].active = total;
        batch.facts = NetworkFacts{};
        batch.facts->dnsPort = int(total);
        mailbox.merge(batch);
    }
    mailbox.merge(EngineBatch{});
    const BridgeBatch out = mailbox.take();
    QVERIFY(out.hasCounts);
    QCOMPARE(out.counts.at(key).active, std::uint64_t(9));
    QVERIFY(out.facts);
    QCOMPARE(out.facts->dnsPort, 9);
    QVERIFY(!mailbox.take().hasCounts);
}

void TestBridge::realEngineEventsReachTheGuiThread()
{
    EngineOptions options;
    options.pace = 0;
    options.usersRate = 0;
    options.dataPlane = false;
    Engine engine(options);
    engine.start();
    EngineBridge bridge(&engine);
    QSet<QString> pods;
    int nodes = 0;
    connect(&bridge, &EngineBridge::batchReady, this, [&](const BridgeBatch &batch) {
        QCOMPARE(QThread::currentThread(), qApp->thread());
        for (const auto &e : batch.events) {
            if (std::holds_alternative<model::Pod>(e.object()))
                pods.insert(QString::fromStdString(model::meta(e.object()).uid));
            nodes += std::holds_alternative<model::Node>(e.object());
        }
    });
    bridge.prime(); // the Nodes were made before the bridge watched
    std::ifstream file(CLUSTERLAB_SOURCE_DIR "/resources/demo/three-tier.yaml");
    std::stringstream text;
    text << file.rdbuf();
    auto report = manifest::decodeText(text.str(), "three-tier.yaml");
    QVERIFY(!report.hasErrors());
    // Waiting here is the test's business; the window never waits on the engine.
    QVERIFY(engine.apply(std::move(report.objects), cluster::ApplyMode::Apply).get().ok);
    QTRY_COMPARE(pods.size(), 8);
    QTRY_COMPARE(nodes, 3);
    QVERIFY(bridge.deliveries() < 20); // a handful of frames, not one per event
    engine.stop();
}

QTEST_MAIN(TestBridge)
void TestBridge::stateAppliesEachBatchOnceAndSaysWhatChanged()
{
    ClusterState state;
    QList<StateChange> changes;
    connect(&state, &ClusterState::changed, this, [&](const StateChange &change) {
        QVERIFY(change.batch);
        changes << change;
    });
    NetworkFacts facts;
    facts.dnsPort = 10053;
    facts.servicePorts[{ "127.96.0.20", 80, "TCP" }] = 10080;
    facts.problems = { "cannot listen on 127.96.0.21:80: address in use" };
    BridgeBatch first;
    first.events.push_back(
            watchEvent(cluster::WatchEvent::Type::Added, nullptr, pod("a", "Running")));
    first.facts = facts;
    first.hasCounts = true;
    first.counts[{ "default", "backend", "http", "TCP", 80 }]
            .connectionsPerEndpointIP["127.244.1.2"] = 3;
    state.apply(first);
    QCOMPARE(changes.size(), 1);
    QVERIFY(changes[0].objects.pods.contains(QStringLiteral("a")));
    QVERIFY(changes[0].facts);
    QVERIFY(changes[0].counts);
    QVERIFY(state.mirror().pod(QStringLiteral("a")));
    QCOMPARE(state.facts().boundPort("127.96.0.20", 80), 10080);
    QCOMPARE(state.facts().problems.size(), std::size_t(1));
    QCOMPARE(state.counts().size(), std::size_t(1));

    // The same facts again change nothing; a batch of flow samples alone keeps the counts.
    BridgeBatch second;
    second.facts = facts;
    second.flows.push_back(flow(1));
    state.apply(second);
    QCOMPARE(changes.size(), 2);
    QVERIFY(changes[1].objects.pods.isEmpty());
    QVERIFY(!changes[1].facts);
    QVERIFY(!changes[1].counts);
    QCOMPARE(state.counts().size(), std::size_t(1));
}

#include "tst_bridge.moc"
