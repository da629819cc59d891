// tst_canvas: the demo on the canvas with a real Engine (pace 0, users paused): lanes, cards,
// gates, scaling with +, deleting a Pod, labels and edges, traffic and exact counters, curl's
// answer, streams, large groups as a grid, and the node view. Tier order, steady lanes and
// fitting the cluster in the view are tst_canvas_layout's.
#include "bridge/engine_bridge.h"
#include "bridge/engine_commands.h"
#include "canvas/animation_clock.h"
#include "canvas/canvas_scene.h"
#include "canvas/canvas_view.h"
#include "canvas/curl_bubble_item.h"
#include "canvas/edge_item.h"
#include "canvas/group_item.h"
#include "canvas/outside_item.h"
#include "canvas/pod_grid_item.h"
#include "canvas/pod_item.h"
#include "canvas/service_item.h"
#include "canvas_lab.h"
#include "pod_port_forward.h"
#include "state/cluster_state.h"

#include <QTest>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

using namespace clusterlab;
using namespace clusterlab::app;
using namespace canvas_test;

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
    void demoShowsLanesCardsAndGates();
    void plusOnBackendAddsACardAndAnEdge();
    void deletingAPodRemovesItsCardAndAReplacementAppears();
    void removingALabelDropsTheEdgeAndPuttingItBackReturnsIt();
    void flowsMovePacketsAndAdvanceCounters();
    void curlShowsThePodChainBesideTheGate();
    void portForwardGoesStraightIntoThePod();
    void busyEdgesBecomeStreams();
    void largeGroupsCollapseIntoAGrid();
    void nodeViewShowsNodesHoldingTheirPods();
    void plusTwiceBeforeTheFirstChangeScalesByTwo();

private:
    ServiceItem *gate(const QString &name) const;
    int edgesOf(const QString &serviceName) const;

    CanvasLab m_lab;
};

void TestCanvas::initTestCase()
{
    m_lab.start();
}

void TestCanvas::cleanupTestCase()
{
    m_lab.stop();
}

ServiceItem *TestCanvas::gate(const QString &name) const
{
    return m_lab.scene->serviceItem(
            m_lab.state->mirror().serviceUid(QStringLiteral("default"), name));
}

int TestCanvas::edgesOf(const QString &serviceName) const
{
    ServiceItem *item = gate(serviceName);
    return item ? int(item->edges().size()) : -1;
}

void TestCanvas::demoShowsLanesCardsAndGates()
{
    QTRY_COMPARE(m_lab.scene->laneTitles(),
                 (QStringList{ "Outside the cluster", "frontend", "backend", "mysql  ·  redis" }));
    for (const QString &uid : m_lab.state->mirror().podUids())
        QVERIFY2(m_lab.scene->podItem(uid), qPrintable(uid));
    for (const char *name : { "frontend", "backend", "redis", "mysql" })
        QVERIFY2(gate(name), name);
    QTRY_COMPARE(edgesOf("backend"), 3);
    QTRY_COMPARE(edgesOf("redis"), 1);
    GroupItem *backend = m_lab.scene->groupItem(kBackend);
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
    GroupItem *backend = m_lab.scene->groupItem(kBackend);
    QVERIFY(backend);
    const QStringList before = m_lab.podUidsOf(kBackend);
    QCOMPARE(before.size(), 3);
    m_lab.view->centerOn(backend);
    const QPoint plus = m_lab.view->mapFromScene(backend->mapToScene(backend->plusRect().center()));
    QTest::mouseClick(m_lab.view->viewport(), Qt::LeftButton, {}, plus);
    QTRY_COMPARE(m_lab.podUidsOf(kBackend).size(), 4);
    QTRY_COMPARE(edgesOf("backend"), 4);
    QString added;
    for (const QString &uid : m_lab.podUidsOf(kBackend))
        if (!before.contains(uid))
            added = uid;
    PodItem *card = m_lab.scene->podItem(added);
    QVERIFY(card);
    // It appears where the group grows: the next slot, below the others.
    for (const QString &uid : before)
        QVERIFY(m_lab.scene->podItem(uid)->pos().y() < card->pos().y());
    QTRY_VERIFY(m_lab.scene->edgeItem(gate("backend")->uid(), added));
    QTRY_COMPARE(backend->display().desired, 4);
}

