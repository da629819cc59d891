// Writes to the simulated cluster: apply is all or nothing and reports what changed in
// kubectl's words, and a write that changes nothing gives no watch event.
#include "builders.h"
#include "cluster_support.h"
#include "manifest/decode.h"

#include <QtTest>

using namespace clusterlab;
using namespace clusterlab::testing;
using namespace std::chrono_literals;

class TestClusterApplier : public QObject
{
    Q_OBJECT

private slots:
    void applyIsAllOrNothing();
    void applyReportsWhatChanged();
    void noOpUpdateGivesNoWatchEvent();
};

void TestClusterApplier::applyIsAllOrNothing()
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

void TestClusterApplier::applyReportsWhatChanged()
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

void TestClusterApplier::noOpUpdateGivesNoWatchEvent()
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

QTEST_GUILESS_MAIN(TestClusterApplier)
#include "tst_cluster_applier.moc"
