// Services in the simulated cluster: Endpoints and EndpointSlices follow Pod readiness and
// termination, named targetPorts resolve per Pod, headless and ExternalName Services get no
// ClusterIP, and ClusterIP requests are allocated (or refused) as the API server does.
#include "builders.h"
#include "cluster_support.h"

#include <QtTest>

#include <map>

using namespace clusterlab;
using namespace clusterlab::testing;
using namespace std::chrono_literals;

class TestClusterServices : public QObject
{
    Q_OBJECT

private slots:
    void terminatingPodLeavesEndpointsFirst();
    void namedTargetPortResolvesPerPod();
    void headlessServiceGetsNoClusterIP();
    void clusterIPRequests_data();
    void clusterIPRequests();
    void releasedClusterIPIsNotReusedAtOnce();
};

void TestClusterServices::terminatingPodLeavesEndpointsFirst()
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

void TestClusterServices::namedTargetPortResolvesPerPod()
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

void TestClusterServices::headlessServiceGetsNoClusterIP()
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

void TestClusterServices::clusterIPRequests_data()
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

void TestClusterServices::clusterIPRequests()
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

void TestClusterServices::releasedClusterIPIsNotReusedAtOnce()
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

QTEST_GUILESS_MAIN(TestClusterServices)
#include "tst_cluster_services.moc"
