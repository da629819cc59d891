#include "builders.h"
#include "cluster/cluster.h"
#include "manifest/decode.h"

#include <QtTest>

#include <algorithm>
#include <set>

using namespace clusterlab;
using namespace clusterlab::testing;
using namespace std::chrono_literals;

namespace {

using PodPtr = std::shared_ptr<const model::Pod>;

cluster::Options instant(std::uint64_t seed = 1)
{
    return { 3, seed, 0.0 };
}

#define REQUIRE_OK(result)                                                                         \
  do {                                                                                             \
    const auto &r_ = (result);                                                                     \
    QVERIFY2(r_.has_value(), r_.has_value() ? "" : r_.error().message.c_str());                    \
  } while (false)

/// livePods returns the Pods of app that are not terminating, sorted by name.
std::vector<PodPtr> livePods(const cluster::Cluster &c, const std::string &app,
                             const std::string &ns = "default")
{
    std::vector<PodPtr> out;
    for (const auto &pod : c.store().listOf<model::Pod>(ns)) {
        const auto it = pod->metadata.labels.find("app");
        if (it != pod->metadata.labels.end() && it->second == app && !model::isPodTerminating(*pod))
            out.push_back(pod);
    }
    return out;
}

std::size_t readyCount(const std::vector<PodPtr> &pods)
{
    return std::count_if(pods.begin(), pods.end(), [](const auto &p) {
        return model::isPodReady(*p);
    });
}

/// readyAddresses lists "ip:port" of every ready address of the Service's Endpoints, sorted.
QStringList readyAddresses(const cluster::Cluster &c, const std::string &name,
                           const std::string &ns = "default")
{
    QStringList out;
    const auto endpoints = c.store().getAs<model::Endpoints>(ns, name);
    if (!endpoints)
        return { "<no Endpoints>" };
    for (const auto &subset : endpoints->subsets)
        for (const auto &address : subset.addresses)
            for (const auto &port : subset.ports)
                out << QString::fromStdString(address.ip + ":" + std::to_string(port.port));
    out.sort();
    return out;
}

std::vector<std::shared_ptr<const model::EndpointSlice>> slicesOf(const cluster::Cluster &c,
                                                                  const std::string &service)
{
    std::vector<std::shared_ptr<const model::EndpointSlice>> out;
    for (const auto &slice : c.store().listOf<model::EndpointSlice>("default"))
        if (slice->metadata.labels.count("kubernetes.io/service-name")
            && slice->metadata.labels.at("kubernetes.io/service-name") == service)
            out.push_back(slice);
    return out;
}

std::vector<std::string> eventMessages(const cluster::Cluster &c, const std::string &reason)
{
    std::vector<std::string> out;
    for (const auto &event : c.store().listOf<model::Event>())
        if (event->reason == reason)
            out.push_back(event->message);
    return out;
}

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

class TestCluster : public QObject
{
    Q_OBJECT

private slots:
    void bootstrapsLikeAFreshCluster();
    void scalesDeployment_data();
    void scalesDeployment();
    void deletedPodIsReplacedWithNewNameAndIP();
    void relabelledPodLeavesServiceAndIsReplaced();
    void rollingUpdateKeepsPodsAvailable_data();
    void rollingUpdateKeepsPodsAvailable();
    void recreateStopsOldPodsFirst();
    void statefulSetCreatesPods_data();
    void statefulSetCreatesPods();
    void statefulSetPodComesBackUnderItsName();
    void replicationControllerKeepsReplicas();
    void podsSpreadOverNodes();
    void readinessProbeDelaysReady();
    void terminatingPodLeavesEndpointsFirst();
    void namedTargetPortResolvesPerPod();
    void headlessServiceGetsNoClusterIP();
    void clusterIPRequests_data();
    void clusterIPRequests();
    void releasedClusterIPIsNotReusedAtOnce();
    void applyIsAllOrNothing();
    void applyReportsWhatChanged();
    void apiErrorsAreWordedAsTheApiServer_data();
    void apiErrorsAreWordedAsTheApiServer();
    void sameSeedReplaysIdentically();
    void noOpUpdateGivesNoWatchEvent();
    void garbageCollectionFollowsPropagation_data();
    void garbageCollectionFollowsPropagation();
    void deletingServiceRemovesEndpoints();
    void deletingNamespaceDeletesItsObjects();
    void eventsUseKubernetesWording();
};

void TestCluster::bootstrapsLikeAFreshCluster()
{
    cluster::Cluster c({ 4, 1, 0.0 });
    QCOMPARE(c.store().list("Namespace").size(), std::size_t(4));
    const auto nodes = c.store().listOf<model::Node>();
    QCOMPARE(nodes.size(), std::size_t(4));
    QCOMPARE(nodes[1]->metadata.name, std::string("node-2"));
    QCOMPARE(nodes[1]->podCIDR, std::string("127.244.2.0/24"));
    QCOMPARE(nodes[1]->internalIP, std::string("127.244.2.1"));
    const auto kubernetes = c.store().getAs<model::Service>("default", "kubernetes");
    QVERIFY(kubernetes);
    QCOMPARE(kubernetes->spec.clusterIP, std::string("127.96.0.1"));
    QCOMPARE(kubernetes->spec.ports[0].port, 443);
    QCOMPARE(kubernetes->spec.ports[0].targetPort.intVal, 6443);
    const auto dns = c.store().getAs<model::Service>("kube-system", "kube-dns");
    QVERIFY(dns);
    QCOMPARE(dns->spec.clusterIP, std::string("127.96.0.10"));
    QCOMPARE(dns->spec.clusterIPs, std::vector<std::string>{ "127.96.0.10" });
    QCOMPARE(dns->spec.ports.size(), std::size_t(2));
    QCOMPARE(dns->spec.ports[0].protocol, std::string("UDP"));
    QCOMPARE(dns->spec.ports[1].name, std::string("dns-tcp"));
    QVERIFY(!dns->spec.selector);
    QVERIFY(!c.store().get("Endpoints", "kube-system", "kube-dns"));
    QVERIFY(!c.nextDue());
}

void TestCluster::scalesDeployment_data()
{
    QTest::addColumn<QString>("steps");
    QTest::addRow("scaling up 3 to 5 then down to 1 keeps the survivors") << "3,5,1";
    QTest::addRow("scaling to zero and back recreates Pods") << "2,0,2";
}

void TestCluster::scalesDeployment()
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

void TestCluster::deletedPodIsReplacedWithNewNameAndIP()
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

void TestCluster::relabelledPodLeavesServiceAndIsReplaced()
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

void TestCluster::rollingUpdateKeepsPodsAvailable_data()
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

void TestCluster::rollingUpdateKeepsPodsAvailable()
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

void TestCluster::recreateStopsOldPodsFirst()
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

void TestCluster::statefulSetCreatesPods_data()
{
    QTest::addColumn<QString>("policy");
    QTest::addColumn<bool>("ordered");
    QTest::addRow("OrderedReady waits for each Pod to be Ready") << "OrderedReady" << true;
    QTest::addRow("Parallel creates every Pod at once") << "Parallel" << false;
}

void TestCluster::statefulSetCreatesPods()
{
    QFETCH(QString, policy);
    QFETCH(bool, ordered);
    cluster::Cluster c({ 3, 1, 1.0 });
    REQUIRE_OK(c.create(makeService("default", "web", [](model::Service &s) {
        s.spec.clusterIP = "None";
    })));
    REQUIRE_OK(c.create(makeStatefulSet("default", "web", [&](model::StatefulSet &s) {
        s.spec.podManagementPolicy = policy.toStdString();
    })));
    QCOMPARE(livePods(c, "web").size(), ordered ? std::size_t(1) : std::size_t(3));
    for (int step = 0; step < 100 && c.nextDue(); ++step) {
        c.advance(100ms);
        const auto pods = livePods(c, "web");
        if (!ordered)
            continue;
        // web-N exists only once web-0 .. web-(N-1) are Ready.
        for (std::size_t i = 0; i < pods.size(); ++i) {
            QCOMPARE(pods[i]->metadata.name, "web-" + std::to_string(i));
            if (i + 1 < pods.size())
                QVERIFY(model::isPodReady(*pods[i]));
        }
    }
    const auto pods = livePods(c, "web");
    QCOMPARE(pods.size(), std::size_t(3));
    for (std::size_t i = 0; i < pods.size(); ++i) {
        QCOMPARE(pods[i]->metadata.name, "web-" + std::to_string(i));
        QCOMPARE(pods[i]->spec.hostname, pods[i]->metadata.name);
        QCOMPARE(pods[i]->spec.subdomain, std::string("web"));
        QVERIFY(model::isPodReady(*pods[i]));
    }
    const auto endpoints = c.store().getAs<model::Endpoints>("default", "web");
    QVERIFY(endpoints);
    QCOMPARE(endpoints->subsets.size(), std::size_t(1));
    QCOMPARE(endpoints->subsets[0].addresses.size(), std::size_t(3));
    std::set<std::string> hostnames;
    for (const auto &a : endpoints->subsets[0].addresses)
        hostnames.insert(a.hostname);
    QCOMPARE(hostnames, (std::set<std::string>{ "web-0", "web-1", "web-2" }));
    const auto set = c.store().getAs<model::StatefulSet>("default", "web");
    QCOMPARE(set->status.readyReplicas, 3);
    QCOMPARE(eventMessages(c, "SuccessfulCreate").front(),
             std::string("create Pod web-0 in StatefulSet web successful"));
}

void TestCluster::statefulSetPodComesBackUnderItsName()
{
    cluster::Cluster c(instant());
    REQUIRE_OK(c.create(makeStatefulSet("default", "db")));
    c.settle();
    const auto old = c.store().getAs<model::Pod>("default", "db-1");
    QVERIFY(old);
    REQUIRE_OK(c.remove("Pod", "default", "db-1"));
    c.settle();
    const auto now = c.store().getAs<model::Pod>("default", "db-1");
    QVERIFY(now);
    QVERIFY(now->metadata.uid != old->metadata.uid);
    QVERIFY(now->status.podIP != old->status.podIP);
    QVERIFY(model::isPodReady(*now));
    REQUIRE_OK(c.scale("StatefulSet", "default", "db", 1));
    c.settle();
    QCOMPARE(livePods(c, "db").size(), std::size_t(1));
    QCOMPARE(livePods(c, "db")[0]->metadata.name, std::string("db-0"));
}

void TestCluster::replicationControllerKeepsReplicas()
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

void TestCluster::podsSpreadOverNodes()
{
    cluster::Cluster c(instant());
    REQUIRE_OK(c.create(makeDeployment("default", "web", [](model::Deployment &d) {
        d.spec.replicas = 7;
    })));
    c.settle();
    std::map<std::string, int> perNode;
    for (const auto &pod : livePods(c, "web")) {
        ++perNode[pod->spec.nodeName];
        const std::string n = pod->spec.nodeName.substr(5);
        QVERIFY(pod->status.podIP.starts_with("127.244." + n + "."));
        QCOMPARE(pod->status.hostIP, "127.244." + n + ".1");
        QVERIFY(pod->status.podIP != pod->status.hostIP);
    }
    QCOMPARE(perNode.size(), std::size_t(3));
    for (const auto &[node, count] : perNode)
        QVERIFY2(count == 2 || count == 3, node.c_str());
}

void TestCluster::readinessProbeDelaysReady()
{
    cluster::Cluster c({ 3, 1, 1.0 });
    REQUIRE_OK(c.create(makePod("default", "slow", [](model::Pod &p) {
        p.spec.containers[0].readinessProbe = model::Probe{ 5, 10 };
    })));
    REQUIRE_OK(c.create(makeService("default", "slow")));
    const auto status = [&] {
        return model::podStatusText(*c.store().getAs<model::Pod>("default", "slow"));
    };
    QCOMPARE(status(), std::string("Pending"));
    c.advance(200ms);
    QCOMPARE(status(), std::string("ContainerCreating"));
    c.advance(1000ms);
    QCOMPARE(status(), std::string("Running"));
    QVERIFY(!model::isPodReady(*c.store().getAs<model::Pod>("default", "slow")));
    QCOMPARE(readyAddresses(c, "slow").size(), 0);
    QCOMPARE(c.store()
                     .getAs<model::Endpoints>("default", "slow")
                     ->subsets[0]
                     .notReadyAddresses.size(),
             std::size_t(1));
    c.advance(4900ms);
    QVERIFY(!model::isPodReady(*c.store().getAs<model::Pod>("default", "slow")));
    c.advance(100ms);
    QVERIFY(model::isPodReady(*c.store().getAs<model::Pod>("default", "slow")));
    QCOMPARE(readyAddresses(c, "slow").size(), 1);
}

void TestCluster::terminatingPodLeavesEndpointsFirst()
{
    cluster::Cluster c({ 3, 1, 1.0 });
    REQUIRE_OK(c.create(makePod("default", "web")));
    REQUIRE_OK(c.create(makeService("default", "web")));
    c.settle();
    QCOMPARE(readyAddresses(c, "web").size(), 1);
    const auto removed = c.remove("Pod", "default", "web");
    REQUIRE_OK(removed);
    QVERIFY(model::meta(**removed).deletionTimestamp);
    const auto pod = c.store().getAs<model::Pod>("default", "web");
    QVERIFY(pod);
    QCOMPARE(model::podStatusText(*pod), std::string("Terminating"));
    QVERIFY(!model::isPodReady(*pod));
    QCOMPARE(readyAddresses(c, "web").size(), 0);
    const auto slice = slicesOf(c, "web").at(0);
    QCOMPARE(slice->endpoints.size(), std::size_t(1));
    QVERIFY(slice->endpoints[0].conditions.terminating);
    QVERIFY(!slice->endpoints[0].conditions.ready);
    // 30 s of grace are simulated as 5 s.
    c.advance(4900ms);
    QVERIFY(c.store().get("Pod", "default", "web"));
    c.advance(100ms);
    QVERIFY(!c.store().get("Pod", "default", "web"));
    QVERIFY(slicesOf(c, "web").at(0)->endpoints.empty());
}

void TestCluster::namedTargetPortResolvesPerPod()
{
    cluster::Cluster c(instant());
    REQUIRE_OK(c.create(makeService("default", "api", [](model::Service &s) {
        s.spec.ports.clear();
        addPort(s, "http", 80, model::IntOrString::fromString("web"));
        addPort(s, "metrics", 9100, model::IntOrString::fromString("metrics"));
    })));
    const auto pod = [](const std::string &name, int webPort, bool metrics) {
        return makePod("default", name, [&](model::Pod &p) {
            p.metadata.labels = { { "app", "api" } };
            p.spec.containers[0].ports.clear();
            addPort(p.spec.containers[0], "web", webPort);
            if (metrics)
                addPort(p.spec.containers[0], "metrics", 9100);
        });
    };
    REQUIRE_OK(c.create(pod("a", 8080, true)));
    REQUIRE_OK(c.create(pod("b", 8080, true)));
    REQUIRE_OK(c.create(pod("c", 9090, false)));
    c.settle();
    const auto endpoints = c.store().getAs<model::Endpoints>("default", "api");
    QVERIFY(endpoints);
    QCOMPARE(endpoints->subsets.size(), std::size_t(2)); // Pods grouped by resolved ports
    std::map<std::size_t, std::size_t> addressesByPortCount;
    for (const auto &subset : endpoints->subsets)
        addressesByPortCount[subset.ports.size()] = subset.addresses.size();
    QCOMPARE(addressesByPortCount[2], std::size_t(2)); // a and b: web 8080 and metrics 9100
    QCOMPARE(addressesByPortCount[1], std::size_t(1)); // c: web 9090 only
    const auto cPod = c.store().getAs<model::Pod>("default", "c");
    QVERIFY(readyAddresses(c, "api").contains(
            QString::fromStdString(cPod->status.podIP + ":9090")));
    QVERIFY(!readyAddresses(c, "api").contains(
            QString::fromStdString(cPod->status.podIP + ":9100")));
    const auto slices = slicesOf(c, "api");
    QCOMPARE(slices.size(), std::size_t(2));
    for (const auto &slice : slices) {
        QVERIFY(slice->metadata.name.starts_with("api-"));
        QCOMPARE(slice->metadata.labels.at("endpointslice.kubernetes.io/managed-by"),
                 std::string("endpointslice-controller.k8s.io"));
        QCOMPARE(slice->metadata.ownerReferences.at(0).kind, std::string("Service"));
        QCOMPARE(slice->endpoints.size(),
                 slice->ports.size() == 2 ? std::size_t(2) : std::size_t(1));
    }
}

void TestCluster::headlessServiceGetsNoClusterIP()
{
    cluster::Cluster c(instant());
    const auto headless = c.create(makeService("default", "db", [](model::Service &s) {
        s.spec.clusterIP = "None";
    }));
    REQUIRE_OK(headless);
    const auto &svc = std::get<model::Service>(**headless);
    QCOMPARE(svc.spec.clusterIP, std::string("None"));
    QCOMPARE(svc.spec.clusterIPs, std::vector<std::string>{ "None" });
    const auto external = c.create(makeService("default", "ext", [](model::Service &s) {
        s.spec.type = "ExternalName";
        s.spec.externalName = "example.com";
        s.spec.selector.reset();
        s.spec.ports.clear();
    }));
    REQUIRE_OK(external);
    QVERIFY(std::get<model::Service>(**external).spec.clusterIP.empty());
    REQUIRE_OK(c.create(makePod("default", "db")));
    c.settle();
    QCOMPARE(readyAddresses(c, "db").size(), 1);
    QVERIFY(c.store()
                    .getAs<model::Endpoints>("default", "db")
                    ->metadata.labels.count("service.kubernetes.io/headless"));
    QVERIFY(!c.store().get("Endpoints", "default", "ext"));
}

void TestCluster::clusterIPRequests_data()
{
    QTest::addColumn<QString>("requested");
    QTest::addColumn<QString>("expectedIP");
    QTest::addColumn<QString>("expectedError");
    QTest::addColumn<bool>("warned");
    QTest::addRow("a free address in range is honoured") << "127.96.0.20"
                                                         << "127.96.0.20"
                                                         << "" << false;
    QTest::addRow("an address taken by another Service is refused")
            << "127.96.0.10"
            << ""
            << "Service \"web\" is invalid: spec.clusterIPs: Invalid value: "
               "[]string{\"127.96.0.10\"}: "
               "failed to allocate IP 127.96.0.10: provided IP is already allocated"
            << false;
    QTest::addRow("an address outside 127.96.0.0/12 is refused")
            << "192.168.1.5"
            << ""
            << "Service \"web\" is invalid: spec.clusterIPs: Invalid value: "
               "[]string{\"192.168.1.5\"}: "
               "failed to allocate IP 192.168.1.5: provided IP is not in the valid range. The "
               "range "
               "of valid IPs is 127.96.0.0/12"
            << false;
    QTest::addRow("an address from 10.96.0.0/12 maps to the same offset") << "10.97.3.4"
                                                                          << "127.97.3.4"
                                                                          << "" << true;
    QTest::addRow("no address asks for a random one in range") << ""
                                                               << "127."
                                                               << "" << false;
}

void TestCluster::clusterIPRequests()
{
    QFETCH(QString, requested);
    QFETCH(QString, expectedIP);
    QFETCH(QString, expectedError);
    QFETCH(bool, warned);
    cluster::Cluster c(instant());
    const auto result = c.create(makeService("default", "web", [&](model::Service &s) {
        s.spec.clusterIP = requested.toStdString();
    }));
    if (!expectedError.isEmpty()) {
        QVERIFY(!result.has_value());
        QCOMPARE(QString::fromStdString(result.error().message), expectedError);
        QCOMPARE(result.error().code, cluster::Error::Code::Invalid);
        QVERIFY(!c.store().get("Service", "default", "web"));
        return;
    }
    REQUIRE_OK(result);
    const auto &svc = std::get<model::Service>(**result);
    QVERIFY2(QString::fromStdString(svc.spec.clusterIP).startsWith(expectedIP),
             svc.spec.clusterIP.c_str());
    QCOMPARE(svc.spec.clusterIPs, std::vector<std::string>{ svc.spec.clusterIP });
    const auto ip = QString::fromStdString(svc.spec.clusterIP).split('.');
    QCOMPARE(ip[1].toInt() & 0xf0, 96);
    QCOMPARE(eventMessages(c, "ClusterIPMapped").size(), warned ? std::size_t(1) : std::size_t(0));
}

void TestCluster::releasedClusterIPIsNotReusedAtOnce()
{
    cluster::Cluster c(instant());
    const auto first = c.create(makeService("default", "a"));
    REQUIRE_OK(first);
    const std::string ip = std::get<model::Service>(**first).spec.clusterIP;
    REQUIRE_OK(c.remove("Service", "default", "a"));
    for (int i = 0; i < 50; ++i) {
        const auto next = c.create(makeService("default", "s" + std::to_string(i)));
        REQUIRE_OK(next);
        QVERIFY(std::get<model::Service>(**next).spec.clusterIP != ip);
    }
    // Asked for by name, a released address is given at once.
    REQUIRE_OK(c.create(makeService("default", "again", [&](model::Service &s) {
        s.spec.clusterIP = ip;
    })));
}

void TestCluster::applyIsAllOrNothing()
{
    const std::string yaml = R"(apiVersion: v1
kind: Service
metadata:
  name: backend
spec:
  selector: {app: backend}
  ports:
  - port: 80
---
apiVersion: v1
kind: Service
metadata:
  name: broken
spec:
  selector: {app: broken}
  ports:
  - port: 0
    targetPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: pinned
spec:
  clusterIP: 127.96.0.1
  ports:
  - port: 80
---
apiVersion: v1
kind: Service
metadata:
  name: backend
  namespace: missing
spec:
  ports:
  - port: 80
)";
    auto report = manifest::decodeText(yaml, "app.yaml");
    QVERIFY(!report.hasErrors());
    QCOMPARE(report.objects.size(), std::size_t(4));
    cluster::Cluster c(instant());
    const auto versionBefore = c.store().resourceVersion();
    const auto result = c.apply(report.objects, cluster::ApplyMode::Apply);
    QVERIFY(!result.ok);
    QVERIFY(result.outcomes.empty());
    QCOMPARE(c.store().resourceVersion(), versionBefore); // nothing written
    QVERIFY(!c.store().get("Service", "default", "backend"));
    QStringList lines;
    for (const auto &d : result.diagnostics)
        lines << QString::fromStdString(d.format());
    QCOMPARE(lines,
             QStringList({
                     "app.yaml:17:11: spec.ports[0].port: Invalid value: 0: must be between 1 and "
                     "65535, inclusive",
                     "app.yaml:25:14: spec.clusterIPs: Invalid value: []string{\"127.96.0.1\"}: "
                     "failed "
                     "to allocate IP 127.96.0.1: provided IP is already allocated",
                     "app.yaml:32:9: Error from server (NotFound): error when creating "
                     "\"app.yaml\": "
                     "namespaces \"missing\" not found",
             }));
    QCOMPARE(result.errors.size(), std::size_t(3));
    QCOMPARE(result.errors[1].message,
             std::string("Service \"pinned\" is invalid: spec.clusterIPs: Invalid value: "
                         "[]string{\"127.96.0.1\"}: failed to allocate IP 127.96.0.1: provided IP "
                         "is already allocated"));
}

