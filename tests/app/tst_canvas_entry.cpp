// tst_canvas_entry: how traffic from outside enters, on the canvas, with a real Engine (pace 0,
// users paused): the entry chips of a NodePort and a LoadBalancer Service, flows through the
// pill of the node that forwarded them (lanes) and through that node (node view), and real
// connections to a node port and a LoadBalancer address drawn the way they went.
#include "bridge/engine_bridge.h"
#include "bridge/engine_commands.h"
#include "canvas/canvas_scene.h"
#include "canvas/canvas_view.h"
#include "canvas/entry_item.h"
#include "canvas/lane_item.h"
#include "canvas/outside_item.h"
#include "canvas/service_item.h"
#include "demo_text.h"
#include "state/cluster_state.h"

#include <QTest>

using namespace clusterlab;
using namespace clusterlab::app;

namespace {

/// kEntryServices are the demo's tiers reached from outside: the backend on node port 30080
/// (Cluster: any node's Pods, SNAT to the node) and the frontend on a LoadBalancer address
/// (Local: the announcing node's own Pods, the client's address kept).
const char *kEntryServices = R"(
apiVersion: v1
kind: Service
metadata:
  name: backend-np
spec:
  type: NodePort
  selector: {app: backend}
  ports:
  - port: 80
    targetPort: 80
    nodePort: 30080
---
apiVersion: v1
kind: Service
metadata:
  name: frontend-lb
spec:
  type: LoadBalancer
  externalTrafficPolicy: Local
  selector: {app: frontend}
  ports:
  - port: 80
    targetPort: 80
)";

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

} // namespace

class TestCanvasEntry : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void aNodePortAndALoadBalancerGetEntryChipsWithTheirAddresses();
    void chipsStandInTheOutsideLaneWithoutOverlapping();
    void aNodePortFlowGoesThroughThePillOfTheNodeThatForwarded();
    void aClusterIPFlowStillGoesStraightToTheGate();
    void inTheNodeViewTheFlowPassesThroughTheForwardingNode();
    void aRealNodePortConnectionIsDrawnThroughItsNode();
    void aLocalLoadBalancerConnectionStaysOnTheNodeThatAnswered();

private:
    EntryItem *chip(const QString &service, const QString &via) const;
    QString serviceUid(const QString &name) const;
    /// sample is a flow from this computer into name's Service through via on node, to the
    /// first Pod behind it.
    net::FlowSample sample(const QString &name, const std::string &via, const std::string &node,
                           const std::string &frontendIP, int frontendPort) const;
    /// pathOf lists the ends of the hops of the packet that uses segment `first` first.
    QStringList pathOf(int first) const;
    int segmentIndex(const QString &from, const QString &to) const;

    Engine *m_engine = nullptr;
    EngineBridge *m_bridge = nullptr;
    EngineCommands *m_commands = nullptr;
    ClusterState *m_state = nullptr;
    CanvasScene *m_scene = nullptr;
    CanvasView *m_view = nullptr;
};

void TestCanvasEntry::initTestCase()
{
    EngineOptions options;
    options.pace = 0;
    options.usersRate = 0; // only the flows the tests make
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
    m_bridge->prime();
    auto report = manifest::decodeText(demoText() + "\n---\n" + kEntryServices, "entry.yaml");
    QVERIFY(!report.hasErrors());
    m_commands->apply(std::move(report.objects));
    QTRY_COMPARE_WITH_TIMEOUT(m_state->mirror().podUids().size(), 8, 10000);
}

void TestCanvasEntry::cleanupTestCase()
{
    delete m_bridge;
    delete m_commands;
    delete m_view;
    delete m_scene;
    delete m_state;
    m_engine->stop();
    delete m_engine;
}

EntryItem *TestCanvasEntry::chip(const QString &service, const QString &via) const
{
    for (EntryItem *item : m_scene->entryItems())
        if (item->entry().name == service && item->entry().via == via)
            return item;
    return nullptr;
}

