// tst_canvas: the demo on the canvas with a real Engine (pace 0, users paused): lanes, cards,
// gates, scaling with +, deleting a Pod, labels and edges, traffic and exact counters.
#include "bridge/engine_bridge.h"
#include "bridge/engine_commands.h"
#include "canvas/animation_clock.h"
#include "canvas/canvas_scene.h"
#include "canvas/canvas_view.h"
#include "canvas/curl_bubble_item.h"
#include "canvas/edge_item.h"
#include "canvas/group_item.h"
#include "canvas/lane_item.h"
#include "canvas/pod_grid_item.h"
#include "canvas/pod_item.h"
#include "canvas/service_item.h"
#include "canvas/tier_order.h"
#include "demo_text.h"
#include "state/cluster_state.h"

#include <QTest>

#include <fstream>
#include <sstream>

using namespace clusterlab;
using namespace clusterlab::app;

namespace {

const QString kBackend = QStringLiteral("Deployment/default/backend");

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

} // namespace

class TestCanvas : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void tiersAreOrderedByWhoCallsWhom_data();
    void tiersAreOrderedByWhoCallsWhom();
    void demoShowsLanesCardsAndGates();
    void plusOnBackendAddsACardAndAnEdge();
    void deletingAPodRemovesItsCardAndAReplacementAppears();
    void removingALabelDropsTheEdgeAndPuttingItBackReturnsIt();
    void flowsMovePacketsAndAdvanceCounters();
    void curlShowsThePodChainBesideTheGate();
    void busyEdgesBecomeStreams();
    void largeGroupsCollapseIntoAGrid();
    void nodeViewShowsNodesHoldingTheirPods();
    void plusTwiceBeforeTheFirstChangeScalesByTwo();

private:
    QStringList podUidsOf(const QString &groupKey) const;
    ServiceItem *gate(const QString &name) const;
    int edgesOf(const QString &serviceName) const;

    Engine *m_engine = nullptr;
    EngineBridge *m_bridge = nullptr;
    EngineCommands *m_commands = nullptr;
    ClusterState *m_state = nullptr;
    CanvasScene *m_scene = nullptr;
    CanvasView *m_view = nullptr;
};

void TestCanvas::initTestCase()
{
    EngineOptions options;
    options.pace = 0;
    options.usersRate = 0; // exact counts: only the flows the tests make
    m_engine = new Engine(options);
    m_engine->start();
    m_state = new ClusterState;
    m_scene = new CanvasScene(*m_state);
    m_view = new CanvasView(m_scene);
    m_view->resize(1400, 900);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view));
    m_bridge = new EngineBridge(m_engine);
    m_commands = new EngineCommands(*m_engine);
    connect(m_bridge, &EngineBridge::batchReady, m_state, &ClusterState::apply);
    connect(m_scene, &CanvasScene::scaleRequested, m_commands, &EngineCommands::scale);
    connect(m_scene, &CanvasScene::scaleByRequested, m_commands, &EngineCommands::scaleBy);
    connect(m_scene, &CanvasScene::deletePodRequested, m_commands, &EngineCommands::deletePod);
    connect(m_commands, &EngineCommands::curlAnswered, m_scene, &CanvasScene::showCurlAnswer);
    m_bridge->prime();
    auto report = manifest::decodeText(demoText(), "three-tier.yaml");
    QVERIFY(!report.hasErrors());
    m_commands->apply(std::move(report.objects));
    QTRY_COMPARE_WITH_TIMEOUT(m_state->mirror().podUids().size(), 8, 10000);
}

void TestCanvas::cleanupTestCase()
{
    delete m_bridge;
    delete m_commands;
    delete m_view;
    delete m_scene;
    delete m_state;
    m_engine->stop();
    delete m_engine;
}

QStringList TestCanvas::podUidsOf(const QString &groupKey) const
{
    QStringList uids;
    for (const QString &uid : m_state->mirror().podUids())
        if (m_scene->groupKeyOf(uid) == groupKey)
            uids << uid;
    return uids;
}

ServiceItem *TestCanvas::gate(const QString &name) const
{
    return m_scene->serviceItem(m_state->mirror().serviceUid(QStringLiteral("default"), name));
}

int TestCanvas::edgesOf(const QString &serviceName) const
{
    ServiceItem *item = gate(serviceName);
    return item ? int(item->edges().size()) : -1;
}