void TestCanvas::deletingAPodRemovesItsCardAndAReplacementAppears()
{
    QTRY_COMPARE(m_lab.podUidsOf(kBackend).size(), 4);
    const QStringList before = m_lab.podUidsOf(kBackend);
    const QString victim = before.first();
    PodItem *card = m_lab.scene->podItem(victim);
    QVERIFY(card);
    const QString oldName = card->display().name, oldIP = card->display().ip;
    m_lab.scene->clearSelection();
    card->setSelected(true);
    m_lab.view->setFocus();
    QTest::keyClick(m_lab.view, Qt::Key_Delete);
    QTRY_VERIFY(!m_lab.scene->podItem(victim));
    QTRY_COMPARE(m_lab.podUidsOf(kBackend).size(), 4);
    QString replacement;
    for (const QString &uid : m_lab.podUidsOf(kBackend))
        if (!before.contains(uid))
            replacement = uid;
    QVERIFY(!replacement.isEmpty());
    PodItem *fresh = m_lab.scene->podItem(replacement);
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
    QString uid = m_lab.podUidsOf(kBackend).first();
    const model::Pod *pod = m_lab.state->mirror().pod(uid);
    const QString name = qs(pod->metadata.name);
    const QString labels = EngineCommands::labelsText(pod->metadata.labels);
    model::Labels without = pod->metadata.labels;
    without.erase("app");
    QVERIFY(m_lab.scene->edgeItem(backendUid, uid));
    // As in the label editor: take out `app: backend` and keep the rest.
    m_lab.commands->setPodLabels("default", name, EngineCommands::labelsText(without));
    QTRY_VERIFY(!m_lab.scene->edgeItem(backendUid, uid));
    QVERIFY(m_lab.scene->podItem(uid)); // still a Pod, no longer behind the Service
    QVERIFY(!m_lab.scene->podItem(uid)->display().labels.contains("app="));
    // Its ReplicaSet let it go and made a replacement; the Service has 4 endpoints again.
    QTRY_COMPARE(edgesOf("backend"), 4);
    m_lab.commands->setPodLabels("default", name, labels);
    QTRY_VERIFY(m_lab.scene->edgeItem(backendUid, uid));
    // Adopted again, one Pod too many: the ReplicaSet removes one, back to 4 endpoints.
    QTRY_COMPARE(edgesOf("backend"), 4);
}

void TestCanvas::flowsMovePacketsAndAdvanceCounters()
{
    ServiceItem *frontend = gate("frontend");
    ServiceItem *backend = gate("backend");
    const quint64 before = frontend->connections();
    quint64 cardsBefore = 0;
    for (const QString &uid : m_lab.podUidsOf(kBackend))
        cardsBefore += m_lab.scene->podItem(uid)->requests();
    int packetsSeen = 0;
    connect(m_lab.bridge, &EngineBridge::batchReady, this, [&](const BridgeBatch &batch) {
        if (!batch.flows.empty())
            packetsSeen = std::max(packetsSeen, int(m_lab.scene->traffic().packets().size()));
    });
    for (int i = 0; i < 5; ++i)
        m_lab.commands->curl("default", "frontend");
    QTRY_COMPARE_WITH_TIMEOUT(frontend->connections(), before + 5, 10000);
    QVERIFY(packetsSeen > 0);
    // Exact: the gate and the cards show what the engine counted.
    quint64 engineFrontend = 0, engineBackend = 0;
    for (const auto &[key, counts] : m_lab.engine->flowCounts()) {
        if (key.serviceName == "frontend")
            engineFrontend += counts.total();
        if (key.serviceName == "backend")
            engineBackend += counts.total();
    }
    QTRY_COMPARE(frontend->connections(), engineFrontend);
    QTRY_COMPARE(backend->connections(), engineBackend);
    quint64 cards = 0;
    for (const QString &uid : m_lab.podUidsOf(kBackend))
        cards += m_lab.scene->podItem(uid)->requests();
    QCOMPARE(cards - cardsBefore, quint64(5));
    // Packets move with the animation clock, and it stops when nothing moves.
    if (!m_lab.scene->traffic().packets().empty()) {
        const double t = m_lab.scene->traffic().packets().front().t;
        m_lab.scene->tick(0.05);
        QVERIFY(m_lab.scene->traffic().packets().empty()
                || m_lab.scene->traffic().packets().front().t > t);
    }
    QTRY_VERIFY_WITH_TIMEOUT(!m_lab.scene->clock().running(), 5000);
}

