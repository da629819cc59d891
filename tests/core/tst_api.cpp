// The Kubernetes API routes as a pure function of (request, engine view): no sockets. A
// Cluster with pace 0 stands in for the engine; every call settles it, as the engine's timers
// would.
#include "api/body.h"
#include "api/encode.h"
#include "api/patch.h"
#include "api/routes.h"
#include "api_test_support.h"
#include "cluster/cluster.h"

#include <QtTest>

#include <boost/beast/http/field.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

using namespace clusterlab;
using test::at;
using test::code;
using test::kToken;
using test::str;
namespace json = boost::json;
namespace http = boost::beast::http;

namespace {

constexpr const char *kTableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/"
                                     "json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

constexpr const char *kBackendService = R"({"apiVersion":"v1","kind":"Service",
    "metadata":{"name":"backend","namespace":"default"},
    "spec":{"type":"ClusterIP","selector":{"app":"backend"},
            "ports":[{"port":80,"targetPort":80}]}})";

constexpr const char *kBackendDeployment = R"({"apiVersion":"apps/v1","kind":"Deployment",
    "metadata":{"name":"backend","labels":{"app":"backend"}},
    "spec":{"replicas":3,"selector":{"matchLabels":{"app":"backend"}},
            "template":{"metadata":{"labels":{"app":"backend"}},
                        "spec":{"containers":[{"name":"web","image":"nginx:1.25",
                                               "ports":[{"containerPort":80}]}]}}}})";

/// Lab sends requests as kubectl 1.31 does: JSON, with the test token.
struct Lab : test::RouteLab
{
    api::ApiResponse send(http::verb method, const std::string &target,
                          const std::string &body = {},
                          const std::string &contentType = "application/json",
                          const std::string &accept = "application/json",
                          const std::string &token = test::kToken)
    {
        return request(method, target, body, contentType, accept,
                       "kubectl/v1.31.9 (linux/amd64) kubernetes/test", token);
    }

    json::object sendJson(http::verb method, const std::string &target,
                          const std::string &body = {},
                          const std::string &contentType = "application/json",
                          const std::string &accept = "application/json")
    {
        const auto response = send(method, target, body, contentType, accept);
        return json::parse(response.message.body()).as_object();
    }
};

QStringList columnsOf(const json::object &table, bool wide)
{
    QStringList out;
    for (const auto &c : table.at("columnDefinitions").as_array())
        if (wide || c.at("priority").as_int64() == 0)
            out << str(c.at("name"));
    return out;
}

} // namespace

class TestApi : public QObject
{
    Q_OBJECT

private slots:
    void discoveryAnswersEachClient_data();
    void discoveryAnswersEachClient();
    void requestsNeedTheBearerToken();
    void createGetListAndDeleteAService();
    void errorsAreStatusObjects_data();
    void errorsAreStatusObjects();
    void patchesMergeAsTheApiServerDoes_data();
    void patchesMergeAsTheApiServerDoes();
    void jsonPatchOperations_data();
    void jsonPatchOperations();
    void scaleSubresource();
    void tablesHaveTheServerColumns_data();
    void tablesHaveTheServerColumns();
    void selectorsFilterLists_data();
    void selectorsFilterLists();
    void watchStartsFromTheListResourceVersion();
    void watchTooOldIsExpired();
    void serverSideApplyOwnsFields();
    void writesRollOutOnlyWhenTheTemplateChanges_data();
    void writesRollOutOnlyWhenTheTemplateChanges();
    void deletePropagation();
    void everyEncodedObjectDecodesStrictly();
};

void TestApi::discoveryAnswersEachClient_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("accept");
    QTest::addColumn<QString>("contentType");
    QTest::addColumn<QString>("contains");
    const QString v2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
                       "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,"
                       "application/json";
    const QString v2beta1 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as="
                            "APIGroupDiscoveryList,application/json";
    QTest::addRow("kubectl 1.30 and later get aggregated v2 discovery for /apis")
            << "/apis" << v2
            << "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"
            << R"("shortNames":["deploy"])";
    QTest::addRow("kubectl 1.27 to 1.29 get aggregated v2beta1 discovery for /api")
            << "/api" << v2beta1
            << "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList"
            << R"("apiVersion":"apidiscovery.k8s.io/v2beta1")";
    QTest::addRow("a plain JSON client gets the legacy group list")
            << "/apis"
            << "application/json, */*"
            << "application/json"
            << R"("groupVersion":"discovery.k8s.io/v1")";
    QTest::addRow("the legacy core resource list has services with short name svc")
            << "/api/v1"
            << "application/json, */*"
            << "application/json"
            << R"("name":"services","singularName":"service","namespaced":true,"kind":"Service")";
    QTest::addRow("the legacy list names the scale subresource") << "/apis/apps/v1"
                                                                 << "application/json"
                                                                 << "application/json"
                                                                 << R"("name":"deployments/scale")";
    QTest::addRow("events.k8s.io/v1 is served") << "/apis/events.k8s.io/v1"
                                                << "application/json"
                                                << "application/json"
                                                << R"("kind":"Event")";
    QTest::addRow("version names a client the gcloud dispatcher has")
            << "/version"
            << "application/json"
            << "application/json"
            << R"("gitVersion":"v1.31.9")";
    QTest::addRow("OpenAPI v3 lets kubectl leave validation to the server")
            << "/openapi/v3/apis/apps/v1"
            << "application/json"
            << "application/json"
            << R"({"name":"fieldValidation","in":"query")";
}

