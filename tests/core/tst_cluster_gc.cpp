// Deletion in the simulated cluster: the garbage collector follows the propagation policy,
// a Service takes its Endpoints and slices along, a Namespace everything in it.
#include "builders.h"
#include "cluster_support.h"

#include <QtTest>

using namespace clusterlab;
using namespace clusterlab::testing;
using namespace std::chrono_literals;

class TestClusterGc : public QObject
{
    Q_OBJECT

private slots:
    void garbageCollectionFollowsPropagation_data();
    void garbageCollectionFollowsPropagation();
    void deletingServiceRemovesEndpoints();
    void deletingNamespaceDeletesItsObjects();
};

void TestClusterGc::garbageCollectionFollowsPropagation_data()
{
    QTest::addColumn<QString>("propagation");
    QTest::addColumn<bool>("ownerGoneAtOnce");
    QTest::addColumn<int>("podsLeft");
    QTest::addRow("Background removes the owner now and its dependents after")
            << "Background" << true << 0;
    QTest::addRow("Foreground removes the dependents first") << "Foreground" << false << 0;
    QTest::addRow("Orphan keeps the dependents, without owner") << "Orphan" << true << 3;
}

void TestClusterGc::garbageCollectionFollowsPropagation()
{
    QFETCH(QString, propagation);
    QFETCH(bool, ownerGoneAtOnce);
    QFETCH(int, podsLeft);
    cluster::Cluster c({ 3, 1, 1.0 });
    REQUIRE_OK(c.create(makeDeployment("default", "web")));
    c.settle();
    QCOMPARE(livePods(c, "web").size(), std::size_t(3));
    REQUIRE_OK(c.remove("Deployment", "default", "web", propagation.toStdString()));
    const auto owner = c.store().getAs<model::Deployment>("default", "web");
    QCOMPARE(!owner, ownerGoneAtOnce);
    if (owner)
        QVERIFY(owner->metadata.deletionTimestamp);
    c.settle();
    QVERIFY(!c.store().get("Deployment", "default", "web"));
    QCOMPARE(int(c.store().list("Pod", "default").size()), podsLeft);
    QCOMPARE(int(c.store().list("ReplicaSet", "default").size()), propagation == "Orphan" ? 1 : 0);
    for (const auto &rs : c.store().listOf<model::ReplicaSet>("default"))
        QVERIFY(rs->metadata.ownerReferences.empty());
}

void TestClusterGc::deletingServiceRemovesEndpoints()
{
    cluster::Cluster c(instant());
    REQUIRE_OK(c.create(makeService("default", "web")));
    REQUIRE_OK(c.create(makePod("default", "web")));
    c.settle();
    QVERIFY(c.store().get("Endpoints", "default", "web"));
    QCOMPARE(slicesOf(c, "web").size(), std::size_t(1));
    REQUIRE_OK(c.remove("Service", "default", "web"));
    c.settle();
    QVERIFY(!c.store().get("Endpoints", "default", "web"));
    QVERIFY(slicesOf(c, "web").empty());
    QVERIFY(c.store().get("Pod", "default", "web"));
}

void TestClusterGc::deletingNamespaceDeletesItsObjects()
{
    cluster::Cluster c({ 3, 1, 1.0 });
    auto ns = named<model::Namespace>("", "shop");
    REQUIRE_OK(c.create(ns));
    REQUIRE_OK(c.create(makeDeployment("shop", "web")));
    REQUIRE_OK(c.create(makeService("shop", "web")));
    c.settle();
    QCOMPARE(livePods(c, "web", "shop").size(), std::size_t(3));
    REQUIRE_OK(c.remove("Namespace", "", "shop"));
    const auto terminating = c.store().getAs<model::Namespace>("", "shop");
    QVERIFY(terminating);
    QCOMPARE(terminating->phase, std::string("Terminating"));
    const auto refused = c.create(makePod("shop", "late"));
    QVERIFY(!refused.has_value());
    QCOMPARE(refused.error().code, cluster::Error::Code::Forbidden);
    QCOMPARE(refused.error().message,
             std::string("pods \"late\" is forbidden: unable to create new content in namespace "
                         "shop because it is being terminated"));
    c.settle();
    QVERIFY(!c.store().get("Namespace", "", "shop"));
    for (const auto &kind : c.store().kinds())
        QVERIFY2(c.store().list(kind, "shop").empty(), kind.c_str());
}

QTEST_GUILESS_MAIN(TestClusterGc)
#include "tst_cluster_gc.moc"