void TestCluster::applyReportsWhatChanged()
{
    const auto decode = [](const std::string &replicas, const std::string &image) {
        return manifest::decodeText(R"(apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: backend
  namespace: shop
spec:
  replicas: )" + replicas + R"(
  selector:
    matchLabels: {app: backend}
  template:
    metadata:
      labels: {app: backend}
    spec:
      containers:
      - name: web
        image: )" + image + R"(
---
apiVersion: v1
kind: Service
metadata:
  name: backend
  namespace: shop
spec:
  clusterIP: 10.96.0.50
  selector: {app: backend}
  ports:
  - port: 80
)",
                                    "shop.yaml")
                .objects;
    };
    cluster::Cluster c(instant());
    const auto first = c.apply(decode("2", "nginx:1.25"), cluster::ApplyMode::Apply);
    QVERIFY(first.ok);
    QCOMPARE(first.outcomes,
             (std::vector<std::string>{ "namespace/shop created", "deployment.apps/backend created",
                                        "service/backend created" }));
    QCOMPARE(first.diagnostics.size(), std::size_t(1));
    QCOMPARE(first.diagnostics[0].severity, manifest::Severity::Warning);
    QCOMPARE(first.diagnostics[0].pos.line, 29);
    c.settle();
    QCOMPARE(livePods(c, "backend", "shop").size(), std::size_t(2));
    QCOMPARE(c.store().getAs<model::Service>("shop", "backend")->spec.clusterIP,
             std::string("127.96.0.50"));

    const auto again = c.apply(decode("2", "nginx:1.25"), cluster::ApplyMode::Apply);
    QVERIFY(again.ok);
    QCOMPARE(again.outcomes,
             (std::vector<std::string>{ "namespace/shop unchanged",
                                        "deployment.apps/backend unchanged",
                                        "service/backend unchanged" }));
    const auto changed = c.apply(decode("3", "nginx:1.26"), cluster::ApplyMode::Apply);
    QVERIFY(changed.ok);
    QCOMPARE(changed.outcomes[1], std::string("deployment.apps/backend configured"));
    c.settle();
    const auto d = c.store().getAs<model::Deployment>("shop", "backend");
    QCOMPARE(d->status.readyReplicas, 3);
    QCOMPARE(d->metadata.generation, 2);

    const auto created = c.apply(decode("3", "nginx:1.26"), cluster::ApplyMode::Create);
    QVERIFY(!created.ok);
    QCOMPARE(created.diagnostics.size(), std::size_t(3));
    QCOMPARE(created.diagnostics[2].message,
             std::string("Error from server (AlreadyExists): error when creating \"shop.yaml\": "
                         "services \"backend\" already exists"));
}