void TestApi::discoveryAnswersEachClient()
{
    QFETCH(QString, path);
    QFETCH(QString, accept);
    QFETCH(QString, contentType);
    QFETCH(QString, contains);
    Lab lab;
    const auto r = lab.send(http::verb::get, path.toStdString(), {}, {}, accept.toStdString());
    QCOMPARE(code(r), 200);
    QCOMPARE(QString::fromStdString(std::string(r.message[http::field::content_type])),
             contentType);
    QVERIFY2(QString::fromStdString(r.message.body()).contains(contains),
             r.message.body().substr(0, 400).c_str());
}

void TestApi::requestsNeedTheBearerToken()
{
    Lab lab;
    const auto none = lab.send(http::verb::get, "/api/v1/services", {}, {}, "application/json", "");
    QCOMPARE(code(none), 401);
    const auto body = json::parse(none.message.body());
    QCOMPARE(str(body.at("kind")), QString("Status"));
    QCOMPARE(str(body.at("reason")), QString("Unauthorized"));
    QCOMPARE(code(lab.send(http::verb::get, "/api/v1/services", {}, {}, "application/json",
                           "wrong")),
             401);
    QCOMPARE(code(lab.send(http::verb::get, "/version", {}, {}, "application/json", "")), 200);
    // kubectl sends no Authorization over plain http: the token rides in the server URL.
    QCOMPARE(code(lab.send(http::verb::get, "/clusterlab/test-token/api/v1/services", {}, {},
                           "application/json", "")),
             200);
    QCOMPARE(code(lab.send(http::verb::get, "/clusterlab/test-tokenX/api/v1/services", {}, {},
                           "application/json", "")),
             401);
}

void TestApi::createGetListAndDeleteAService()
{
    Lab lab;
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

void TestApi::errorsAreStatusObjects_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("body");
    QTest::addColumn<QString>("contentType");
    QTest::addColumn<int>("expectedCode");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("message");
    const QString services = "/api/v1/namespaces/default/services";
    QTest::addRow("a second create gives AlreadyExists")
            << "POST" << services << kBackendService << "application/json" << 409 << "AlreadyExists"
            << "services \"backend\" already exists";
    QTest::addRow("an invalid port gives Invalid, worded as the API server words it")
            << "POST" << services
            << R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},
                  "spec":{"selector":{"app":"web"},"ports":[{"port":0,"targetPort":80}]}})"
            << "application/json" << 422 << "Invalid"
            << "Service \"web\" is invalid: spec.ports[0].port: Invalid value: 0: must be between "
               "1 and 65535, inclusive";
    QTest::addRow("a Deployment that is not found names its group")
            << "GET"
            << "/apis/apps/v1/namespaces/default/deployments/nope"
            << ""
            << "" << 404 << "NotFound"
            << "deployments.apps \"nope\" not found";
    QTest::addRow("an unknown resource is not found")
            << "GET"
            << "/api/v1/namespaces/default/widgets"
            << ""
            << "" << 404 << "NotFound"
            << "the server could not find the requested resource";
    QTest::addRow("malformed JSON is a bad request") << "POST" << services << "{\"kind\": "
                                                     << "application/json" << 400 << "BadRequest"
                                                     << "";
    QTest::addRow("malformed YAML is a bad request naming the line")
            << "POST" << services << "kind: Service\n  metadata: [\n"
            << "application/yaml" << 400 << "BadRequest"
            << "";
    QTest::addRow("protobuf bodies of other kinds are an unsupported media type")
            << "POST"
            << "/api/v1/namespaces/default/pods"
            << "k8s\x01"
            << "application/vnd.kubernetes.protobuf" << 415 << "UnsupportedMediaType"
            << "the body of the request was in an unknown format "
               "(application/vnd.kubernetes.protobuf) - accepted media types include: "
               "application/json, application/yaml";
    QTest::addRow("a protobuf Service without the k8s magic is a bad request")
            << "POST" << services << "k8s\x01"
            << "application/vnd.kubernetes.protobuf" << 400 << "BadRequest"
            << "Service in version \"v1\" cannot be handled as a Service: provided data does "
               "not appear to be a protobuf message, expected prefix [107 56 115 0]";
    QTest::addRow("strict field validation refuses an unknown field")
            << "POST" << services + "?fieldValidation=Strict"
            << R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},
                  "spec":{"foo":1,"ports":[{"port":80}]}})"
            << "application/json" << 400 << "BadRequest"
            << "Service in version \"v1\" cannot be handled as a Service: strict decoding error: "
               "unknown field \"spec.foo\"";
    QTest::addRow("PUT with an old resourceVersion is a conflict")
            << "PUT" << services + "/backend"
            << R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"backend",
                  "resourceVersion":"1"},"spec":{"selector":{"app":"backend"},
                  "ports":[{"port":80}]}})"
            << "application/json" << 409 << "Conflict"
            << "Operation cannot be fulfilled on services \"backend\": the object has been "
               "modified; please apply your changes to the latest version and try again";
    QTest::addRow("POST on one object is not allowed")
            << "POST" << services + "/backend" << kBackendService << "application/json" << 405
            << "MethodNotAllowed"
            << "";
    QTest::addRow("a body for another namespace is refused")
            << "POST"
            << "/api/v1/namespaces/kube-system/services" << kBackendService << "application/json"
            << 400 << "BadRequest"
            << "the namespace of the provided object does not match the namespace sent on the "
               "request";
    QTest::addRow("an unknown patch type is an unsupported media type")
            << "PATCH" << services + "/backend"
            << "{}"
            << "text/plain" << 415 << "UnsupportedMediaType"
            << "";
}

