// The replica controllers of the simulated cluster: Deployments scale through their ReplicaSet
// and roll out within maxSurge/maxUnavailable, Recreate stops old Pods first, a ReplicaSet or
// ReplicationController replaces a deleted or relabelled Pod.
#include "builders.h"
#include "cluster_support.h"

#include <QtTest>

#include <set>

using namespace clusterlab;
using namespace clusterlab::testing;
using namespace std::chrono_literals;

namespace {

bool allOf(const std::string &text, const char *alphabet)
{
    return text.find_first_not_of(alphabet) == std::string::npos;
}

constexpr const char *kNameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

model::Deployment withImage(model::Deployment d, const std::string &image)
{
    d.spec.template_.spec.containers[0].image = image;
    return d;
}

} // namespace

class TestClusterDeployments : public QObject
{
    Q_OBJECT

private slots:
    void scalesDeployment_data();
    void scalesDeployment();
    void deletedPodIsReplacedWithNewNameAndIP();
    void relabelledPodLeavesServiceAndIsReplaced();
    void rollingUpdateKeepsPodsAvailable_data();
    void rollingUpdateKeepsPodsAvailable();
    void recreateStopsOldPodsFirst();
    void replicationControllerKeepsReplicas();
};

void TestClusterDeployments::scalesDeployment_data()
{
    QTest::addColumn<QString>("steps");
    QTest::addRow("scaling up 3 to 5 then down to 1 keeps the survivors") << "3,5,1";
    QTest::addRow("scaling to zero and back recreates Pods") << "2,0,2";
}

void TestClusterDeployments::scalesDeployment()
{
    QFETCH(QString, steps);
    cluster::Cluster c(instant());
    const QStringList counts = steps.split(',');
    REQUIRE_OK(c.create(makeDeployment("default", "web", [&](model::Deployment &d) {
        d.spec.replicas = counts[0].toInt();
    })));
    c.settle();
    for (const QString &count : counts) {
        REQUIRE_OK(c.scale("Deployment", "default", "web", count.toInt()));
        c.settle();
        const auto pods = livePods(c, "web");
        QCOMPARE(int(pods.size()), count.toInt());
        QCOMPARE(int(readyCount(pods)), count.toInt());
        QCOMPARE(int(c.store().list("Pod", "default").size()), count.toInt()); // no stragglers
        const auto rss = c.store().listOf<model::ReplicaSet>("default");
        QCOMPARE(rss.size(), std::size_t(1));
        const auto &rs = rss[0];
        const std::string hash = rs->metadata.labels.at("pod-template-hash");
        QCOMPARE(rs->metadata.name, "web-" + hash);
        QVERIFY(allOf(hash, kNameAlphabet));
        QVERIFY(hash.size() >= 8 && hash.size() <= 10);
        QCOMPARE(rs->status.readyReplicas, count.toInt());
        for (const auto &pod : pods) {
            QCOMPARE(pod->metadata.name.substr(0, rs->metadata.name.size() + 1),
                     rs->metadata.name + "-");
            QVERIFY(allOf(pod->metadata.name.substr(rs->metadata.name.size() + 1), kNameAlphabet));
            QCOMPARE(pod->metadata.ownerReferences.size(), std::size_t(1));
            QCOMPARE(pod->metadata.ownerReferences[0].uid, rs->metadata.uid);
            QVERIFY(pod->metadata.ownerReferences[0].controller);
            QCOMPARE(pod->status.phase, std::string("Running"));
        }
        const auto d = c.store().getAs<model::Deployment>("default", "web");
        QCOMPARE(d->status.replicas, count.toInt());
        QCOMPARE(d->status.readyReplicas, count.toInt());
        QCOMPARE(d->status.availableReplicas, count.toInt());
        QCOMPARE(d->status.updatedReplicas, count.toInt());
        QCOMPARE(d->status.observedGeneration, d->metadata.generation);
    }
}

