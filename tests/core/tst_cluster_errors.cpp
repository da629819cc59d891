// Errors users can cause, worded as the API server words them, with the matching code.
#include "builders.h"
#include "cluster_support.h"

#include <QtTest>

using namespace clusterlab;
using namespace clusterlab::testing;
using namespace std::chrono_literals;

class TestClusterErrors : public QObject
{
    Q_OBJECT

private slots:
    void apiErrorsAreWordedAsTheApiServer_data();
    void apiErrorsAreWordedAsTheApiServer();
};

void TestClusterErrors::apiErrorsAreWordedAsTheApiServer_data()
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

void TestClusterErrors::apiErrorsAreWordedAsTheApiServer()
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

QTEST_GUILESS_MAIN(TestClusterErrors)
#include "tst_cluster_errors.moc"