void TestApi::errorsAreStatusObjects()
{
    QFETCH(QString, method);
    QFETCH(QString, target);
    QFETCH(QString, body);
    QFETCH(QString, contentType);
    QFETCH(int, expectedCode);
    QFETCH(QString, reason);
    QFETCH(QString, message);
    Lab lab;
    QCOMPARE(code(lab.send(http::verb::post, "/api/v1/namespaces/default/services",
                           kBackendService)),
             201);
    const auto r = lab.send(http::string_to_verb(method.toStdString()), target.toStdString(),
                            body.toStdString(), contentType.toStdString());
    QCOMPARE(code(r), expectedCode);
    const auto status = json::parse(r.message.body());
    QCOMPARE(str(status.at("kind")), QString("Status"));
    QCOMPARE(str(status.at("apiVersion")), QString("v1"));
    QCOMPARE(str(status.at("reason")), reason);
    QCOMPARE(status.at("code").as_int64(), expectedCode);
    if (!message.isEmpty())
        QCOMPARE(str(status.at("message")), message);
    if (reason == "Invalid") {
        QCOMPARE(str(at(status, "/details/kind")), QString("Service"));
        QCOMPARE(str(at(status, "/details/causes/0/field")), QString("spec.ports[0].port"));
        QCOMPARE(str(at(status, "/details/causes/0/message")),
                 QString("Invalid value: 0: must be between 1 and 65535, inclusive"));
    }
}

void TestApi::patchesMergeAsTheApiServerDoes_data()
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

void TestApi::patchesMergeAsTheApiServerDoes()
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

void TestApi::jsonPatchOperations_data()
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

void TestApi::jsonPatchOperations()
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