void TestCanvas::tiersAreOrderedByWhoCallsWhom_data()
{
    QTest::addColumn<QStringList>("tiers");
    QTest::addColumn<QStringList>("calls"); // "from>to"
    QTest::addColumn<QString>("lanes"); // lanes joined by " | ", tiers by ","

    QTest::addRow("the demo reads frontend, backend, then redis and mysql")
            << QStringList{ "backend", "frontend", "mysql", "redis" }
            << QStringList{ "frontend>backend", "backend>redis", "backend>mysql" }
            << "frontend | backend | mysql,redis";
    QTest::addRow("a tier nobody calls and that calls nobody stands in the first lane")
            << QStringList{ "a", "b", "lonely" } << QStringList{ "a>b" } << "a,lonely | b";
    QTest::addRow("a longer chain pushes a shared callee right")
            << QStringList{ "a", "b", "c" } << QStringList{ "a>b", "b>c", "a>c" } << "a | b | c";
    QTest::addRow("a cycle still gives every tier one lane")
            << QStringList{ "a", "b" } << QStringList{ "a>b", "b>a" } << "a | b";
}

void TestCanvas::tiersAreOrderedByWhoCallsWhom()
{
    QFETCH(QStringList, tiers);
    QFETCH(QStringList, calls);
    QFETCH(QString, lanes);
    QSet<TierEdge> edges;
    for (const QString &call : calls)
        edges.insert({ call.section('>', 0, 0), call.section('>', 1, 1) });
    QStringList got;
    for (const QStringList &lane : orderTiers(tiers, edges))
        got << lane.join(',');
    QCOMPARE(got.join(QStringLiteral(" | ")), lanes);
}

void TestCanvas::demoShowsLanesCardsAndGates()
{
    QTRY_COMPARE(m_scene->laneTitles(),
                 (QStringList{ "Outside the cluster", "frontend", "backend", "mysql  ·  redis" }));
    for (const QString &uid : m_state->mirror().podUids())
        QVERIFY2(m_scene->podItem(uid), qPrintable(uid));
    for (const char *name : { "frontend", "backend", "redis", "mysql" })
        QVERIFY2(gate(name), name);
    QTRY_COMPARE(edgesOf("backend"), 3);
    QTRY_COMPARE(edgesOf("redis"), 1);
    GroupItem *backend = m_scene->groupItem(kBackend);
    QVERIFY(backend);
    QCOMPARE(backend->display().desired, 3);
    QVERIFY(gate("backend")->display().ports.value(0).contains(" → 80"));
    // Callers stand left of callees.
    QVERIFY(gate("frontend")->scenePos().x() < gate("backend")->scenePos().x());
    QVERIFY(gate("backend")->scenePos().x() < gate("redis")->scenePos().x());
    QCOMPARE(gate("redis")->scenePos().x(), gate("mysql")->scenePos().x());
}

void TestCanvas::plusOnBackendAddsACardAndAnEdge()
{
    GroupItem *backend = m_scene->groupItem(kBackend);
    QVERIFY(backend);
    const QStringList before = podUidsOf(kBackend);
    QCOMPARE(before.size(), 3);
    m_view->centerOn(backend);
    const QPoint plus = m_view->mapFromScene(backend->mapToScene(backend->plusRect().center()));
    QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, plus);
    QTRY_COMPARE(podUidsOf(kBackend).size(), 4);
    QTRY_COMPARE(edgesOf("backend"), 4);
    QString added;
    for (const QString &uid : podUidsOf(kBackend))
        if (!before.contains(uid))
            added = uid;
    PodItem *card = m_scene->podItem(added);
    QVERIFY(card);
    // It appears where the group grows: the next slot, below the others.
    for (const QString &uid : before)
        QVERIFY(m_scene->podItem(uid)->pos().y() < card->pos().y());
    QTRY_VERIFY(m_scene->edgeItem(gate("backend")->uid(), added));
    QTRY_COMPARE(backend->display().desired, 4);
}

void TestCanvas::deletingAPodRemovesItsCardAndAReplacementAppears()
{
    QTRY_COMPARE(podUidsOf(kBackend).size(), 4);
    const QStringList before = podUidsOf(kBackend);
    const QString victim = before.first();
    PodItem *card = m_scene->podItem(victim);
    QVERIFY(card);
    const QString oldName = card->display().name, oldIP = card->display().ip;
    m_scene->clearSelection();
    card->setSelected(true);
    m_view->setFocus();
    QTest::keyClick(m_view, Qt::Key_Delete);
    QTRY_VERIFY(!m_scene->podItem(victim));
    QTRY_COMPARE(podUidsOf(kBackend).size(), 4);
    QString replacement;
    for (const QString &uid : podUidsOf(kBackend))
        if (!before.contains(uid))
            replacement = uid;
    QVERIFY(!replacement.isEmpty());
    PodItem *fresh = m_scene->podItem(replacement);
    QVERIFY(fresh);
    QVERIFY(fresh->display().name != oldName);
    QTRY_VERIFY(!fresh->display().ip.isEmpty());
    QVERIFY(fresh->display().ip != oldIP);
    QTRY_COMPARE(edgesOf("backend"), 4);
}

