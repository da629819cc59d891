// kubectl 1.32+ sends `create namespace|deployment|service|configmap|secret|serviceaccount` as
// Kubernetes protobuf. The bodies in tests/data/protobuf/*.pb are what kubectl 1.33.1 sent for
// those commands; each is paired
// with the JSON kubectl 1.31 sent for the same command (*.json), which the decoded body must
// match, and each creates through the same path (and fails with the same errors) as JSON.
#include "api/body.h"
#include "api/encode.h"
#include "api/protobuf_decode.h"
#include "api/routes.h"
#include "cluster/cluster.h"
#include "protobuf_support.h"
#include "test_data.h"

#include <QDir>
#include <QtTest>

#include <boost/beast/http/field.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

using namespace clusterlab;
using test::at;
using test::bytesField;
using test::code;
using test::collectionOf;
using test::envelope;
using test::intOrString;
using test::key;
using test::kProtobufData;
using test::readFile;
using test::resourceOf;
using test::service;
using test::str;
using test::varint;
using test::varintField;
namespace json = boost::json;
namespace http = boost::beast::http;

namespace {

/// withoutNulls drops what JSON carries and protobuf cannot: null values (creationTimestamp)
/// and the status kubectl sends empty.
json::value withoutNulls(const json::value &value)
{
    if (value.is_array()) {
        json::array out;
        for (const auto &item : value.get_array())
            out.push_back(withoutNulls(item));
        return out;
    }
    if (!value.is_object())
        return value;
    json::object out;
    for (const auto &[key, item] : value.get_object())
        if (!item.is_null())
            out[key] = withoutNulls(item);
    return out;
}

} // namespace

class TestProtobufKubectl : public QObject
{
    Q_OBJECT

private slots:
    void decodesWhatKubectlSends_data();
    void decodesWhatKubectlSends();
    void createsThroughTheSamePathAsJson();
    void keepsSecretAndConfigMapBytes();
    void writeErrorsAreTheJsonPathErrors();
    void otherKindsStayUnsupported();
};

void TestProtobufKubectl::decodesWhatKubectlSends_data()
{
    QTest::addColumn<QString>("name");
    const QStringList files = QDir(kProtobufData).entryList({ "*.pb" }, QDir::Files, QDir::Name);
    if (files.size() < 14) // what kubectl 1.33 sent for each kind the decoder knows
        QTest::addRow("the protobuf folder has kubectl's bodies")
                << QString::fromLatin1(testdata::kMissingPrefix) + kProtobufData + " holds "
                        + QString::number(files.size()) + " of 14 or more *.pb files";
    for (const QString &file : files) {
        const QString name = file.chopped(3);
        QTest::addRow("kubectl 1.33 create %s", qPrintable(name)) << name;
    }
}

void TestProtobufKubectl::decodesWhatKubectlSends()
{
    QFETCH(QString, name);
    QVERIFY_DATA_PRESENT(name);
    const QByteArray pb = readFile(kProtobufData + name + ".pb");
    const json::value sent = json::parse(readFile(kProtobufData + name + ".json").toStdString());
    QVERIFY(pb.startsWith(QByteArray("k8s\0", 4)));
    const std::string kind(sent.at("kind").as_string());
    const auto &resource = resourceOf(kind);
    QVERIFY(api::protobufDecodes(resource));

    auto decoded = api::decodeProtobuf(pb.toStdString(), resource);
    const auto *error = std::get_if<api::StatusError>(&decoded);
    QVERIFY2(!error, error ? error->message.c_str() : "");
    const json::object &document = std::get<json::object>(decoded);
    json::object expected = withoutNulls(sent).as_object();
    expected.erase("status");
    QVERIFY2(document == expected,
             qPrintable(QString::fromStdString(json::serialize(json::value(document)) + "\n"
                                               + json::serialize(json::value(expected)))));

    // And both reach the engine as the same object, strictly decoded.
    auto fromProtobuf = api::decodeBody(document, resource, "Strict");
    auto fromJson = api::decodeBody(sent.as_object(), resource, "Strict");
    QVERIFY(std::holds_alternative<api::Decoded>(fromProtobuf));
    QVERIFY(std::holds_alternative<api::Decoded>(fromJson));
    const json::value engineFromProtobuf =
            api::encodeObject(std::get<api::Decoded>(fromProtobuf).object);
    const json::value engineFromJson = api::encodeObject(std::get<api::Decoded>(fromJson).object);
    QVERIFY2(engineFromProtobuf == engineFromJson,
             qPrintable(QString::fromStdString(json::serialize(engineFromProtobuf) + "\n"
                                               + json::serialize(engineFromJson))));
}

