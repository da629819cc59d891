// The Kubernetes API routes on resources, as a pure function of (request, engine view): no
// sockets. A Cluster with pace 0 stands in for the engine; every call settles it, as the
// engine's timers would. Create, get, list (as Tables too), select, scale, delete, and every
// object the API encodes decodes strictly.
#include "api/body.h"
#include "api/encode.h"
#include "api/routes.h"
#include "api_json_support.h"
#include "cluster/cluster.h"

#include <QtTest>

#include <boost/beast/http/field.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

using namespace clusterlab;
using test::at;
using test::code;
using test::columnsOf;
using test::kBackendDeployment;
using test::kBackendService;
using test::kTableAccept;
using test::str;
namespace json = boost::json;
namespace http = boost::beast::http;

class TestApiResources : public QObject
{
    Q_OBJECT

private slots:
    void createGetListAndDeleteAService();
    void scaleSubresource();
    void tablesHaveTheServerColumns_data();
    void tablesHaveTheServerColumns();
    void selectorsFilterLists_data();
    void selectorsFilterLists();
    void deletePropagation();
    void everyEncodedObjectDecodesStrictly();
};

void TestApiResources::createGetListAndDeleteAService()
{
    test::JsonLab lab;
    const auto created = lab.send(http::verb::post,
                                  "/api/v1/namespaces/default/services?fieldManager=kubectl-create&"
                                  "fieldValidation=Strict",
                                  kBackendService);
    QCOMPARE(code(created), 201);
    const auto svc = json::parse(created.message.body());
    QCOMPARE(str(svc.at("kind")), QString("Service"));
    QVERIFY(str(at(svc, "/spec/clusterIP")).startsWith("127."));
    QVERIFY(at(svc, "/metadata/resourceVersion").is_string());
    QVERIFY(!str(at(svc, "/metadata/uid")).isEmpty());
    QVERIFY(str(at(svc, "/metadata/creationTimestamp")).endsWith("Z"));

    const auto table = lab.sendJson(
            http::verb::get, "/api/v1/namespaces/default/services?limit=500", {}, {}, kTableAccept);
    QCOMPARE(str(table.at("kind")), QString("Table"));
    QCOMPARE(columnsOf(table, false),
             QStringList({ "Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age" }));
    bool found = false;
    for (const auto &row : table.at("rows").as_array()) {
        const auto &cells = row.at("cells").as_array();
        if (str(cells[0]) == "backend") {
            found = true;
            QCOMPARE(str(cells[4]), QString("80/TCP"));
            QCOMPARE(str(cells[6]), QString("app=backend"));
            QCOMPARE(str(at(row, "/object/kind")), QString("PartialObjectMetadata"));
        }
    }
    QVERIFY(found);

    const auto list = lab.sendJson(http::verb::get, "/api/v1/services");
    QCOMPARE(str(list.at("kind")), QString("ServiceList"));
    QVERIFY(list.at("items").as_array().size() >= 3); // kubernetes, kube-dns, backend

    const auto deleted =
            lab.send(http::verb::delete_, "/api/v1/namespaces/default/services/backend",
                     R"({"propagationPolicy":"Background"})");
    QCOMPARE(code(deleted), 200);
    const auto gone = lab.send(http::verb::get, "/api/v1/namespaces/default/services/backend");
    QCOMPARE(code(gone), 404);
    QCOMPARE(str(json::parse(gone.message.body()).at("message")),
             QString("services \"backend\" not found"));
}