void TestCluster::apiErrorsAreWordedAsTheApiServer_data()
{
    QTest::addColumn<QString>("operation");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    QTest::addRow("creating into a missing namespace")
            << "create-missing-namespace" << int(cluster::Error::Code::NotFound)
            << "namespaces \"nowhere\" not found";
    QTest::addRow("creating an existing Service")
            << "create-twice" << int(cluster::Error::Code::AlreadyExists)
            << "services \"backend\" already exists";
    QTest::addRow("updating with a stale resourceVersion")
            << "stale-update" << int(cluster::Error::Code::Conflict)
            << "Operation cannot be fulfilled on services \"backend\": the object has been "
               "modified; please apply your changes to the latest version and try again";
    QTest::addRow("deleting a missing Deployment")
            << "delete-missing" << int(cluster::Error::Code::NotFound)
            << "deployments.apps \"nothing\" not found";
    QTest::addRow("deleting the default namespace")
            << "delete-default" << int(cluster::Error::Code::Forbidden)
            << "namespaces \"default\" is forbidden: this namespace may not be deleted";
    QTest::addRow("scaling below zero")
            << "scale-negative" << int(cluster::Error::Code::Invalid)
            << "Scale.autoscaling \"web\" is invalid: spec.replicas: Invalid value: -1: must be "
               "greater than or equal to 0";
}