void TestCanvas::curlShowsThePodChainBesideTheGate()
{
    m_lab.commands->curl("default", "frontend");
    CurlBubbleItem *bubble = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (QGraphicsItem *item : m_lab.scene->items())
                    if ((bubble = qgraphicsitem_cast<CurlBubbleItem *>(item)))
                        return true;
                return false;
            }(),
            10000);
    QCOMPARE(bubble->data(0).toString(), gate("frontend")->uid());
    QVERIFY(bubble->scenePos().x() > gate("frontend")->scenePos().x());
}

void TestCanvas::portForwardGoesStraightIntoThePod()
{
    // What kubectl port-forward's session does for each connection (tst_kubectl_portforward
    // runs the real kubectl): ask the engine where the Pod's port is, connect, report.
    const QString uid = m_lab.podUidsOf(kBackend).value(0);
    PodItem *card = m_lab.scene->podItem(uid);
    QVERIFY(card);
    const auto resolve = portForwardResolver(*m_lab.engine);
    const api::PortForwardSpec spec{ "default", card->display().name.toStdString(),
                                     uid.toStdString(), true, "" };
    const api::ForwardTarget target = resolve(spec, 80);
    QCOMPARE(QString::fromStdString(target.failure), QString());
    QCOMPARE(QString::fromStdString(target.address), card->display().ip);
    QVERIFY(target.observer);
    boost::asio::io_context io;
    boost::asio::ip::tcp::socket socket(io);
    socket.connect({ boost::asio::ip::make_address(target.address),
                     static_cast<unsigned short>(target.port) });
    target.observer->opened("127.0.0.1", socket.local_endpoint().port());
    const std::string request = "GET /hostname HTTP/1.0\r\n\r\n";
    boost::asio::write(socket, boost::asio::buffer(request));
    std::string answer;
    boost::system::error_code ec;
    boost::asio::read(socket, boost::asio::dynamic_buffer(answer), ec);
    QVERIFY2(answer.find(spec.pod) != std::string::npos, answer.c_str());
    target.observer->closed(request.size(), answer.size());
    // The packet goes from this computer to the Pod's card, past every Service; the box of
    // this computer names the Pod; the Service does not count it.
    QTRY_VERIFY_WITH_TIMEOUT(
            m_lab.scene->outside()->portForwards() == QStringList{ card->display().name }, 5000);
    bool drawn = false;
    for (const TrafficSegment &segment : m_lab.scene->traffic().segments())
        drawn = drawn || (segment.fromKey == "outside" && segment.toKey == "pod:" + uid);
    QVERIFY(drawn);
    for (const auto &[key, counts] : m_lab.engine->flowCounts()) {
        QVERIFY(!key.serviceName.empty());
        for (const auto &[path, n] : counts.connectionsPerPath)
            QVERIFY(path.via != "PortForward");
    }
    // The note fades a few seconds after the last connection.
    QTRY_VERIFY_WITH_TIMEOUT(m_lab.scene->outside()->portForwards().isEmpty(), 10000);
}