void TestApiResources::scaleSubresource()
{
    test::JsonLab lab;
    const std::string deployments = "/apis/apps/v1/namespaces/default/deployments";
    QCOMPARE(code(lab.send(http::verb::post, deployments, kBackendDeployment)), 201);
    const auto scale = lab.sendJson(http::verb::get, deployments + "/backend/scale");
    QCOMPARE(str(scale.at("kind")), QString("Scale"));
    QCOMPARE(str(scale.at("apiVersion")), QString("autoscaling/v1"));
    QCOMPARE(at(scale, "/spec/replicas").as_int64(), 3);
    QCOMPARE(str(at(scale, "/status/selector")), QString("app=backend"));
    const auto patched = lab.send(http::verb::patch, deployments + "/backend/scale",
                                  R"({"spec":{"replicas":5}})", "application/merge-patch+json");
    QCOMPARE(code(patched), 200);
    QCOMPARE(at(json::parse(patched.message.body()), "/spec/replicas").as_int64(), 5);
    const auto pods = lab.sendJson(http::verb::get,
                                   "/api/v1/namespaces/default/pods?labelSelector=app%3Dbackend");
    QCOMPARE(pods.at("items").as_array().size(), 5u);
    for (const auto &pod : pods.at("items").as_array())
        QCOMPARE(str(at(pod, "/status/phase")), QString("Running"));
    // kubectl scale --current-replicas PUTs the whole Scale, without a Content-Type.
    json::object put = lab.sendJson(http::verb::get, deployments + "/backend/scale");
    put["spec"].as_object()["replicas"] = 2;
    QCOMPARE(code(lab.send(http::verb::put, deployments + "/backend/scale", json::serialize(put),
                           "")),
             200);
    put["spec"].as_object()["replicas"] = 4; // the resourceVersion is now old
    QCOMPARE(code(lab.send(http::verb::put, deployments + "/backend/scale", json::serialize(put))),
             409);
    QCOMPARE(
            code(lab.send(http::verb::get, "/api/v1/namespaces/default/services/kubernetes/scale")),
            404);
}

void TestApiResources::tablesHaveTheServerColumns_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QStringList>("columns");
    QTest::addRow("Pods as kubectl get pods -o wide prints them")
            << "/api/v1/namespaces/default/pods"
            << QStringList{ "Name", "Ready", "Status",         "Restarts",       "Age",
                            "IP",   "Node",  "Nominated Node", "Readiness Gates" };
    QTest::addRow("Deployments") << "/apis/apps/v1/namespaces/default/deployments"
                                 << QStringList{ "Name", "Ready",      "Up-to-date", "Available",
                                                 "Age",  "Containers", "Images",     "Selector" };
    QTest::addRow("ReplicaSets") << "/apis/apps/v1/namespaces/default/replicasets"
                                 << QStringList{ "Name", "Desired",    "Current", "Ready",
                                                 "Age",  "Containers", "Images",  "Selector" };
    QTest::addRow("Endpoints") << "/api/v1/namespaces/default/endpoints"
                               << QStringList{ "Name", "Endpoints", "Age" };
    QTest::addRow("EndpointSlices")
            << "/apis/discovery.k8s.io/v1/namespaces/default/endpointslices"
            << QStringList{ "Name", "AddressType", "Ports", "Endpoints", "Age" };
    QTest::addRow("Events have no leading name column")
            << "/api/v1/namespaces/default/events"
            << QStringList{ "Last Seen", "Type",    "Reason",     "Object", "Subobject",
                            "Source",    "Message", "First Seen", "Count",  "Name" };
    QTest::addRow("Nodes") << "/api/v1/nodes"
                           << QStringList{ "Name",           "Status",
                                           "Roles",          "Age",
                                           "Version",        "Internal-IP",
                                           "External-IP",    "OS-Image",
                                           "Kernel-Version", "Container-Runtime" };
    QTest::addRow("Namespaces") << "/api/v1/namespaces" << QStringList{ "Name", "Status", "Age" };
}

void TestApiResources::tablesHaveTheServerColumns()
{
    QFETCH(QString, path);
    QFETCH(QStringList, columns);
    test::JsonLab lab;
    QVERIFY(lab.createBackend());
    const auto table = lab.sendJson(http::verb::get, path.toStdString(), {}, {}, kTableAccept);
    QCOMPARE(columnsOf(table, true), columns);
    const auto &rows = table.at("rows").as_array();
    QVERIFY(!rows.empty());
    for (const auto &row : rows)
        QCOMPARE(row.at("cells").as_array().size(), std::size_t(columns.size()));
    if (path.endsWith("/endpoints"))
        for (const auto &row : rows)
            if (str(row.at("cells").as_array()[0]) == "backend")
                QVERIFY(QRegularExpression("^127\\.244\\.\\d+\\.\\d+:80,.* \\+ 0 more|^(127\\.244"
                                           "\\.\\d+\\.\\d+:80,?){3}$")
                                .match(str(row.at("cells").as_array()[1]))
                                .hasMatch());
}

