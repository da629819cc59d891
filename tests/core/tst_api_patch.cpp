// Patches as the API server applies them: strategic merge and JSON patch as pure functions,
// server-side apply's field ownership, and which writes roll out a new ReplicaSet.
#include "api/patch.h"
#include "api/routes.h"
#include "api_json_support.h"

#include <QtTest>

#include <boost/beast/http/field.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

using namespace clusterlab;
using test::at;
using test::code;
using test::kBackendDeployment;
using test::str;
namespace json = boost::json;
namespace http = boost::beast::http;

class TestApiPatch : public QObject
{
    Q_OBJECT

private slots:
    void patchesMergeAsTheApiServerDoes_data();
    void patchesMergeAsTheApiServerDoes();
    void jsonPatchOperations_data();
    void jsonPatchOperations();
    void serverSideApplyOwnsFields();
    void writesRollOutOnlyWhenTheTemplateChanges_data();
    void writesRollOutOnlyWhenTheTemplateChanges();
};

void TestApiPatch::patchesMergeAsTheApiServerDoes_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("original");
    QTest::addColumn<QString>("patch");
    QTest::addColumn<QString>("expected");
    QTest::addRow("a strategic patch merges Service ports by port and keeps their order")
            << "Service"
            << R"({"spec":{"ports":[{"port":80,"targetPort":8080,"protocol":"TCP"},
                  {"name":"metrics","port":9100}]}})"
            << R"({"spec":{"$setElementOrder/ports":[{"port":9100},{"port":80}],
                  "ports":[{"port":80,"targetPort":9090}]}})"
            << R"({"spec":{"ports":[{"name":"metrics","port":9100},
                  {"port":80,"targetPort":9090,"protocol":"TCP"}]}})";
    QTest::addRow("$patch delete removes one list item by its merge key")
            << "Service"
            << R"({"spec":{"ports":[{"port":80},{"port":9100}]}})"
            << R"({"spec":{"ports":[{"$patch":"delete","port":9100}]}})"
            << R"({"spec":{"ports":[{"port":80}]}})";
    QTest::addRow("null deletes a label") << "Service"
                                          << R"({"metadata":{"labels":{"tier":"web","app":"x"}}})"
                                          << R"({"metadata":{"labels":{"tier":null}}})"
                                          << R"({"metadata":{"labels":{"app":"x"}}})";
    QTest::addRow("containers merge by name and their ports by containerPort")
            << "Deployment"
            << R"({"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.25",
                  "ports":[{"containerPort":80,"protocol":"TCP"}]},{"name":"side","image":"b"}]}}}})"
            << R"({"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.26",
                  "ports":[{"containerPort":80,"name":"http"}]}]}}}})"
            << R"({"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.26",
                  "ports":[{"containerPort":80,"protocol":"TCP","name":"http"}]},
                  {"name":"side","image":"b"}]}}}})";
    QTest::addRow("env merges by name, volumeMounts by mountPath")
            << "Pod"
            << R"({"spec":{"containers":[{"name":"c","env":[{"name":"A","value":"1"}],
                  "volumeMounts":[{"mountPath":"/a","name":"v"}]}]}})"
            << R"({"spec":{"containers":[{"name":"c","env":[{"name":"B","value":"2"}],
                  "volumeMounts":[{"mountPath":"/a","readOnly":true}]}]}})"
            << R"({"spec":{"containers":[{"name":"c","env":[{"name":"A","value":"1"},
                  {"name":"B","value":"2"}],"volumeMounts":[{"mountPath":"/a","name":"v",
                  "readOnly":true}]}]}})";
    QTest::addRow("lists without a merge key are replaced")
            << "Pod"
            << R"({"spec":{"containers":[{"name":"c","args":["a","b"]}]}})"
            << R"({"spec":{"containers":[{"name":"c","args":["z"]}]}})"
            << R"({"spec":{"containers":[{"name":"c","args":["z"]}]}})";
    QTest::addRow("$retainKeys drops the keys it does not list")
            << "Deployment"
            << R"({"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}}}})"
            << R"({"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}})"
            << R"({"spec":{"strategy":{"type":"Recreate"}}})";
    QTest::addRow("$patch replace on a map replaces it whole")
            << "Service"
            << R"({"spec":{"selector":{"a":"1","b":"2"}}})"
            << R"({"spec":{"selector":{"$patch":"replace","c":"3"}}})"
            << R"({"spec":{"selector":{"c":"3"}}})";
}

void TestApiPatch::patchesMergeAsTheApiServerDoes()
{
    QFETCH(QString, kind);
    QFETCH(QString, original);
    QFETCH(QString, patch);
    QFETCH(QString, expected);
    json::object target = json::parse(original.toStdString()).as_object();
    const json::object input = target;
    const json::value patchValue = json::parse(patch.toStdString());
    const auto error =
            api::applyStrategicMergePatch(target, patchValue.as_object(), kind.toStdString());
    QVERIFY2(!error, error ? error->c_str() : "");
    QCOMPARE(QString::fromStdString(json::serialize(target)),
             QString::fromStdString(json::serialize(json::parse(expected.toStdString()))));
    QVERIFY(input == json::parse(original.toStdString()).as_object());
}

