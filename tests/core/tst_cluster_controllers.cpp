// The rest of the cluster's control loop: bootstrap objects, StatefulSets (ordered names and
// hostnames), the scheduler's spread, the kubelet's readiness probe, events in Kubernetes'
// words, and a seed that replays a run exactly.
#include "builders.h"
#include "cluster_support.h"

#include <QtTest>

#include <algorithm>
#include <map>
#include <set>

using namespace clusterlab;
using namespace clusterlab::testing;
using namespace std::chrono_literals;

class TestClusterControllers : public QObject
{
    Q_OBJECT

private slots:
    void bootstrapsLikeAFreshCluster();
    void statefulSetCreatesPods_data();
    void statefulSetCreatesPods();
    void statefulSetPodComesBackUnderItsName();
    void podsSpreadOverNodes();
    void readinessProbeDelaysReady();
    void sameSeedReplaysIdentically();
    void eventsUseKubernetesWording();
};

void TestClusterControllers::bootstrapsLikeAFreshCluster()
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

void TestClusterControllers::statefulSetCreatesPods_data()
{
    QTest::addColumn<QString>("policy");
    QTest::addColumn<bool>("ordered");
    QTest::addRow("OrderedReady waits for each Pod to be Ready") << "OrderedReady" << true;
    QTest::addRow("Parallel creates every Pod at once") << "Parallel" << false;
}

void TestClusterControllers::statefulSetCreatesPods()
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

void TestClusterControllers::statefulSetPodComesBackUnderItsName()
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

void TestClusterControllers::podsSpreadOverNodes()
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

void TestClusterControllers::readinessProbeDelaysReady()
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

void TestClusterControllers::sameSeedReplaysIdentically()
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

void TestClusterControllers::eventsUseKubernetesWording()
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

QTEST_GUILESS_MAIN(TestClusterControllers)
#include "tst_cluster_controllers.moc"
