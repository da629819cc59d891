// tst_canvas_layout: where the canvas puts things, with a real Engine (pace 0, users paused)
// and the demo: tiers ordered by their calls, then by their roles; tiers that keep their lanes
// when callers or callees come a step later; the cluster fitted in a new view and after a load
// that replaces it.
#include "canvas/canvas_scene.h"
#include "canvas/canvas_view.h"
#include "canvas/group_item.h"
#include "canvas/lane_item.h"
#include "canvas/pod_item.h"
#include "canvas/service_item.h"
#include "canvas/tier_order.h"
#include "canvas/tier_placement.h"
#include "canvas_lab.h"
#include "state/cluster_state.h"

#include <QTest>

#include <fstream>
#include <sstream>

using namespace clusterlab;
using namespace clusterlab::app;
using namespace canvas_test;

namespace {

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

class TestCanvasLayout : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void tiersAreOrderedByCallsThenRoles_data();
    void tiersAreOrderedByCallsThenRoles();
    void settledTiersKeepTheirLanesWhenCallersComeLater();
    void aNewViewFitsTheClusterOnFirstShow();
    void aCalleeKeepsItsLaneWhenItsCallerArrivesAStepLater();
    void aLoadReplacingTheClusterIsFittedAndLaidOutAfresh();

private:
    /// applyData applies the objects [first, last) of a file under tests/data/.
    void applyData(const char *file, size_t first = 0, size_t last = 100);

    CanvasLab m_lab;
};

void TestCanvasLayout::initTestCase()
{
    m_lab.start();
}

void TestCanvasLayout::cleanupTestCase()
{
    m_lab.stop();
}

void TestCanvasLayout::applyData(const char *file, size_t first, size_t last)
{
    auto report = manifest::decodeText(readData(file), file);
    QVERIFY(!report.hasErrors());
    auto &all = report.objects;
    m_lab.commands->apply({ all.begin() + first, all.begin() + std::min(last, all.size()) });
}

void TestCanvasLayout::tiersAreOrderedByCallsThenRoles_data()
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

void TestCanvasLayout::tiersAreOrderedByCallsThenRoles()
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

void TestCanvasLayout::settledTiersKeepTheirLanesWhenCallersComeLater()
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

void TestCanvasLayout::aNewViewFitsTheClusterOnFirstShow()
{
    CanvasView view(m_lab.scene);
    view.setZoom(3.0); // as a zoom restored from the last run
    view.resize(900, 600);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY2(fitted(view), qPrintable(QStringLiteral("zoom %1").arg(view.zoom())));
}

void TestCanvasLayout::aCalleeKeepsItsLaneWhenItsCallerArrivesAStepLater()
{
    m_lab.view->setZoom(0.8); // people zoomed: Pods coming and going keep their zoom
    const char *steps = "manifests/canvas/shop-in-two-steps.yaml";
    applyData(steps, 0, 3);
    QTRY_COMPARE_WITH_TIMEOUT(m_lab.scene->laneTitles().value(1), "frontend  ·  cart", 10000);
    ServiceItem *cart = m_lab.scene->serviceItem(m_lab.state->mirror().serviceUid("shop", "cart"));
    QVERIFY(cart);
    const qreal x = cart->scenePos().x();
    QTest::qWait(TierPlacement::kSettleMs + 300);
    applyData(steps, 3);
    const QString shopWeb = QStringLiteral("Deployment/shop/shop-web");
    QTRY_COMPARE_WITH_TIMEOUT(m_lab.podUidsOf(shopWeb).size(), 1, 10000);
    QVERIFY(m_lab.state->mirror().callsOf(m_lab.podUidsOf(shopWeb).first()).contains("cart"));
    QCOMPARE(m_lab.scene->laneTitles().value(1), "frontend  ·  shop-web  ·  cart");
    QCOMPARE(cart->scenePos().x(), x);
    QCOMPARE(m_lab.view->zoom(), 0.8);
    m_lab.commands->clearNamespace("shop");
    QTRY_COMPARE_WITH_TIMEOUT(m_lab.scene->laneTitles().value(1), "frontend", 10000);
}

void TestCanvasLayout::aLoadReplacingTheClusterIsFittedAndLaidOutAfresh()
{
    // Last: the guestbook replaces the demo, as a lesson starting over does. Its PHP names
    // redis in code, so no calls are known: one lane, the frontend on top.
    m_lab.view->setZoom(2.5);
    m_lab.commands->clearNamespace("shop"); // should the test before have failed
    m_lab.commands->clearNamespace("default");
    QTRY_COMPARE_WITH_TIMEOUT(m_lab.scene->laneTitles().size(), 1, 10000);
    applyData("manifests/third-party/guestbook-all-in-one.yaml");
    QTRY_COMPARE_WITH_TIMEOUT(m_lab.scene->laneTitles(),
                              (QStringList{ "Outside the cluster", "frontend  ·  backend" }),
                              10000);
    QTRY_COMPARE_WITH_TIMEOUT(m_lab.state->mirror().podUids().size(), 6, 10000);
    QTRY_VERIFY2(fitted(*m_lab.view),
                 qPrintable(QStringLiteral("zoom %1").arg(m_lab.view->zoom())));
}

QTEST_MAIN(TestCanvasLayout)
#include "tst_canvas_layout.moc"