QString TestCanvasEntry::serviceUid(const QString &name) const
{
    return m_state->mirror().serviceUid(QStringLiteral("default"), name);
}

net::FlowSample TestCanvasEntry::sample(const QString &name, const std::string &via,
                                        const std::string &node, const std::string &frontendIP,
                                        int frontendPort) const
{
    const model::Service *service = m_state->mirror().service(serviceUid(name));
    net::FlowSample s;
    s.event.clientIP = "127.0.0.1";
    s.event.serviceNamespace = "default";
    s.event.serviceName = name.toStdString();
    s.event.clusterIP = service ? service->spec.clusterIP : std::string();
    s.event.port = 80;
    s.event.via = via;
    s.event.node = node;
    s.event.frontendIP = frontendIP;
    s.event.frontendPort = frontendPort;
    if (service)
        for (const EndpointRef &e : m_state->mirror().endpointsOf(*service))
            if (e.ready) {
                s.event.endpointIP = e.ip.toStdString();
                break;
            }
    return s;
}

int TestCanvasEntry::segmentIndex(const QString &from, const QString &to) const
{
    const auto &segments = m_scene->traffic().segments();
    for (int i = 0; i < int(segments.size()); ++i)
        if (segments[i].fromKey == from && segments[i].toKey == to)
            return i;
    return -1;
}

QStringList TestCanvasEntry::pathOf(int first) const
{
    const auto &segments = m_scene->traffic().segments();
    for (const TrafficPacket &p : m_scene->traffic().packets())
        if (p.count > 0 && p.hops[0] == first) {
            QStringList ends{ segments[p.hops[0]].fromKey };
            for (int i = 0; i < p.count; ++i)
                ends << segments[p.hops[i]].toKey;
            return ends;
        }
    return {};
}

void TestCanvasEntry::aNodePortAndALoadBalancerGetEntryChipsWithTheirAddresses()
{
    QTRY_VERIFY_WITH_TIMEOUT(chip("backend-np", "NodePort"), 10000);
    const EntryPoint &np = chip("backend-np", "NodePort")->entry();
    QCOMPARE(np.port, 30080);
    QCOMPARE(np.servicePort, 80);
    QCOMPARE(np.label(), QStringLiteral("NodePort :30080"));
    QCOMPARE(np.policy, QStringLiteral("Cluster"));
    QCOMPARE(chip("backend-np", "NodePort")->nodes(),
             (QStringList{ "node-1", "node-2", "node-3" }));
    // The LoadBalancer gets its node ports too (allocateLoadBalancerNodePorts), and its
    // address once the simulated cloud has assigned one from 127.250.0.0/24.
    QTRY_VERIFY_WITH_TIMEOUT(chip("frontend-lb", "LoadBalancer"), 10000);
    QVERIFY(chip("frontend-lb", "NodePort"));
    const EntryPoint &lb = chip("frontend-lb", "LoadBalancer")->entry();
    const model::Service *service = m_state->mirror().service(serviceUid("frontend-lb"));
    QVERIFY(service && service->status.loadBalancerIngress.size() == 1);
    const QString ip = qs(service->status.loadBalancerIngress.front().ip);
    QVERIFY2(ip.startsWith(QLatin1String("127.250.0.")), qPrintable(ip));
    QCOMPARE(lb.address, ip);
    QCOMPARE(lb.port, 80);
    QCOMPARE(lb.label(), QStringLiteral("LB %1:80").arg(ip));
    QCOMPARE(lb.policy, QStringLiteral("Local"));
    // ClusterIP Services have no way in from outside.
    for (const char *name : { "frontend", "backend", "redis", "mysql" })
        for (EntryItem *item : m_scene->entryItems())
            QVERIFY2(item->entry().name != QLatin1String(name), name);
    QCOMPARE(m_scene->entryItems().size(), 3);
}

