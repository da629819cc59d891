// Every failure the API routes answer is a Kubernetes Status object, with the code, reason
// and message the real API server gives.
#include "api/routes.h"
#include "api_json_support.h"

#include <QtTest>

#include <boost/beast/http/field.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

using namespace clusterlab;
using test::at;
using test::code;
using test::kBackendService;
using test::str;
namespace json = boost::json;
namespace http = boost::beast::http;

class TestApiErrors : public QObject
{
    Q_OBJECT

private slots:
    void errorsAreStatusObjects_data();
    void errorsAreStatusObjects();
};

void TestApiErrors::errorsAreStatusObjects_data()
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

void TestApiErrors::errorsAreStatusObjects()
{
    QFETCH(QString, method);
    QFETCH(QString, target);
    QFETCH(QString, body);
    QFETCH(QString, contentType);
    QFETCH(int, expectedCode);
    QFETCH(QString, reason);
    QFETCH(QString, message);
    test::JsonLab lab;
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

QTEST_GUILESS_MAIN(TestApiErrors)
#include "tst_api_errors.moc"