void TestCluster::apiErrorsAreWordedAsTheApiServer()
{
    QFETCH(QString, operation);
    QFETCH(int, code);
    QFETCH(QString, message);
    cluster::Cluster c(instant());
    REQUIRE_OK(c.create(makeService("default", "backend")));
    REQUIRE_OK(c.create(makeDeployment("default", "web")));
    cluster::ObjectResult result;
    if (operation == "create-missing-namespace") {
        result = c.create(makeService("nowhere", "backend"));
    } else if (operation == "create-twice") {
        result = c.create(makeService("default", "backend"));
    } else if (operation == "stale-update") {
        auto svc = *c.store().getAs<model::Service>("default", "backend");
        svc.metadata.resourceVersion -= 1;
        svc.metadata.labels["x"] = "y";
        result = c.update(svc);
    } else if (operation == "delete-missing") {
        result = c.remove("Deployment", "default", "nothing");
    } else if (operation == "delete-default") {
        result = c.remove("Namespace", "", "default");
    } else if (operation == "scale-negative") {
        result = c.scale("Deployment", "default", "web", -1);
    }
    QVERIFY(!result.has_value());
    QCOMPARE(int(result.error().code), code);
    QCOMPARE(QString::fromStdString(result.error().message), message);
}

void TestCluster::sameSeedReplaysIdentically()
{
    const auto run = [](std::uint64_t seed) {
        cluster::Cluster c(instant(seed));
        c.create(makeDeployment("default", "web", [](model::Deployment &d) {
            d.spec.replicas = 5;
        }));
        c.create(makeService("default", "web"));
        c.settle();
        c.remove("Pod", "default", livePods(c, "web")[2]->metadata.name);
        c.settle();
        QStringList trace;
        for (const auto &pod : c.store().listOf<model::Pod>())
            trace << QString::fromStdString(pod->metadata.name + " " + pod->status.podIP + " "
                                            + pod->spec.nodeName + " " + pod->metadata.uid);
        for (const auto &svc : c.store().listOf<model::Service>())
            trace << QString::fromStdString(svc->metadata.name + " " + svc->spec.clusterIP);
        for (const auto &slice : c.store().listOf<model::EndpointSlice>())
            trace << QString::fromStdString(slice->metadata.name);
        for (const auto &event : c.store().listOf<model::Event>())
            trace << QString::fromStdString(event->metadata.name + " " + event->message);
        return trace;
    };
    const QStringList first = run(7);
    QCOMPARE(run(7), first);
    QVERIFY(run(8) != first);
}