void TestApiResources::selectorsFilterLists_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("expected");
    QTest::addColumn<int>("expectedCode");
    QTest::addRow("a label selector picks the backend Pods")
            << "labelSelector=app%3Dbackend" << 3 << 200;
    QTest::addRow("a set-based selector works too")
            << "labelSelector=app+in+(backend,x)" << 3 << 200;
    QTest::addRow("a field selector on the name picks one")
            << "fieldSelector=metadata.name%3Dnope" << 0 << 200;
    QTest::addRow("status.phase is a field Pods support")
            << "fieldSelector=status.phase%3DRunning" << 3 << 200;
    QTest::addRow("an unsupported field is a bad request")
            << "fieldSelector=spec.foo%3Dx" << 0 << 400;
}

void TestApiResources::selectorsFilterLists()
{
    QFETCH(QString, query);
    QFETCH(int, expected);
    QFETCH(int, expectedCode);
    test::JsonLab lab;
    QCOMPARE(code(lab.send(http::verb::post, "/apis/apps/v1/namespaces/default/deployments",
                           kBackendDeployment)),
             201);
    const auto r =
            lab.send(http::verb::get, "/api/v1/namespaces/default/pods?" + query.toStdString());
    QCOMPARE(code(r), expectedCode);
    if (expectedCode == 200)
        QCOMPARE(int(json::parse(r.message.body()).at("items").as_array().size()), expected);
}

void TestApiResources::deletePropagation()
{
    test::JsonLab lab;
    const std::string deployments = "/apis/apps/v1/namespaces/default/deployments";
    QCOMPARE(code(lab.send(http::verb::post, deployments, kBackendDeployment)), 201);
    QCOMPARE(code(lab.send(http::verb::delete_, deployments + "/backend",
                           R"({"propagationPolicy":"Orphan"})")),
             200);
    const auto sets = lab.sendJson(http::verb::get, "/apis/apps/v1/namespaces/default/replicasets");
    QCOMPARE(sets.at("items").as_array().size(), 1u);
    QVERIFY(!at(sets.at("items").as_array()[0], "/metadata")
                     .as_object()
                     .contains("ownerReferences"));
    QCOMPARE(code(lab.send(http::verb::delete_,
                           "/apis/apps/v1/namespaces/default/replicasets?labelSelector=app%3D"
                           "backend")),
             200);
    QCOMPARE(lab.sendJson(http::verb::get, "/apis/apps/v1/namespaces/default/replicasets")
                     .at("items")
                     .as_array()
                     .size(),
             0u);
    QCOMPARE(code(lab.send(http::verb::delete_, "/api/v1/namespaces/default",
                           R"({"propagationPolicy":"Background"})")),
             403);
    QCOMPARE(code(lab.send(http::verb::delete_, "/api/v1/namespaces/kube-public",
                           R"({"propagationPolicy":"Bogus"})")),
             422);
}

void TestApiResources::everyEncodedObjectDecodesStrictly()
{
    test::JsonLab lab;
    QVERIFY(lab.createBackend());
    const auto objects = lab.view.call([](cluster::Cluster &c, api::ApiState &) {
        std::vector<model::ObjectPtr> out;
        for (const auto &info : model::allKinds())
            for (auto &object : c.store().list(info.kind))
                out.push_back(std::move(object));
        return out;
    });
    QVERIFY(objects.size() > 20);
    for (const auto &object : objects) {
        const std::string kind = model::kindOf(*object);
        const auto decoded =
                api::decodeBody(api::encodeObject(*object), *api::resourceForKind(kind), "Strict");
        const auto *error = std::get_if<api::StatusError>(&decoded);
        QVERIFY2(!error, (kind + ": " + (error ? error->message : "")).c_str());
    }
}

QTEST_GUILESS_MAIN(TestApiResources)
#include "tst_api_resources.moc"