void TestCanvas::removingALabelDropsTheEdgeAndPuttingItBackReturnsIt()
{
    QTRY_COMPARE(edgesOf("backend"), 4);
    const QString backendUid = gate("backend")->uid();
    QString uid = podUidsOf(kBackend).first();
    const model::Pod *pod = m_state->mirror().pod(uid);
    const QString name = qs(pod->metadata.name);
    const QString labels = EngineCommands::labelsText(pod->metadata.labels);
    model::Labels without = pod->metadata.labels;
    without.erase("app");
    QVERIFY(m_scene->edgeItem(backendUid, uid));
    // As in the label editor: take out `app: backend` and keep the rest.
    m_commands->setPodLabels("default", name, EngineCommands::labelsText(without));
    QTRY_VERIFY(!m_scene->edgeItem(backendUid, uid));
    QVERIFY(m_scene->podItem(uid)); // still a Pod, no longer behind the Service
    QVERIFY(!m_scene->podItem(uid)->display().labels.contains("app="));
    // Its ReplicaSet let it go and made a replacement; the Service has 4 endpoints again.
    QTRY_COMPARE(edgesOf("backend"), 4);
    m_commands->setPodLabels("default", name, labels);
    QTRY_VERIFY(m_scene->edgeItem(backendUid, uid));
    // Adopted again, one Pod too many: the ReplicaSet removes one, back to 4 endpoints.
    QTRY_COMPARE(edgesOf("backend"), 4);
}

void TestCanvas::flowsMovePacketsAndAdvanceCounters()
{
    ServiceItem *frontend = gate("frontend");
    ServiceItem *backend = gate("backend");
    const quint64 before = frontend->connections();
    quint64 cardsBefore = 0;
    for (const QString &uid : podUidsOf(kBackend))
        cardsBefore += m_scene->podItem(uid)->requests();
    int packetsSeen = 0;
    connect(m_bridge, &EngineBridge::batchReady, this, [&](const BridgeBatch &batch) {
        if (!batch.flows.empty())
            packetsSeen = std::max(packetsSeen, int(m_scene->traffic().packets().size()));
    });
    for (int i = 0; i < 5; ++i)
        m_commands->curl("default", "frontend");
    QTRY_COMPARE_WITH_TIMEOUT(frontend->connections(), before + 5, 10000);
    QVERIFY(packetsSeen > 0);
    // Exact: the gate and the cards show what the engine counted.
    quint64 engineFrontend = 0, engineBackend = 0;
    for (const auto &[key, counts] : m_engine->flowCounts()) {
        if (key.serviceName == "frontend")
            engineFrontend += counts.total();
        if (key.serviceName == "backend")
            engineBackend += counts.total();
    }
    QTRY_COMPARE(frontend->connections(), engineFrontend);
    QTRY_COMPARE(backend->connections(), engineBackend);
    quint64 cards = 0;
    for (const QString &uid : podUidsOf(kBackend))
        cards += m_scene->podItem(uid)->requests();
    QCOMPARE(cards - cardsBefore, quint64(5));
    // Packets move with the animation clock, and it stops when nothing moves.
    if (!m_scene->traffic().packets().empty()) {
        const double t = m_scene->traffic().packets().front().t;
        m_scene->tick(0.05);
        QVERIFY(m_scene->traffic().packets().empty() || m_scene->traffic().packets().front().t > t);
    }
    QTRY_VERIFY_WITH_TIMEOUT(!m_scene->clock().running(), 5000);
}

void TestCanvas::curlShowsThePodChainBesideTheGate()
{
    m_commands->curl("default", "frontend");
    CurlBubbleItem *bubble = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (QGraphicsItem *item : m_scene->items())
                    if ((bubble = qgraphicsitem_cast<CurlBubbleItem *>(item)))
                        return true;
                return false;
            }(),
            10000);
    QCOMPARE(bubble->data(0).toString(), gate("frontend")->uid());
    QVERIFY(bubble->scenePos().x() > gate("frontend")->scenePos().x());
}