void TestClusterDeployments::deletedPodIsReplacedWithNewNameAndIP()
{
    cluster::Cluster c(instant());
    REQUIRE_OK(c.create(makeDeployment("default", "web")));
    REQUIRE_OK(c.create(makeService("default", "web")));
    c.settle();
    const auto before = livePods(c, "web");
    QCOMPARE(before.size(), std::size_t(3));
    const auto victim = before[1];
    REQUIRE_OK(c.remove("Pod", "default", victim->metadata.name));
    c.settle();
    const auto after = livePods(c, "web");
    QCOMPARE(after.size(), std::size_t(3));
    QVERIFY(!c.store().get("Pod", "default", victim->metadata.name));
    std::set<std::string> ipsBefore, ipsAfter;
    for (const auto &p : before)
        ipsBefore.insert(p->status.podIP);
    PodPtr replacement;
    for (const auto &p : after) {
        ipsAfter.insert(p->status.podIP);
        if (std::none_of(before.begin(), before.end(), [&](const auto &b) {
                return b->metadata.name == p->metadata.name;
            }))
            replacement = p;
    }
    QVERIFY(replacement);
    QVERIFY(!ipsBefore.count(replacement->status.podIP));
    QVERIFY(!replacement->status.podIP.empty());
    QCOMPARE(readyAddresses(c, "web").size(), 3);
    QVERIFY(!readyAddresses(c, "web").contains(
            QString::fromStdString(victim->status.podIP + ":80")));
}

void TestClusterDeployments::relabelledPodLeavesServiceAndIsReplaced()
{
    cluster::Cluster c(instant());
    REQUIRE_OK(c.create(makeDeployment("default", "web")));
    REQUIRE_OK(c.create(makeService("default", "web")));
    c.settle();
    auto pod = livePods(c, "web")[0];
    const std::string ip = pod->status.podIP;
    const QString address = QString::fromStdString(ip + ":80");
    QVERIFY(readyAddresses(c, "web").contains(address));

    model::Pod relabelled = *pod;
    relabelled.metadata.labels["app"] = "debug";
    REQUIRE_OK(c.update(relabelled));
    c.settle();
    const auto released = c.store().getAs<model::Pod>("default", pod->metadata.name);
    QVERIFY(released);
    QVERIFY(released->metadata.ownerReferences.empty()); // orphaned, still running
    QCOMPARE(released->status.podIP, ip);
    QCOMPARE(livePods(c, "web").size(), std::size_t(3)); // the ReplicaSet replaced it
    QCOMPARE(readyAddresses(c, "web").size(), 3);
    QVERIFY(!readyAddresses(c, "web").contains(address));

    model::Pod back = *released;
    back.metadata.labels["app"] = "web";
    REQUIRE_OK(c.update(back));
    c.settle();
    // Adopted again; the ReplicaSet now has one too many and removes the youngest.
    const auto pods = livePods(c, "web");
    QCOMPARE(pods.size(), std::size_t(3));
    const auto adopted = c.store().getAs<model::Pod>("default", pod->metadata.name);
    QVERIFY(adopted && !model::isPodTerminating(*adopted));
    QCOMPARE(adopted->metadata.ownerReferences.size(), std::size_t(1));
    QVERIFY(readyAddresses(c, "web").contains(address));
    QCOMPARE(readyAddresses(c, "web").size(), 3);
}

void TestClusterDeployments::rollingUpdateKeepsPodsAvailable_data()
{
    QTest::addColumn<int>("replicas");
    QTest::addColumn<QString>("maxSurge");
    QTest::addColumn<QString>("maxUnavailable");
    QTest::addColumn<int>("surge");
    QTest::addColumn<int>("unavailable");
    QTest::addRow("the 25%% defaults on 4 replicas surge 1 and allow 1 unavailable")
            << 4 << "25%"
            << "25%" << 1 << 1;
    QTest::addRow("percentages round surge up and unavailable down") << 3 << "50%"
                                                                     << "50%" << 2 << 1;
    QTest::addRow("maxUnavailable 0 never drops below the replicas") << 3 << "1"
                                                                     << "0" << 1 << 0;
    QTest::addRow("maxSurge 0 replaces Pods in place") << 3 << "0"
                                                       << "1" << 0 << 1;
    QTest::addRow("percentages that both round to 0 still let one Pod be unavailable")
            << 3 << "0%"
            << "10%" << 0 << 1;
}