void TestApiPatch::jsonPatchOperations_data()
{
    QTest::addColumn<QString>("original");
    QTest::addColumn<QString>("patch");
    QTest::addColumn<QString>("expected");
    QTest::addRow("replace, add and remove by pointer")
            << R"({"a":{"b":1,"c":[1,2]},"d":1})"
            << R"([{"op":"replace","path":"/a/b","value":2},{"op":"add","path":"/a/c/-","value":3},
                  {"op":"remove","path":"/d"}])"
            << R"({"a":{"b":2,"c":[1,2,3]}})";
    QTest::addRow("escaped keys are decoded")
            << R"({"metadata":{"labels":{"app.kubernetes.io/name":"x"}}})"
            << R"([{"op":"replace","path":"/metadata/labels/app.kubernetes.io~1name","value":"y"}])"
            << R"({"metadata":{"labels":{"app.kubernetes.io/name":"y"}}})";
    QTest::addRow("a failed test stops the patch") << R"({"a":1})"
                                                   << R"([{"op":"test","path":"/a","value":2}])"
                                                   << "error";
    QTest::addRow("removing a missing path fails") << R"({"a":1})"
                                                   << R"([{"op":"remove","path":"/b"}])"
                                                   << "error";
}

void TestApiPatch::jsonPatchOperations()
{
    QFETCH(QString, original);
    QFETCH(QString, patch);
    QFETCH(QString, expected);
    json::value target = json::parse(original.toStdString());
    const auto error = api::applyJsonPatch(target, json::parse(patch.toStdString()));
    if (expected == "error") {
        QVERIFY(error.has_value());
        return;
    }
    QVERIFY2(!error, error ? error->c_str() : "");
    QCOMPARE(QString::fromStdString(json::serialize(target)),
             QString::fromStdString(json::serialize(json::parse(expected.toStdString()))));
}

void TestApiPatch::serverSideApplyOwnsFields()
{
    test::JsonLab lab;
    const std::string target = "/apis/apps/v1/namespaces/default/deployments/backend"
                               "?fieldManager=kubectl&fieldValidation=Strict&force=false";
    const std::string applyType = "application/apply-patch+yaml";
    QCOMPARE(code(lab.send(http::verb::patch, target, kBackendDeployment, applyType)), 201);
    QCOMPARE(code(lab.send(http::verb::patch, target, kBackendDeployment, applyType)), 200);
    // Someone else changes the replicas: the next apply of 3 conflicts with them.
    QCOMPARE(code(lab.send(http::verb::patch,
                           "/apis/apps/v1/namespaces/default/deployments/backend?fieldManager="
                           "kubectl-edit",
                           R"({"spec":{"replicas":4}})", "application/strategic-merge-patch+json")),
             200);
    const auto conflict = lab.send(http::verb::patch, target, kBackendDeployment, applyType);
    QCOMPARE(code(conflict), 409);
    QCOMPARE(str(json::parse(conflict.message.body()).at("message")),
             QString("Apply failed with 1 conflict: conflict with \"kubectl-edit\" using apps/v1: "
                     ".spec.replicas"));
    std::string forced = target;
    forced.replace(forced.find("force=false"), 11, "force=true");
    const auto applied = lab.sendJson(http::verb::patch, forced, kBackendDeployment, applyType);
    QCOMPARE(at(applied, "/spec/replicas").as_int64(), 3);
    // A label applied once and then left out is removed.
    json::object withLabel = json::parse(kBackendDeployment).as_object();
    withLabel["metadata"].as_object()["labels"].as_object()["tier"] = "api";
    QCOMPARE(code(lab.send(http::verb::patch, target, json::serialize(withLabel), applyType)), 200);
    const auto dropped = lab.sendJson(http::verb::patch, target, kBackendDeployment, applyType);
    QVERIFY(!at(dropped, "/metadata/labels").as_object().contains("tier"));
    QVERIFY(at(dropped, "/metadata/labels").as_object().contains("app"));
}

void TestApiPatch::writesRollOutOnlyWhenTheTemplateChanges_data()
{
    QTest::addColumn<QString>("contentType");
    QTest::addColumn<QString>("patch");
    QTest::addColumn<int>("replicaSets");
    QTest::addRow("a strategic patch of replicas keeps the ReplicaSet")
            << "application/strategic-merge-patch+json"
            << R"({"spec":{"replicas":4}})" << 1;
    QTest::addRow("a merge patch of a label keeps the ReplicaSet")
            << "application/merge-patch+json"
            << R"({"metadata":{"labels":{"tier":"api"}}})" << 1;
    QTest::addRow("a forced server-side apply of the manifest keeps the ReplicaSet")
            << "application/apply-patch+yaml" << kBackendDeployment << 1;
    QTest::addRow("a new image rolls out a new ReplicaSet")
            << "application/strategic-merge-patch+json"
            << R"({"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:1.26"}]}}}})"
            << 2;
}

void TestApiPatch::writesRollOutOnlyWhenTheTemplateChanges()
{
    QFETCH(QString, contentType);
    QFETCH(QString, patch);
    QFETCH(int, replicaSets);
    test::JsonLab lab;
    const std::string deployments = "/apis/apps/v1/namespaces/default/deployments";
    QCOMPARE(code(lab.send(http::verb::post, deployments, kBackendDeployment)), 201);
    // A scale first: spec.replicas in the model now differs from the manifest as written.
    QCOMPARE(code(lab.send(http::verb::patch, deployments + "/backend/scale",
                           R"({"spec":{"replicas":2}})", "application/merge-patch+json")),
             200);
    // (The scale's manager owns spec.replicas now: an apply without force would conflict.)
    const auto r =
            lab.send(http::verb::patch, deployments + "/backend?fieldManager=kubectl&force=true",
                     patch.toStdString(), contentType.toStdString());
    QVERIFY2(code(r) == 200, r.message.body().c_str());
    const auto sets = lab.sendJson(http::verb::get, "/apis/apps/v1/namespaces/default/replicasets");
    QCOMPARE(int(sets.at("items").as_array().size()), replicaSets);
    if (!contentType.contains("apply") && !patch.contains("replicas"))
        QCOMPARE(at(json::parse(r.message.body()), "/spec/replicas").as_int64(), 2);
}

QTEST_GUILESS_MAIN(TestApiPatch)
#include "tst_api_patch.moc"