void TestCanvas::busyEdgesBecomeStreams()
{
    // Synthetic samples at 3,000 flows/s on one edge: the packets give way to a stream.
    ServiceItem *backend = gate("backend");
    const QString client = podUidsOf(QStringLiteral("Deployment/default/frontend")).first();
    const QString endpoint = podUidsOf(kBackend).first();
    BridgeBatch batch;
    for (int i = 0; i < 50; ++i) {
        net::FlowSample sample;
        sample.event.clientIP = m_state->mirror().pod(client)->status.podIP;
        sample.event.serviceNamespace = "default";
        sample.event.serviceName = "backend";
        sample.event.endpointIP = m_state->mirror().pod(endpoint)->status.podIP;
        batch.flows.push_back(sample);
    }
    for (int frame = 0; frame < 20; ++frame) {
        m_state->apply(batch);
        m_scene->tick(1.0 / 60);
    }
    bool streaming = false;
    for (const TrafficSegment &s : m_scene->traffic().segments())
        if (s.toKey == QStringLiteral("svc:") + backend->uid() && s.streaming)
            streaming = s.rate > 1000;
    QVERIFY(streaming);
    QVERIFY(int(m_scene->traffic().packets().size()) <= TrafficModel::kMaxPackets);
    for (int i = 0; i < 200; ++i)
        m_scene->tick(0.05);
    QVERIFY(m_scene->traffic().packets().empty());
    QVERIFY(!m_scene->tick(0.05)); // nothing moves: the clock may stop
}

void TestCanvas::largeGroupsCollapseIntoAGrid()
{
    m_commands->scale("Deployment", "default", "backend", 60);
    QTRY_COMPARE_WITH_TIMEOUT(podUidsOf(kBackend).size(), 60, 15000);
    QTRY_VERIFY(m_scene->gridItem(kBackend));
    QTRY_COMPARE(m_scene->gridItem(kBackend)->count(), 60);
    int cards = 0;
    for (const QString &uid : podUidsOf(kBackend))
        cards += m_scene->podItem(uid) != nullptr;
    QVERIFY(cards <= 3); // only the busiest stay cards
    QTRY_VERIFY(gate("backend")->edges().size() <= 4);
    m_commands->scale("Deployment", "default", "backend", 3);
    QTRY_COMPARE_WITH_TIMEOUT(podUidsOf(kBackend).size(), 3, 15000);
    QTRY_VERIFY(!m_scene->gridItem(kBackend));
    for (const QString &uid : podUidsOf(kBackend))
        QVERIFY(m_scene->podItem(uid));
}

void TestCanvas::nodeViewShowsNodesHoldingTheirPods()
{
    m_scene->setViewMode(CanvasScene::ViewMode::Nodes);
    QCOMPARE(m_scene->laneTitles(), (QStringList{ "Outside the cluster", "Services", "Nodes" }));
    for (const QString &uid : m_state->mirror().podUids())
        QVERIFY(m_scene->podItem(uid)->isVisible());
    QVERIFY(!m_scene->groupItem(kBackend)->isVisible());
    m_scene->setViewMode(CanvasScene::ViewMode::Lanes);
    QCOMPARE(m_scene->laneTitles().size(), 4);
}

void TestCanvas::plusTwiceBeforeTheFirstChangeScalesByTwo()
{
    // + asks for one more than the engine holds when the change runs, not one more than the
    // canvas shows: two presses before the first change comes back make two more Pods.
    const QString key = QStringLiteral("Deployment/default/redis");
    GroupRef redis;
    redis.key = key;
    m_commands->scale("Deployment", "default", "redis", 2);
    QTRY_COMPARE_WITH_TIMEOUT(m_scene->groupItem(key)->display().desired, 2, 10000);
    GroupItem *group = m_scene->groupItem(key);
    m_view->centerOn(group);
    const QPoint plus = m_view->mapFromScene(group->mapToScene(group->plusRect().center()));
    QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, plus);
    QTest::mouseClick(m_view->viewport(), Qt::LeftButton, {}, plus);
    QCOMPARE(group->display().desired, 2); // nothing has come back yet
    QTRY_COMPARE_WITH_TIMEOUT(m_state->mirror().desiredReplicas(redis), 4, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(podUidsOf(key).size(), 4, 10000);
    QTest::qWait(200); // and no third change follows
    QCOMPARE(m_state->mirror().desiredReplicas(redis), 4);
}

QTEST_MAIN(TestCanvas)
#include "tst_canvas.moc"