void TestCanvasEntry::chipsStandInTheOutsideLaneWithoutOverlapping()
{
    QTRY_COMPARE_WITH_TIMEOUT(m_scene->entryItems().size(), 3, 10000);
    const QList<EntryItem *> chips = m_scene->entryItems().values();
    QRectF outside;
    for (QGraphicsItem *item : m_scene->items())
        if (qgraphicsitem_cast<OutsideItem *>(item))
            outside = item->sceneBoundingRect();
    QRectF lane = m_scene->lanes().first()->sceneBoundingRect();
    for (int i = 0; i < chips.size(); ++i) {
        const QRectF r = chips[i]->sceneBoundingRect();
        QVERIFY(lane.contains(r));
        QVERIFY(!r.intersects(outside));
        for (int j = i + 1; j < chips.size(); ++j)
            QVERIFY(!r.intersects(chips[j]->sceneBoundingRect()));
    }
}

void TestCanvasEntry::aNodePortFlowGoesThroughThePillOfTheNodeThatForwarded()
{
    QTRY_VERIFY_WITH_TIMEOUT(chip("backend-np", "NodePort"), 10000);
    EntryItem *entry = chip("backend-np", "NodePort");
    const QString uid = serviceUid("backend-np");
    BridgeBatch batch;
    batch.flows.push_back(sample("backend-np", "NodePort", "node-2", "127.244.2.1", 30080));
    QVERIFY(!batch.flows.front().event.endpointIP.empty());
    m_state->apply(batch);
    const QString pill = QStringLiteral("ent:%1|node-2").arg(entry->entry().id);
    const int first = segmentIndex(QStringLiteral("outside"), pill);
    QVERIFY(first >= 0);
    QVERIFY(segmentIndex(pill, QStringLiteral("svc:") + uid) >= 0);
    const QStringList path = pathOf(first);
    QCOMPARE(path.size(), 4); // outside -> pill -> gate -> Pod
    QCOMPARE(path.mid(0, 3), (QStringList{ "outside", pill, "svc:" + uid }));
    QVERIFY(path[3].startsWith(QLatin1String("pod:")));
    // Drawn through node-2's pill, not another node's.
    const auto &segments = m_scene->traffic().segments();
    QCOMPARE(segments[first].curve[3], *entry->pillAnchor("node-2"));
    QVERIFY(segments[first].curve[3] != *entry->pillAnchor("node-1"));
    QCOMPARE(entry->forwardedBy(), QStringList{ "node-2" });
    m_scene->tick(0.01); // node-2's pill lights while the connection travels
    QCOMPARE(entry->lit(), QStringList{ "node-2" });
}

void TestCanvasEntry::aClusterIPFlowStillGoesStraightToTheGate()
{
    const QString uid = serviceUid("backend");
    BridgeBatch batch;
    batch.flows.push_back(sample("backend", "", "", "", 0));
    m_state->apply(batch);
    const int first = segmentIndex(QStringLiteral("outside"), QStringLiteral("svc:") + uid);
    QVERIFY(first >= 0);
    QCOMPARE(pathOf(first).size(), 3); // outside -> gate -> Pod
}