void TestApi::scaleSubresource()
{
    Lab lab;
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

void TestApi::tablesHaveTheServerColumns_data()
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

void TestApi::tablesHaveTheServerColumns()
{
    QFETCH(QString, path);
    QFETCH(QStringList, columns);
    Lab lab;
    QCOMPARE(code(lab.send(http::verb::post, "/apis/apps/v1/namespaces/default/deployments",
                           kBackendDeployment)),
             201);
    QCOMPARE(code(lab.send(http::verb::post, "/api/v1/namespaces/default/services",
                           kBackendService)),
             201);
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

void TestApi::selectorsFilterLists_data()
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

void TestApi::selectorsFilterLists()
{
    QFETCH(QString, query);
    QFETCH(int, expected);
    QFETCH(int, expectedCode);
    Lab lab;
    QCOMPARE(code(lab.send(http::verb::post, "/apis/apps/v1/namespaces/default/deployments",
                           kBackendDeployment)),
             201);
    const auto r =
            lab.send(http::verb::get, "/api/v1/namespaces/default/pods?" + query.toStdString());
    QCOMPARE(code(r), expectedCode);
    if (expectedCode == 200)
        QCOMPARE(int(json::parse(r.message.body()).at("items").as_array().size()), expected);
}

void TestApi::watchStartsFromTheListResourceVersion()
{
    Lab lab;
    const std::string deployments = "/apis/apps/v1/namespaces/default/deployments";
    QCOMPARE(code(lab.send(http::verb::post, deployments, kBackendDeployment)), 201);
    const auto table = lab.sendJson(http::verb::get, "/api/v1/namespaces/default/pods?limit=500",
                                    {}, {}, kTableAccept);
    const std::string rv = str(at(table, "/metadata/resourceVersion")).toStdString();
    // A scale happens between the list and the watch: the watch cache still has it.
    QCOMPARE(code(lab.send(http::verb::patch, deployments + "/backend/scale",
                           R"({"spec":{"replicas":4}})", "application/merge-patch+json")),
             200);
    const auto watch =
            lab.send(http::verb::get,
                     "/api/v1/namespaces/default/pods?resourceVersion=" + rv + "&watch=true", {},
                     {}, kTableAccept);
    QVERIFY(watch.watch.has_value());
    QVERIFY(watch.message.chunked());
    auto stream = std::make_shared<api::WatchStream>();
    const auto subscribed = lab.view.call([&](cluster::Cluster &c, api::ApiState &state) {
        return state.hub.subscribe(c.store(), *watch.watch, stream);
    });
    QVERIFY(std::holds_alternative<std::uint64_t>(subscribed));
    QStringList types;
    for (const auto &item : stream->take()) {
        const auto line = api::encodeWatchEvent(item, *watch.watch);
        QVERIFY(line.ends_with("\n"));
        const auto event = json::parse(line);
        types << str(event.at("type"));
        QCOMPARE(str(at(event, "/object/kind")), QString("Table"));
        QCOMPARE(at(event, "/object/rows").as_array().size(), 1u);
    }
    QVERIFY2(types.count("ADDED") == 1, qPrintable(types.join(',')));
    // Later writes arrive as they happen; a selector on another name sees none of them.
    const auto other = lab.send(http::verb::get,
                                "/api/v1/namespaces/default/pods?watch=1&fieldSelector="
                                "metadata.name%3Dnope");
    auto quiet = std::make_shared<api::WatchStream>();
    lab.view.call([&](cluster::Cluster &c, api::ApiState &state) {
        return std::get<std::uint64_t>(state.hub.subscribe(c.store(), *other.watch, quiet));
    });
    QCOMPARE(code(lab.send(http::verb::delete_, deployments + "/backend")), 200);
    const auto after = stream->take();
    QVERIFY(std::any_of(after.begin(), after.end(), [](const api::WatchItem &i) {
        return i.type == api::WatchItem::Type::Deleted;
    }));
    QVERIFY(quiet->take().empty());
}

void TestApi::watchTooOldIsExpired()
{
    Lab lab;
    lab.view.call([](cluster::Cluster &, api::ApiState &) {
        return 0;
    }); // history starts here
    QCOMPARE(code(lab.send(http::verb::post, "/api/v1/namespaces/default/services",
                           kBackendService)),
             201);
    const auto watch = lab.send(http::verb::get, "/api/v1/services?watch=true&resourceVersion=1");
    const auto subscribed = lab.view.call([&](cluster::Cluster &c, api::ApiState &state) {
        return state.hub.subscribe(c.store(), *watch.watch, std::make_shared<api::WatchStream>());
    });
    QVERIFY(std::holds_alternative<api::StatusError>(subscribed));
    QCOMPARE(std::get<api::StatusError>(subscribed).code, 410);
}

void TestApi::serverSideApplyOwnsFields()
{
    Lab lab;
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

void TestApi::writesRollOutOnlyWhenTheTemplateChanges_data()
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

void TestApi::writesRollOutOnlyWhenTheTemplateChanges()
{
    QFETCH(QString, contentType);
    QFETCH(QString, patch);
    QFETCH(int, replicaSets);
    Lab lab;
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

void TestApi::deletePropagation()
{
    Lab lab;
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

void TestApi::everyEncodedObjectDecodesStrictly()
{
    Lab lab;
    QCOMPARE(code(lab.send(http::verb::post, "/apis/apps/v1/namespaces/default/deployments",
                           kBackendDeployment)),
             201);
    QCOMPARE(code(lab.send(http::verb::post, "/api/v1/namespaces/default/services",
                           kBackendService)),
             201);
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

QTEST_GUILESS_MAIN(TestApi)
#include "tst_api.moc"
