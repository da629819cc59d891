// tst_traffic_controls: the Traffic panel's controls, turned as a person would, reach the real
// engine and change what the real forwarder does: the users' rate (0 pauses them), the
// forwarding mode (round-robin answers from every Pod in turn) and session affinity (every
// request from this computer sticks to one Pod, and the Services say ClientIP). And what keeps
// the network from working (the data plane's problems) is shown in the status bar and Events.
#include "bridge/engine_bridge.h"
#include "bridge/engine_commands.h"
#include "demo_text.h"
#include "panels/events_panel.h"
#include "panels/status_summary.h"
#include "panels/traffic_panel.h"
#include "state/cluster_state.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QTest>

#include <map>

using namespace clusterlab;
using namespace clusterlab::app;

class TestTrafficControls : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void zeroPausesTheUsersAndARateResumesThem();
    void roundRobinAnswersFromEveryPodInTurn();
    void sessionAffinityKeepsOneClientOnOnePod();
    void networkProblemsAreShown();

private:
    /// answers sends n requests for /hostname to the backend Service and counts who answered.
    std::map<std::string, int> answers(int n);
    quint64 usersFlows() const;

    Engine *m_engine = nullptr;
    EngineBridge *m_bridge = nullptr;
    EngineCommands *m_commands = nullptr;
    ClusterState *m_state = nullptr;
    TrafficPanel *m_panel = nullptr;
};

void TestTrafficControls::initTestCase()
{
    EngineOptions options;
    options.pace = 0;
    options.usersRate = 0;
    m_engine = new Engine(options);
    m_engine->start();
    m_state = new ClusterState;
    m_bridge = new EngineBridge(m_engine);
    m_commands = new EngineCommands(*m_engine);
    connect(m_bridge, &EngineBridge::batchReady, m_state, &ClusterState::apply);
    m_bridge->prime();
    m_panel = new TrafficPanel(*m_state, *m_commands);
    m_panel->show();
    auto report = manifest::decodeText(demoText(), "three-tier.yaml");
    QVERIFY(!report.hasErrors());
    m_commands->apply(std::move(report.objects));
    QTRY_COMPARE_WITH_TIMEOUT(m_state->mirror().podUids().size(), 8, 10000);
    // Every backend Pod serves before the counting starts.
    QTRY_COMPARE_WITH_TIMEOUT(int(answers(30).size()), 3, 10000);
}

void TestTrafficControls::cleanupTestCase()
{
    delete m_panel;
    delete m_bridge;
    delete m_commands;
    delete m_state;
    m_engine->stop();
    delete m_engine;
}

std::map<std::string, int> TestTrafficControls::answers(int n)
{
    std::map<std::string, int> byPod;
    for (int i = 0; i < n; ++i) {
        std::string answer = m_engine->curl("default", "backend", "/hostname").get();
        while (!answer.empty() && (answer.back() == '\n' || answer.back() == '\r'))
            answer.pop_back();
        ++byPod[answer];
    }
    return byPod;
}

quint64 TestTrafficControls::usersFlows() const
{
    quint64 total = 0;
    for (const auto &[key, counts] : m_engine->flowCounts())
        total += counts.total() + counts.active; // a new connection adds one
    return total;
}

void TestTrafficControls::zeroPausesTheUsersAndARateResumesThem()
{
    auto *rate = m_panel->findChild<QDoubleSpinBox *>();
    QVERIFY(rate);
    rate->setValue(20);
    QTRY_COMPARE(m_engine->usersRate(), 20.0);
    const quint64 before = usersFlows();
    QTRY_VERIFY_WITH_TIMEOUT(usersFlows() > before + 5, 10000); // the users are sending
    rate->setValue(0);
    QTRY_COMPARE(m_engine->usersRate(), 0.0);
    QTest::qWait(600); // let connections already in flight finish
    const quint64 paused = usersFlows();
    QTest::qWait(1000);
    QCOMPARE(usersFlows(), paused); // nobody sends while paused
}

void TestTrafficControls::roundRobinAnswersFromEveryPodInTurn()
{
    auto *mode = m_panel->findChild<QComboBox *>();
    QVERIFY(mode);
    const int roundRobin = mode->findText(QStringLiteral("Round-robin"));
    QVERIFY(roundRobin >= 0);
    mode->setCurrentIndex(roundRobin);
    QTest::qWait(200); // the mode is set on the engine's strand
    const auto byPod = answers(30);
    QCOMPARE(int(byPod.size()), 3);
    for (const auto &[pod, count] : byPod)
        QVERIFY2(count == 10,
                 qPrintable(QString::fromStdString(pod) + " answered " + QString::number(count)
                            + " of 30"));
    mode->setCurrentIndex(mode->findText(QStringLiteral("Random (like iptables)")));
}

void TestTrafficControls::sessionAffinityKeepsOneClientOnOnePod()
{
    auto *affinity = m_panel->findChild<QCheckBox *>();
    QVERIFY(affinity);
    affinity->click();
    QVERIFY(affinity->isChecked());
    QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (const auto &object : m_engine->list("Service").get()) {
                    const auto &svc = std::get<model::Service>(*object);
                    if (svc.metadata.name == "backend")
                        return svc.spec.sessionAffinity == "ClientIP";
                }
                return false;
            }(),
            5000);
    QTest::qWait(200); // the forwarder follows the Service's next sync
    const auto byPod = answers(20);
    QCOMPARE(int(byPod.size()), 1);
    affinity->click();
    QVERIFY(!affinity->isChecked());
    QTRY_COMPARE_WITH_TIMEOUT(int(answers(30).size()), 3, 10000); // spreading again
}

void TestTrafficControls::networkProblemsAreShown()
{
    ClusterState state;
    StatusSummary status(state);
    EventsPanel events(state);
    const std::string problem = "cannot listen on 127.96.0.20:80: address in use";
    BridgeBatch batch;
    batch.facts = NetworkFacts{};
    batch.facts->problems = { problem };
    state.apply(batch);
    QVERIFY2(status.text().startsWith(QStringLiteral("⚠ ") + QString::fromStdString(problem)),
             qPrintable(status.text()));
    QVERIFY(status.toolTip().contains(QString::fromStdString(problem)));
    QCOMPARE(events.rowCount(), 1);
    QCOMPARE(events.rowText(0).mid(1),
             (QStringList{ "Warning", "NetworkProblem", "data plane",
                           QString::fromStdString(problem) }));
    state.apply(batch); // the same facts: listed once
    QCOMPARE(events.rowCount(), 1);
    batch.facts->problems.clear(); // fixed: gone from the status bar, kept in the history
    state.apply(batch);
    QVERIFY(!status.text().contains(QStringLiteral("⚠")));
    QCOMPARE(events.rowCount(), 1);
}

QTEST_MAIN(TestTrafficControls)
#include "tst_traffic_controls.moc"