void TestCanvasEntry::inTheNodeViewTheFlowPassesThroughTheForwardingNode()
{
    QTRY_VERIFY_WITH_TIMEOUT(chip("backend-np", "NodePort"), 10000);
    m_scene->setViewMode(CanvasScene::ViewMode::Nodes);
    const QString uid = serviceUid("backend-np");
    const QString pill =
            QStringLiteral("ent:%1|node-3").arg(chip("backend-np", "NodePort")->entry().id);
    BridgeBatch batch;
    batch.flows.push_back(sample("backend-np", "NodePort", "node-3", "127.244.3.1", 30080));
    m_state->apply(batch);
    const int first = segmentIndex(QStringLiteral("outside"), pill);
    QVERIFY(first >= 0);
    const QStringList path = pathOf(first);
    QCOMPARE(path.mid(0, 4), (QStringList{ "outside", pill, "node:node-3", "svc:" + uid }));
    QCOMPARE(path.size(), 5);
    const int viaNode = segmentIndex(pill, QStringLiteral("node:node-3"));
    QVERIFY(viaNode >= 0);
    // It ends at node-3's entry, on the node's left edge.
    QGraphicsItem *node3 = nullptr;
    for (QGraphicsItem *item : m_scene->items())
        if (item->type() == NodeItemType && item->isVisible()
            && item->sceneBoundingRect().contains(m_scene->traffic().segments()[viaNode].curve[3]))
            node3 = item;
    QVERIFY(node3);
    m_scene->setViewMode(CanvasScene::ViewMode::Lanes);
    // Back in the lanes, the node hop is gone with its node.
    for (const TrafficSegment &s : m_scene->traffic().segments())
        QVERIFY(!s.toKey.startsWith(QLatin1String("node:")));
}

void TestCanvasEntry::aRealNodePortConnectionIsDrawnThroughItsNode()
{
    QTRY_VERIFY_WITH_TIMEOUT(chip("backend-np", "NodePort"), 10000);
    ServiceItem *gate = m_scene->serviceItem(serviceUid("backend-np"));
    const quint64 before = gate->connections();
    auto answer = m_engine->httpGet("127.244.1.1", 30080, "/", std::chrono::seconds(3));
    QTRY_VERIFY_WITH_TIMEOUT(answer.wait_for(std::chrono::seconds(0)) == std::future_status::ready,
                             10000);
    const Engine::HttpAnswer got = answer.get();
    QVERIFY2(got.status == 200, got.error.c_str());
    QTRY_COMPARE_WITH_TIMEOUT(gate->connections(), before + 1, 10000);
    QTRY_VERIFY(chip("backend-np", "NodePort")->forwardedBy().contains("node-1"));
    const QString pill =
            QStringLiteral("ent:%1|node-1").arg(chip("backend-np", "NodePort")->entry().id);
    QVERIFY(segmentIndex(QStringLiteral("outside"), pill) >= 0);
}

void TestCanvasEntry::aLocalLoadBalancerConnectionStaysOnTheNodeThatAnswered()
{
    QTRY_VERIFY_WITH_TIMEOUT(chip("frontend-lb", "LoadBalancer"), 10000);
    EntryItem *entry = chip("frontend-lb", "LoadBalancer");
    const QString uid = serviceUid("frontend-lb");
    ServiceItem *gate = m_scene->serviceItem(uid);
    const quint64 before = gate->connections();
    auto answer = m_engine->httpGet(entry->entry().address.toStdString(), 80, "/",
                                    std::chrono::seconds(3));
    QTRY_VERIFY_WITH_TIMEOUT(answer.wait_for(std::chrono::seconds(0)) == std::future_status::ready,
                             10000);
    QCOMPARE(answer.get().status, 200u);
    QTRY_COMPARE_WITH_TIMEOUT(gate->connections(), before + 1, 10000);
    QTRY_COMPARE(entry->forwardedBy().size(), 1);
    const QString node = entry->forwardedBy().front();
    const QString pill = QStringLiteral("ent:%1|%2").arg(entry->entry().id, node);
    // The Pod it reached (the end of the pill's path) runs on the node that answered.
    QString podKey;
    for (const TrafficSegment &s : m_scene->traffic().segments())
        if (s.fromKey == QStringLiteral("svc:") + uid && s.toKey.startsWith(QLatin1String("pod:")))
            podKey = s.toKey;
    QVERIFY(segmentIndex(QStringLiteral("outside"), pill) >= 0);
    QVERIFY(!podKey.isEmpty());
    const model::Pod *pod = m_state->mirror().pod(podKey.mid(4));
    QVERIFY(pod);
    QCOMPARE(qs(pod->spec.nodeName), node);
}

QTEST_MAIN(TestCanvasEntry)
#include "tst_canvas_entry.moc"
