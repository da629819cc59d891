// The simulated cloud controller's pool: 254 LoadBalancer Services fill 127.250.0.0/24, the
// next one stays <pending> with a Warning event saying why, and it gets the address the
// moment another Service gives one back, as a cloud's service controller retries.
#include "builders.h"
#include "cluster_support.h"

#include <QtTest>

#include <set>

using namespace clusterlab;
using namespace clusterlab::testing;

namespace {

model::Service loadBalancer(const std::string &name)
{
    return makeService("default", name, [](model::Service &s) {
        s.spec.type = "LoadBalancer";
    });
}

std::string ingressOf(const cluster::Cluster &c, const std::string &name)
{
    const auto svc = c.store().getAs<model::Service>("default", name);
    if (!svc || svc->status.loadBalancerIngress.empty())
        return "<pending>";
    return svc->status.loadBalancerIngress.front().ip;
}

} // namespace

class TestClusterLoadBalancers : public QObject
{
    Q_OBJECT

private slots:
    void exhaustedPoolLeavesServicePendingUntilAnAddressIsFree();
};

void TestClusterLoadBalancers::exhaustedPoolLeavesServicePendingUntilAnAddressIsFree()
{
    cluster::Cluster c(instant());
    constexpr int kPoolSize = 254; // 127.250.0.1 .. 127.250.0.254
    for (int i = 0; i < kPoolSize; ++i)
        REQUIRE_OK(c.create(loadBalancer("lb-" + std::to_string(i))));
    c.settle();
    std::set<std::string> given;
    for (int i = 0; i < kPoolSize; ++i)
        given.insert(ingressOf(c, "lb-" + std::to_string(i)));
    QCOMPARE(given.size(), std::size_t(kPoolSize));
    QVERIFY(!given.count("<pending>"));
    QCOMPARE(*given.begin(), std::string("127.250.0.1"));

    REQUIRE_OK(c.create(loadBalancer("one-too-many")));
    c.settle();
    QCOMPARE(ingressOf(c, "one-too-many"), std::string("<pending>"));
    const auto failures = eventMessages(c, "SyncLoadBalancerFailed");
    QCOMPARE(failures.size(), std::size_t(1));
    QCOMPARE(failures.front(),
             std::string("Error syncing load balancer: failed to ensure load "
                         "balancer: no addresses left in the pool "
                         "127.250.0.0/24"));

    const std::string freed = ingressOf(c, "lb-7");
    REQUIRE_OK(c.remove("Service", "default", "lb-7"));
    c.settle();
    QCOMPARE(ingressOf(c, "one-too-many"), freed);
    QCOMPARE(eventMessages(c, "SyncLoadBalancerFailed").size(), std::size_t(1));
    QCOMPARE(eventMessages(c, "EnsuredLoadBalancer").size(), std::size_t(kPoolSize + 1));
}

QTEST_GUILESS_MAIN(TestClusterLoadBalancers)
#include "tst_cluster_load_balancers.moc"