void TestCluster::noOpUpdateGivesNoWatchEvent()
{
    cluster::Cluster c(instant());
    REQUIRE_OK(c.create(makeDeployment("default", "web")));
    REQUIRE_OK(c.create(makeService("default", "web")));
    c.settle();
    std::vector<cluster::WatchEvent> events;
    const auto id = c.store().watch([&](const cluster::WatchEvent &e) {
        events.push_back(e);
    });
    const auto version = c.store().resourceVersion();
    const auto svc = c.store().getAs<model::Service>("default", "web");
    const model::Service input = *svc;
    REQUIRE_OK(c.update(*svc));
    const auto d = c.store().getAs<model::Deployment>("default", "web");
    REQUIRE_OK(c.update(*d));
    REQUIRE_OK(c.scale("Deployment", "default", "web", 3));
    c.settle();
    QVERIFY(events.empty());
    QCOMPARE(c.store().resourceVersion(), version);
    QCOMPARE(*svc, input); // inputs are not modified

    auto relabelled = *svc;
    relabelled.metadata.labels["tier"] = "front";
    REQUIRE_OK(c.update(relabelled));
    // The Service, and its Endpoints and slice, which carry the Service's labels.
    QCOMPARE(events.size(), std::size_t(3));
    QCOMPARE(events[0].type, cluster::WatchEvent::Type::Modified);
    QCOMPARE(model::meta(*events[0].previous).resourceVersion, svc->metadata.resourceVersion);
    QCOMPARE(model::meta(*events[0].current).generation,
             svc->metadata.generation); // no spec change
    c.store().unwatch(id);
}

