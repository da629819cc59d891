// tst_canvas: the demo on the canvas with a real Engine (pace 0, users paused): lanes, cards,
// gates, scaling with +, deleting a Pod, labels and edges, traffic and exact counters; tier
// order and steady lanes; fitting the cluster in the view.
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
#include "canvas/tier_placement.h"
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

/// lanesText writes lanes as "a,b | c".
QString lanesText(const QList<QStringList> &lanes)
{
    QStringList out;
    for (const QStringList &lane : lanes)
        out << lane.join(',');
    return out.join(QStringLiteral(" | "));
}

/// shownRect is where the visible lanes, gates, groups and cards are in view's viewport.
QRect shownRect(const CanvasView &view)
{
    QRectF rect;
    for (QGraphicsItem *item : view.scene()->items())
        if (item->isVisible()
            && (qgraphicsitem_cast<LaneItem *>(item) || qgraphicsitem_cast<ServiceItem *>(item)
                || qgraphicsitem_cast<GroupItem *>(item) || qgraphicsitem_cast<PodItem *>(item)))
            rect = rect.united(item->sceneBoundingRect());
    return view.mapFromScene(rect).boundingRect();
}

/// fitted says that the cluster is all in view, and fills its width or height (or is shown
/// at the largest zoom a fit uses).
bool fitted(const CanvasView &view)
{
    const QRect shown = shownRect(view), port = view.viewport()->rect();
    return port.contains(shown)
            && (shown.width() > 0.8 * port.width() || shown.height() > 0.8 * port.height()
                || qFuzzyCompare(view.zoom(), 1.25));
}

/// readData reads a file under tests/data/.
std::string readData(const char *relative)
{
    std::ifstream file(std::string(CLUSTERLAB_SOURCE_DIR "/tests/data/") + relative);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

} // namespace

class TestCanvas : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void tiersAreOrderedByCallsThenRoles_data();
    void tiersAreOrderedByCallsThenRoles();
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
    void settledTiersKeepTheirLanesWhenCallersComeLater();
    void aNewViewFitsTheClusterOnFirstShow();
    void aCalleeKeepsItsLaneWhenItsCallerArrivesAStepLater();
    void aLoadReplacingTheClusterIsFittedAndLaidOutAfresh();

private:
    /// applyData applies the objects [first, last) of a file under tests/data/.
    void applyData(const char *file, size_t first = 0, size_t last = 100);
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

void TestCanvas::applyData(const char *file, size_t first, size_t last)
{
    auto report = manifest::decodeText(readData(file), file);
    QVERIFY(!report.hasErrors());
    auto &all = report.objects;
    m_commands->apply({ all.begin() + first, all.begin() + std::min(last, all.size()) });
}

int TestCanvas::edgesOf(const QString &serviceName) const
{
    ServiceItem *item = gate(serviceName);
    return item ? int(item->edges().size()) : -1;
}

void TestCanvas::tiersAreOrderedByCallsThenRoles_data()
{
    QTest::addColumn<QStringList>("tiers");
    QTest::addColumn<QStringList>("calls"); // "from>to"
    QTest::addColumn<QStringList>("words"); // "tier=word word…": names, labels, images
    QTest::addColumn<QString>("lanes"); // lanes joined by " | ", tiers by ","

    const QStringList none;
    QTest::addRow("the demo reads frontend, backend, then redis and mysql")
            << QStringList{ "backend", "frontend", "mysql", "redis" }
            << QStringList{ "frontend>backend", "backend>redis", "backend>mysql" } << none
            << "frontend | backend | mysql,redis";
    QTest::addRow("a tier nobody calls and that calls nobody stands in the first lane")
            << QStringList{ "a", "b", "lonely" } << QStringList{ "a>b" } << none << "a,lonely | b";
    QTest::addRow("a longer chain pushes a shared callee right")
            << QStringList{ "a", "b", "c" } << QStringList{ "a>b", "b>c", "a>c" } << none
            << "a | b | c";
    QTest::addRow("a cycle still gives every tier one lane")
            << QStringList{ "a", "b" } << QStringList{ "a>b", "b>a" } << none << "a | b";
    QTest::addRow("with no calls, the guestbook's frontend stands above its redis backend")
            << QStringList{ "backend", "frontend" } << none
            << QStringList{ "backend=redis-master redis master", "frontend=guestbook" }
            << "frontend,backend";
    QTest::addRow("guestbook-go's app stands above redis, known by its role and image")
            << QStringList{ "guestbook", "redis" } << none
            << QStringList{ "redis=master docker.io/redis:6.0.5" } << "guestbook,redis";
    QTest::addRow("the front first, then the api, then the data stores")
            << QStringList{ "api", "cache", "mysql", "ui" } << none << none << "ui,api,cache,mysql";
    QTest::addRow("words tell when the tier's name does not")
            << QStringList{ "alpha", "beta", "gamma" } << none
            << QStringList{ "alpha=postgres:15", "beta=nginx:1.25 beta-svc" } << "beta,gamma,alpha";
    QTest::addRow("calls make the lanes, roles order each")
            << QStringList{ "backend", "frontend", "redis" } << QStringList{ "frontend>backend" }
            << none << "frontend,redis | backend";
}