void TestCanvas::busyEdgesBecomeStreams()
{
    // Synthetic samples at 3,000 flows/s on one edge: the packets give way to a stream.
    ServiceItem *backend = gate("backend");
    const QString client = m_lab.podUidsOf(QStringLiteral("Deployment/default/frontend")).first();
    const QString endpoint = m_lab.podUidsOf(kBackend).first();
    BridgeBatch batch;
    for (int i = 0; i < 50; ++i) {
        net::FlowSample sample;
        sample.event.clientIP = m_lab.state->mirror().pod(client)->status.podIP;
        sample.event.serviceNamespace = "default";
        sample.event.serviceName = "backend";
        sample.event.endpointIP = m_lab.state->mirror().pod(endpoint)->status.podIP;
        batch.flows.push_back(sample);
    }
    for (int frame = 0; frame < 20; ++frame) {
        m_lab.state->apply(batch);
        m_lab.scene->tick(1.0 / 60);
    }
    bool streaming = false;
    for (const TrafficSegment &s : m_lab.scene->traffic().segments())
        if (s.toKey == QStringLiteral("svc:") + backend->uid() && s.streaming)
            streaming = s.rate > 1000;
    QVERIFY(streaming);
    QVERIFY(int(m_lab.scene->traffic().packets().size()) <= TrafficModel::kMaxPackets);
    for (int i = 0; i < 200; ++i)
        m_lab.scene->tick(0.05);
    QVERIFY(m_lab.scene->traffic().packets().empty());
    QVERIFY(!m_lab.scene->tick(0.05)); // nothing moves: the clock may stop
}

void TestCanvas::largeGroupsCollapseIntoAGrid()
{
    m_lab.commands->scale("Deployment", "default", "backend", 60);
    QTRY_COMPARE_WITH_TIMEOUT(m_lab.podUidsOf(kBackend).size(), 60, 15000);
    QTRY_VERIFY(m_lab.scene->gridItem(kBackend));
    QTRY_COMPARE(m_lab.scene->gridItem(kBackend)->count(), 60);
    int cards = 0;
    for (const QString &uid : m_lab.podUidsOf(kBackend))
        cards += m_lab.scene->podItem(uid) != nullptr;
    QVERIFY(cards <= 3); // only the busiest stay cards
    QTRY_VERIFY(gate("backend")->edges().size() <= 4);
    m_lab.commands->scale("Deployment", "default", "backend", 3);
    QTRY_COMPARE_WITH_TIMEOUT(m_lab.podUidsOf(kBackend).size(), 3, 15000);
    QTRY_VERIFY(!m_lab.scene->gridItem(kBackend));
    for (const QString &uid : m_lab.podUidsOf(kBackend))
        QVERIFY(m_lab.scene->podItem(uid));
}

void TestCanvas::nodeViewShowsNodesHoldingTheirPods()
{
    m_lab.scene->setViewMode(CanvasScene::ViewMode::Nodes);
    QCOMPARE(m_lab.scene->laneTitles(),
             (QStringList{ "Outside the cluster", "Services", "Nodes" }));
    for (const QString &uid : m_lab.state->mirror().podUids())
        QVERIFY(m_lab.scene->podItem(uid)->isVisible());
    QVERIFY(!m_lab.scene->groupItem(kBackend)->isVisible());
    m_lab.scene->setViewMode(CanvasScene::ViewMode::Lanes);
    QCOMPARE(m_lab.scene->laneTitles().size(), 4);
}

void TestCanvas::plusTwiceBeforeTheFirstChangeScalesByTwo()
{
    // + asks for one more than the engine holds when the change runs, not one more than the
    // canvas shows: two presses before the first change comes back make two more Pods.
    const QString key = QStringLiteral("Deployment/default/redis");
    GroupRef redis;
    redis.key = key;
    m_lab.commands->scale("Deployment", "default", "redis", 2);
    QTRY_COMPARE_WITH_TIMEOUT(m_lab.scene->groupItem(key)->display().desired, 2, 10000);
    GroupItem *group = m_lab.scene->groupItem(key);
    m_lab.view->centerOn(group);
    const QPoint plus = m_lab.view->mapFromScene(group->mapToScene(group->plusRect().center()));
    QTest::mouseClick(m_lab.view->viewport(), Qt::LeftButton, {}, plus);
    QTest::mouseClick(m_lab.view->viewport(), Qt::LeftButton, {}, plus);
    QCOMPARE(group->display().desired, 2); // nothing has come back yet
    QTRY_COMPARE_WITH_TIMEOUT(m_lab.state->mirror().desiredReplicas(redis), 4, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(m_lab.podUidsOf(key).size(), 4, 10000);
    QTest::qWait(200); // and no third change follows
    QCOMPARE(m_lab.state->mirror().desiredReplicas(redis), 4);
}

QTEST_MAIN(TestCanvas)
#include "tst_canvas.moc"