void TestProtobufKubectl::createsThroughTheSamePathAsJson()
{
    test::ProtobufLab lab;
    const auto ns = lab.send(http::verb::post, collectionOf("Namespace"),
                             readFile(kProtobufData + "namespace-demo.pb"));
    QCOMPARE(code(ns), 201);
    QCOMPARE(std::string(ns.message[http::field::content_type]), std::string("application/json"));
    QCOMPARE(str(at(json::parse(ns.message.body()), "/metadata/name")), QString("demo"));

    const auto created = lab.send(http::verb::post, collectionOf("Deployment"),
                                  readFile(kProtobufData + "deployment-web.pb"));
    QCOMPARE(code(created), 201);
    const auto deployment = json::parse(created.message.body());
    QCOMPARE(str(deployment.at("kind")), QString("Deployment"));
    QCOMPARE(at(deployment, "/spec/replicas").as_int64(), 2);
    QCOMPARE(str(at(deployment, "/spec/template/spec/containers/0/image")), QString("nginx"));
    QCOMPARE(at(deployment, "/spec/template/spec/containers/0/ports/0/containerPort").as_int64(),
             80);
    const auto pods = lab.send(http::verb::get,
                               "/api/v1/namespaces/default/pods?labelSelector=app%3Dweb", {});
    const auto podList = json::parse(pods.message.body());
    QCOMPARE(podList.at("items").as_array().size(), 2u);
    for (const auto &pod : podList.at("items").as_array())
        QCOMPARE(str(at(pod, "/status/phase")), QString("Running"));

    const auto svc = lab.send(http::verb::post, collectionOf("Service"),
                              readFile(kProtobufData + "service-clusterip.pb"));
    QCOMPARE(code(svc), 201);
    const auto service = json::parse(svc.message.body());
    QVERIFY(QRegularExpression("^127\\.(9[6-9]|10\\d|11[01])\\.\\d+\\.\\d+$")
                    .match(str(at(service, "/spec/clusterIP")))
                    .hasMatch());
    QCOMPARE(at(service, "/spec/ports/0/targetPort").as_int64(), 80);
    QCOMPARE(str(at(service, "/spec/selector/app")), QString("web"));

    for (const char *other : { "service-nodeport", "service-loadbalancer", "service-externalname",
                               "deployment-command" }) {
        const QByteArray pb = readFile(kProtobufData + other + ".pb");
        const std::string kind = QByteArray(other).startsWith("service") ? "Service" : "Deployment";
        const auto r = lab.send(http::verb::post, collectionOf(kind), pb);
        QVERIFY2(code(r) == 201, r.message.body().c_str());
    }
    const auto np = lab.send(http::verb::get, "/api/v1/namespaces/default/services/web-np", {});
    QCOMPARE(at(json::parse(np.message.body()), "/spec/ports/0/nodePort").as_int64(), 30080);
}