void TestCanvas::tiersAreOrderedByCallsThenRoles()
{
    QFETCH(QStringList, tiers);
    QFETCH(QStringList, calls);
    QFETCH(QStringList, words);
    QFETCH(QString, lanes);
    QSet<TierEdge> edges;
    for (const QString &call : calls)
        edges.insert({ call.section('>', 0, 0), call.section('>', 1, 1) });
    QHash<QString, QStringList> wordsOf;
    for (const QString &w : words)
        wordsOf.insert(w.section('=', 0, 0), w.section('=', 1).split(' '));
    QHash<QString, TierRole> roles;
    for (const QString &tier : tiers)
        roles.insert(tier, tierRole(tier, wordsOf.value(tier)));
    QCOMPARE(lanesText(orderTiers(tiers, edges, {}, roles).lanes), lanes);
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

void TestCanvas::settledTiersKeepTheirLanesWhenCallersComeLater()
{
    const QStringList both{ "backend", "frontend" };
    const QSet<TierEdge> calls{ { "frontend", "backend" } };
    const QHash<QString, TierRole> roles{ { "frontend", TierRole::Frontend },
                                          { "backend", TierRole::Backend } };
    const qint64 settled = TierPlacement::kSettleMs;
    TierPlacement lesson; // backend one step, its caller the next
    QCOMPARE(lanesText(lesson.place({ "backend" }, {}, roles, 0)), "backend");
    QCOMPARE(lanesText(lesson.place(both, calls, roles, settled)), "frontend,backend");
    // A callee that comes later goes right of its settled caller.
    QCOMPARE(lanesText(lesson.place(both + QStringList{ "redis" },
                                    calls | QSet<TierEdge>{ { "backend", "redis" } }, roles,
                                    2 * settled)),
             "frontend,backend | redis");
    lesson.forget(); // a reload lays out afresh
    QCOMPARE(lanesText(lesson.place(both, calls, roles, 3 * settled)), "frontend | backend");
    TierPlacement load; // a load's calls come a batch after its tiers
    QCOMPARE(lanesText(load.place(both, {}, roles, 0)), "frontend,backend");
    QCOMPARE(lanesText(load.place(both, calls, roles, settled / 2)), "frontend | backend");
}

void TestCanvas::aNewViewFitsTheClusterOnFirstShow()
{
    CanvasView view(m_scene);
    view.setZoom(3.0); // as a zoom restored from the last run
    view.resize(900, 600);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY2(fitted(view), qPrintable(QStringLiteral("zoom %1").arg(view.zoom())));
}

void TestCanvas::aCalleeKeepsItsLaneWhenItsCallerArrivesAStepLater()
{
    m_view->setZoom(0.8); // people zoomed: Pods coming and going keep their zoom
    const char *steps = "manifests/canvas/shop-in-two-steps.yaml";
    applyData(steps, 0, 3);
    QTRY_COMPARE_WITH_TIMEOUT(m_scene->laneTitles().value(1), "frontend  ·  cart", 10000);
    ServiceItem *cart = m_scene->serviceItem(m_state->mirror().serviceUid("shop", "cart"));
    QVERIFY(cart);
    const qreal x = cart->scenePos().x();
    QTest::qWait(TierPlacement::kSettleMs + 300);
    applyData(steps, 3);
    const QString shopWeb = QStringLiteral("Deployment/shop/shop-web");
    QTRY_COMPARE_WITH_TIMEOUT(podUidsOf(shopWeb).size(), 1, 10000);
    QVERIFY(m_state->mirror().callsOf(podUidsOf(shopWeb).first()).contains("cart"));
    QCOMPARE(m_scene->laneTitles().value(1), "frontend  ·  shop-web  ·  cart");
    QCOMPARE(cart->scenePos().x(), x);
    QCOMPARE(m_view->zoom(), 0.8);
    m_commands->clearNamespace("shop");
    QTRY_COMPARE_WITH_TIMEOUT(m_scene->laneTitles().value(1), "frontend", 10000);
}

void TestCanvas::aLoadReplacingTheClusterIsFittedAndLaidOutAfresh()
{
    // Last: the guestbook replaces the demo, as a lesson starting over does. Its PHP names
    // redis in code, so no calls are known: one lane, the frontend on top.
    m_view->setZoom(2.5);
    m_commands->clearNamespace("shop"); // should the test before have failed
    m_commands->clearNamespace("default");
    QTRY_COMPARE_WITH_TIMEOUT(m_scene->laneTitles().size(), 1, 10000);
    applyData("manifests/third-party/guestbook-all-in-one.yaml");
    QTRY_COMPARE_WITH_TIMEOUT(m_scene->laneTitles(),
                              (QStringList{ "Outside the cluster", "frontend  ·  backend" }),
                              10000);
    QTRY_COMPARE_WITH_TIMEOUT(m_state->mirror().podUids().size(), 6, 10000);
    QTRY_VERIFY2(fitted(*m_view), qPrintable(QStringLiteral("zoom %1").arg(m_view->zoom())));
}

QTEST_MAIN(TestCanvas)
#include "tst_canvas.moc"