void TestCluster::garbageCollectionFollowsPropagation_data()
{
    QTest::addColumn<QString>("propagation");
    QTest::addColumn<bool>("ownerGoneAtOnce");
    QTest::addColumn<int>("podsLeft");
    QTest::addRow("Background removes the owner now and its dependents after")
            << "Background" << true << 0;
    QTest::addRow("Foreground removes the dependents first") << "Foreground" << false << 0;
    QTest::addRow("Orphan keeps the dependents, without owner") << "Orphan" << true << 3;
}

void TestCluster::garbageCollectionFollowsPropagation()
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

void TestCluster::deletingServiceRemovesEndpoints()
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

void TestCluster::deletingNamespaceDeletesItsObjects()
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

void TestCluster::eventsUseKubernetesWording()
{
    cluster::Cluster c(instant());
    REQUIRE_OK(c.create(makeDeployment("default", "web", [](model::Deployment &d) {
        d.spec.replicas = 1;
    })));
    c.settle();
    const auto pod = livePods(c, "web").at(0);
    const auto rs = c.store().listOf<model::ReplicaSet>("default").at(0);
    const std::string podName = pod->metadata.name;
    QCOMPARE(eventMessages(c, "ScalingReplicaSet"),
             std::vector<std::string>{ "Scaled up replica set " + rs->metadata.name
                                       + " from 0 to 1" });
    QCOMPARE(eventMessages(c, "SuccessfulCreate"),
             std::vector<std::string>{ "Created pod: " + podName });
    QCOMPARE(eventMessages(c, "Scheduled"),
             std::vector<std::string>{ "Successfully assigned default/" + podName + " to "
                                       + pod->spec.nodeName });
    QCOMPARE(eventMessages(c, "Pulled"),
             std::vector<std::string>{
                     "Container image \"nginx:1.25\" already present on machine" });
    QCOMPARE(eventMessages(c, "Created"), std::vector<std::string>{ "Created container: web" });
    QCOMPARE(eventMessages(c, "Started"), std::vector<std::string>{ "Started container web" });
    REQUIRE_OK(c.remove("Pod", "default", podName));
    c.settle();
    QCOMPARE(eventMessages(c, "Killing"), std::vector<std::string>{ "Stopping container web" });
    for (const auto &event : c.store().listOf<model::Event>()) {
        QVERIFY(event->metadata.name.starts_with(event->involvedObject.name + "."));
        QCOMPARE(event->metadata.namespace_, std::string("default"));
    }
    const auto scheduled = c.store().listOf<model::Event>();
    const auto it = std::find_if(scheduled.begin(), scheduled.end(), [](const auto &e) {
        return e->reason == "Scheduled";
    });
    QCOMPARE((*it)->sourceComponent, std::string("default-scheduler"));
    QCOMPARE((*it)->involvedObject.kind, std::string("Pod"));
}

QTEST_GUILESS_MAIN(TestCluster)
#include "tst_cluster.moc"