void TestProtobufKubectl::keepsSecretAndConfigMapBytes()
{
    test::ProtobufLab lab;
    for (const char *name : { "secret-binary", "configmap-file", "secret-tls",
                              "secret-docker-registry", "serviceaccount" }) {
        const json::value sent =
                json::parse(readFile(kProtobufData + name + ".json").toStdString());
        const std::string kind(sent.at("kind").as_string());
        const auto created = lab.send(http::verb::post, collectionOf(kind),
                                      readFile(kProtobufData + name + ".pb"));
        QVERIFY2(code(created) == 201, created.message.body().c_str());
        const auto got = lab.send(http::verb::get,
                                  "/api/v1/namespaces/default/" + resourceOf(kind).resource + "/"
                                          + std::string(at(sent, "/metadata/name").as_string()),
                                  {});
        const json::value stored = json::parse(got.message.body());
        for (const char *field : { "data", "binaryData", "type" })
            if (const auto *value = sent.as_object().if_contains(field))
                QVERIFY2(stored.as_object().contains(field) && stored.at(field) == *value,
                         qPrintable(QString::fromStdString(json::serialize(stored))));
    }
    // The bytes kubectl sent: 00 01 02 ff fe 80 "binary", not valid UTF-8, exactly back.
    const auto secret = lab.send(http::verb::get, "/api/v1/namespaces/default/secrets/bin", {});
    QCOMPARE(str(at(json::parse(secret.message.body()), "/data/bin.dat")),
             QString(QByteArray("\x00\x01\x02\xff\xfe\x80"
                                "binary",
                                12)
                             .toBase64()));
}

void TestProtobufKubectl::writeErrorsAreTheJsonPathErrors()
{
    test::ProtobufLab lab;
    const QByteArray pb = readFile(kProtobufData + "deployment-web.pb");
    QCOMPARE(code(lab.send(http::verb::post, collectionOf("Deployment"), pb)), 201);
    const auto again = lab.send(http::verb::post, collectionOf("Deployment"), pb);
    QCOMPARE(code(again), 409);
    const auto status = json::parse(again.message.body());
    QCOMPARE(str(status.at("reason")), QString("AlreadyExists"));
    QCOMPARE(str(status.at("message")), QString("deployments.apps \"web\" already exists"));

    const QByteArray badPort = varintField(3, 70000) + intOrString(80);
    const auto invalid =
            lab.send(http::verb::post, collectionOf("Service"), envelope(service("web", badPort)));
    QCOMPARE(code(invalid), 422);
    const auto invalidStatus = json::parse(invalid.message.body());
    QCOMPARE(str(invalidStatus.at("message")),
             QString("Service \"web\" is invalid: spec.ports[0].port: Invalid value: 70000: must "
                     "be between 1 and 65535, inclusive"));
    QCOMPARE(str(at(invalidStatus, "/details/causes/0/field")), QString("spec.ports[0].port"));

    const auto otherKind = lab.send(http::verb::post, collectionOf("Service"),
                                    envelope(service("web", badPort), "ConfigMap"));
    QCOMPARE(code(otherKind), 400);
    QCOMPARE(str(json::parse(otherKind.message.body()).at("message")),
             QString("the kind in the data (ConfigMap) does not match the expected kind "
                     "(Service)"));
}

void TestProtobufKubectl::otherKindsStayUnsupported()
{
    test::ProtobufLab lab;
    QCOMPARE(code(lab.send(http::verb::post, collectionOf("Deployment"),
                           readFile(kProtobufData + "deployment-web.pb"))),
             201);
    const QByteArray body = envelope(bytesField(1, bytesField(1, "x")), "Pod");
    for (const auto &[method, target] :
         { std::pair(http::verb::post, std::string("/api/v1/namespaces/default/pods")),
           std::pair(http::verb::post, std::string("/apis/apps/v1/namespaces/default/replicasets")),
           std::pair(http::verb::put,
                     std::string("/apis/apps/v1/namespaces/default/deployments/web/scale")) }) {
        const auto r = lab.send(method, target, body);
        QCOMPARE(code(r), 415);
        const auto status = json::parse(r.message.body());
        QCOMPARE(str(status.at("reason")), QString("UnsupportedMediaType"));
        QCOMPARE(str(status.at("message")),
                 QString("the body of the request was in an unknown format "
                         "(application/vnd.kubernetes.protobuf) - accepted media types include: "
                         "application/json, application/yaml"));
    }
}

QTEST_GUILESS_MAIN(TestProtobufKubectl)
#include "tst_protobuf_kubectl.moc"