void TestClusterDeployments::rollingUpdateKeepsPodsAvailable()
{
    QFETCH(int, replicas);
    QFETCH(QString, maxSurge);
    QFETCH(QString, maxUnavailable);
    QFETCH(int, surge);
    QFETCH(int, unavailable);
    const auto intOrPercent = [](const QString &v) {
        return v.endsWith('%') ? model::IntOrString::fromString(v.toStdString())
                               : model::IntOrString::fromInt(v.toInt());
    };
    cluster::Cluster c({ 3, 1, 1.0 });
    const auto d = makeDeployment("default", "web", [&](model::Deployment &dep) {
        dep.spec.replicas = replicas;
        dep.spec.strategy.maxSurge = intOrPercent(maxSurge);
        dep.spec.strategy.maxUnavailable = intOrPercent(maxUnavailable);
    });
    REQUIRE_OK(c.create(d));
    c.settle();
    QCOMPARE(int(readyCount(livePods(c, "web"))), replicas);

    REQUIRE_OK(c.update(withImage(d, "nginx:1.26")));
    bool done = false;
    for (int step = 0; step < 600 && !done; ++step) {
        c.advance(100ms);
        const auto pods = livePods(c, "web");
        QVERIFY2(int(readyCount(pods)) >= replicas - unavailable,
                 qPrintable(
                         QString("%1 ready at %2 ms").arg(readyCount(pods)).arg(c.now().count())));
        QVERIFY2(int(pods.size()) <= replicas + surge,
                 qPrintable(QString("%1 Pods at %2 ms").arg(pods.size()).arg(c.now().count())));
        done = !c.nextDue();
    }
    QVERIFY(done);
    const auto pods = livePods(c, "web");
    QCOMPARE(int(pods.size()), replicas);
    QCOMPARE(int(readyCount(pods)), replicas);
    for (const auto &pod : pods)
        QCOMPARE(pod->spec.containers[0].image, std::string("nginx:1.26"));
    const auto rss = c.store().listOf<model::ReplicaSet>("default");
    QCOMPARE(rss.size(), std::size_t(2)); // the old one is kept at 0 for rollbacks
    std::set<std::int64_t> sizes{ rss[0]->spec.replicas, rss[1]->spec.replicas };
    QCOMPARE(sizes, (std::set<std::int64_t>{ 0, replicas }));
    const auto scaled = eventMessages(c, "ScalingReplicaSet");
    QVERIFY(!scaled.empty());
    QVERIFY(scaled.front().starts_with("Scaled up replica set web-"));
}

void TestClusterDeployments::recreateStopsOldPodsFirst()
{
    cluster::Cluster c({ 3, 1, 1.0 });
    const auto d = makeDeployment("default", "web", [](model::Deployment &dep) {
        dep.spec.strategy.type = "Recreate";
    });
    REQUIRE_OK(c.create(d));
    c.settle();
    REQUIRE_OK(c.update(withImage(d, "nginx:1.26")));
    bool sawOnlyTerminating = false;
    for (int step = 0; step < 300 && c.nextDue(); ++step) {
        c.advance(100ms);
        std::set<std::string> images;
        for (const auto &pod : c.store().listOf<model::Pod>("default"))
            images.insert(pod->spec.containers[0].image);
        QVERIFY2(images.size() <= 1, "old and new Pods must never run side by side");
        sawOnlyTerminating = sawOnlyTerminating
                || (livePods(c, "web").empty() && !c.store().list("Pod", "default").empty());
    }
    QVERIFY(sawOnlyTerminating);
    const auto pods = livePods(c, "web");
    QCOMPARE(readyCount(pods), std::size_t(3));
    QCOMPARE(pods[0]->spec.containers[0].image, std::string("nginx:1.26"));
}

void TestClusterDeployments::replicationControllerKeepsReplicas()
{
    cluster::Cluster c(instant());
    auto rc = named<model::ReplicationController>("default", "legacy");
    rc.spec.replicas = 2;
    rc.spec.selector = { { "app", "legacy" } };
    rc.spec.template_ = makeTemplate("legacy");
    REQUIRE_OK(c.create(rc));
    c.settle();
    auto pods = livePods(c, "legacy");
    QCOMPARE(pods.size(), std::size_t(2));
    QVERIFY(pods[0]->metadata.name.starts_with("legacy-"));
    REQUIRE_OK(c.remove("Pod", "default", pods[0]->metadata.name));
    c.settle();
    QCOMPARE(livePods(c, "legacy").size(), std::size_t(2));
    const auto stored = c.store().getAs<model::ReplicationController>("default", "legacy");
    QCOMPARE(stored->status.readyReplicas, 2);
    QCOMPARE(eventMessages(c, "SuccessfulCreate").size(), std::size_t(3));
}

QTEST_GUILESS_MAIN(TestClusterDeployments)
#include "tst_cluster_deployments.moc"
