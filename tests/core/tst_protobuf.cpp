// kubectl 1.32+ sends `create namespace|deployment|service` as Kubernetes protobuf. The bodies
// in tests/data/protobuf/*.pb are what kubectl 1.33.1 sent for those commands; each is paired
// with the JSON kubectl 1.31 sent for the same command (*.json), which the decoded body must
// match. Hand-built bodies check that malformed input is a 400 naming the problem.
#include "api/body.h"
#include "api/encode.h"
#include "api/protobuf_decode.h"
#include "api/routes.h"
#include "api_test_support.h"
#include "cluster/cluster.h"
#include "test_data.h"

#include <QDir>
#include <QFile>
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

constexpr const char *kProtobuf = "application/vnd.kubernetes.protobuf";
constexpr const char *kKubectlAccept = "application/vnd.kubernetes.protobuf,application/json";
const QString kData = QStringLiteral(CLUSTERLAB_SOURCE_DIR "/tests/data/protobuf/");

/// Lab sends requests as kubectl 1.33 does: protobuf bodies, protobuf-then-JSON accepted.
struct Lab : test::RouteLab
{
    api::ApiResponse send(http::verb method, const std::string &target, const QByteArray &body,
                          const std::string &contentType = kProtobuf)
    {
        return request(method, target, body.toStdString(), contentType, kKubectlAccept,
                       "kubectl.1.33/v1.33.1 (linux/amd64) kubernetes/test", test::kToken);
    }
};

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

const api::ApiResource &resourceOf(const std::string &kind)
{
    return *api::resourceForKind(kind);
}

/// collectionOf is where kubectl POSTs an object of kind.
std::string collectionOf(const std::string &kind)
{
    if (kind == "Namespace")
        return "/api/v1/namespaces?fieldManager=kubectl-create&fieldValidation=Strict";
    if (kind == "Deployment")
        return "/apis/apps/v1/namespaces/default/deployments?fieldManager=kubectl-create&"
               "fieldValidation=Strict";
    return "/api/v1/namespaces/default/" + resourceOf(kind).resource
            + "?fieldManager=kubectl-create&fieldValidation=Strict";
}

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

// A few protobuf writers, to build bodies kubectl would never send.
QByteArray varint(quint64 v)
{
    QByteArray out;
    do {
        char byte = char(v & 0x7f);
        v >>= 7;
        if (v)
            byte = char(byte | 0x80);
        out += byte;
    } while (v);
    return out;
}

QByteArray key(int field, int wire)
{
    return varint((quint64(field) << 3) | quint64(wire));
}

QByteArray bytesField(int field, const QByteArray &payload)
{
    return key(field, 2) + varint(quint64(payload.size())) + payload;
}

QByteArray varintField(int field, quint64 value)
{
    return key(field, 0) + varint(value);
}

QByteArray envelope(const QByteArray &raw, const QByteArray &kind = "Service",
                    const QByteArray &extra = {})
{
    return QByteArray("k8s\0", 4) + bytesField(1, bytesField(1, "v1") + bytesField(2, kind))
            + bytesField(2, raw) + extra;
}

/// service is a Service named name with one port message (ServicePort fields).
QByteArray service(const QByteArray &name, const QByteArray &port)
{
    return bytesField(1, bytesField(1, name)) + bytesField(2, bytesField(1, port));
}

QByteArray intOrString(int value)
{
    return bytesField(4, varintField(1, 0) + varintField(2, quint64(value)) + bytesField(3, ""));
}

} // namespace

class TestProtobuf : public QObject
{
    Q_OBJECT

private slots:
    void decodesWhatKubectlSends_data();
    void decodesWhatKubectlSends();
    void createsThroughTheSamePathAsJson();
    void writeErrorsAreTheJsonPathErrors();
    void otherKindsStayUnsupported();
    void unknownFieldsOfEveryWireTypeAreSkipped();
    void malformedBodiesAreBadRequests_data();
    void malformedBodiesAreBadRequests();
    void everyCutInsideTheObjectIsRefused();
};

void TestProtobuf::decodesWhatKubectlSends_data()
{
    QTest::addColumn<QString>("name");
    const QStringList files = QDir(kData).entryList({ "*.pb" }, QDir::Files, QDir::Name);
    if (files.size() < 7) // what kubectl 1.33 sent for each kind the decoder knows
        QTest::addRow("the protobuf folder has kubectl's bodies")
                << QString::fromLatin1(testdata::kMissingPrefix) + kData + " holds "
                        + QString::number(files.size()) + " of 7 or more *.pb files";
    for (const QString &file : files) {
        const QString name = file.chopped(3);
        QTest::addRow("kubectl 1.33 create %s", qPrintable(name)) << name;
    }
}

void TestProtobuf::decodesWhatKubectlSends()
{
    QFETCH(QString, name);
    QVERIFY_DATA_PRESENT(name);
    const QByteArray pb = readFile(kData + name + ".pb");
    const json::value sent = json::parse(readFile(kData + name + ".json").toStdString());
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

void TestProtobuf::createsThroughTheSamePathAsJson()
{
    Lab lab;
    const auto ns = lab.send(http::verb::post, collectionOf("Namespace"),
                             readFile(kData + "namespace-demo.pb"));
    QCOMPARE(code(ns), 201);
    QCOMPARE(std::string(ns.message[http::field::content_type]), std::string("application/json"));
    QCOMPARE(str(at(json::parse(ns.message.body()), "/metadata/name")), QString("demo"));

    const auto created = lab.send(http::verb::post, collectionOf("Deployment"),
                                  readFile(kData + "deployment-web.pb"));
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
                              readFile(kData + "service-clusterip.pb"));
    QCOMPARE(code(svc), 201);
    const auto service = json::parse(svc.message.body());
    QVERIFY(QRegularExpression("^127\\.(9[6-9]|10\\d|11[01])\\.\\d+\\.\\d+$")
                    .match(str(at(service, "/spec/clusterIP")))
                    .hasMatch());
    QCOMPARE(at(service, "/spec/ports/0/targetPort").as_int64(), 80);
    QCOMPARE(str(at(service, "/spec/selector/app")), QString("web"));

    for (const char *other : { "service-nodeport", "service-loadbalancer", "service-externalname",
                               "deployment-command" }) {
        const QByteArray pb = readFile(kData + other + ".pb");
        const std::string kind = QByteArray(other).startsWith("service") ? "Service" : "Deployment";
        const auto r = lab.send(http::verb::post, collectionOf(kind), pb);
        QVERIFY2(code(r) == 201, r.message.body().c_str());
    }
    const auto np = lab.send(http::verb::get, "/api/v1/namespaces/default/services/web-np", {});
    QCOMPARE(at(json::parse(np.message.body()), "/spec/ports/0/nodePort").as_int64(), 30080);
}

void TestProtobuf::writeErrorsAreTheJsonPathErrors()
{
    Lab lab;
    const QByteArray pb = readFile(kData + "deployment-web.pb");
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

void TestProtobuf::otherKindsStayUnsupported()
{
    Lab lab;
    QCOMPARE(code(lab.send(http::verb::post, collectionOf("Deployment"),
                           readFile(kData + "deployment-web.pb"))),
             201);
    const QByteArray body = envelope(bytesField(1, bytesField(1, "x")), "Pod");
    for (const auto &[method, target] :
         { std::pair(http::verb::post, std::string("/api/v1/namespaces/default/pods")),
           std::pair(http::verb::post, std::string("/api/v1/namespaces/default/configmaps")),
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

void TestProtobuf::unknownFieldsOfEveryWireTypeAreSkipped()
{
    const QByteArray unknown = varintField(90, 7) + key(91, 1) + QByteArray(8, 'a') + key(92, 5)
            + QByteArray(4, 'b') + bytesField(93, "opaque") + key(94, 3) + varintField(1, 1)
            + key(95, 3) + bytesField(2, "x") + key(95, 4) + key(94, 4);
    const QByteArray port = unknown + varintField(3, 8080) + intOrString(80);
    const QByteArray raw = bytesField(1, unknown + bytesField(1, "web")) + unknown
            + bytesField(2, bytesField(1, port) + unknown);
    Lab lab;
    const auto r = lab.send(http::verb::post, collectionOf("Service"),
                            envelope(raw, "Service", bytesField(7, "future envelope field")));
    QVERIFY2(code(r) == 201, r.message.body().c_str());
    const auto svc = json::parse(r.message.body());
    QCOMPARE(str(at(svc, "/metadata/name")), QString("web"));
    QCOMPARE(at(svc, "/spec/ports/0/port").as_int64(), 8080);
    QCOMPARE(at(svc, "/spec/ports/0/targetPort").as_int64(), 80);
}

void TestProtobuf::malformedBodiesAreBadRequests_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("problem");
    const QByteArray port = varintField(3, 80);
    QTest::addRow("a body without the k8s magic")
            << QByteArray(R"({"kind":"Service"})")
            << "provided data does not appear to be a protobuf message, expected prefix [107 56 "
               "115 0]";
    QTest::addRow("a raw object longer than the body")
            << QByteArray("k8s\0", 4) + key(2, 2) + varint(200) + "short"
            << "malformed protobuf: length 200 runs past the end of the data (5 bytes left)";
    QTest::addRow("a name longer than its metadata")
            << envelope(bytesField(1, key(1, 2) + varint(10) + "we"))
            << "malformed protobuf at metadata.name: length 10 runs past the end of the data (2 "
               "bytes left)";
    QTest::addRow("a varint longer than 64 bits")
            << envelope(service("web", key(3, 0) + QByteArray(10, '\xff') + '\x01'))
            << "malformed protobuf at spec.ports[0].port: varint overflows 64 bits";
    QTest::addRow("a varint cut short")
            << envelope(service("web", key(3, 0) + "\xff\xff"))
            << "malformed protobuf at spec.ports[0].port: unexpected end of data inside a varint";
    QTest::addRow("a port sent as bytes")
            << envelope(service("web", bytesField(3, "80")))
            << "malformed protobuf at spec.ports[0].port: wire type 2 (length-delimited) where 0 "
               "(varint) belongs";
    QTest::addRow("wire type 7") << envelope(service("web", port) + key(5, 7))
                                 << "malformed protobuf: invalid wire type 7 for field 5";
    QTest::addRow("field number 0") << envelope(bytesField(1, QByteArray(1, '\0')))
                                    << "malformed protobuf at metadata: invalid field number 0";
    QTest::addRow("an end of group without its start")
            << envelope(service("web", port) + key(9, 4))
            << "malformed protobuf: end of group 9 without its start";
    QTest::addRow("a group that never ends")
            << envelope(service("web", port) + key(9, 3) + varintField(1, 5))
            << "malformed protobuf: unexpected end of data inside a varint";
    QTest::addRow("a group closed by another")
            << envelope(service("web", port) + key(9, 3) + key(8, 4))
            << "malformed protobuf: group 9 ends as group 8";
    QByteArray deep;
    for (int i = 0; i < 40; ++i)
        deep += key(9, 3);
    QTest::addRow("groups nested 40 deep")
            << envelope(deep) << "malformed protobuf: groups nested deeper than 32";
    QTest::addRow("a name that is not UTF-8")
            << envelope(service("w\xff", port))
            << "malformed protobuf at metadata.name: string is not valid UTF-8";
    QTest::addRow("a label key that is not UTF-8")
            << envelope(bytesField(1,
                                   bytesField(11, bytesField(1, "\xc0\xaf") + bytesField(2, "v"))))
            << "malformed protobuf at metadata.labels: string is not valid UTF-8";
    QTest::addRow("an IntOrString of type 2")
            << envelope(
                       service("web", port + bytesField(4, varintField(1, 2) + varintField(2, 80))))
            << "malformed protobuf at spec.ports[0].targetPort: IntOrString type 2 is neither 0 "
               "(int) nor 1 (string)";
    QTest::addRow("a gzip content encoding")
            << envelope(service("web", port), "Service", bytesField(3, "gzip"))
            << "malformed protobuf at contentEncoding: unsupported contentEncoding \"gzip\"";
}

void TestProtobuf::malformedBodiesAreBadRequests()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, problem);
    Lab lab;
    const auto r = lab.send(http::verb::post, collectionOf("Service"), body);
    const auto status = json::parse(r.message.body());
    QCOMPARE(code(r), 400);
    QCOMPARE(str(status.at("kind")), QString("Status"));
    QCOMPARE(str(status.at("reason")), QString("BadRequest"));
    if (!problem.isEmpty())
        QCOMPARE(str(status.at("message")),
                 "Service in version \"v1\" cannot be handled as a Service: " + problem);
}

void TestProtobuf::everyCutInsideTheObjectIsRefused()
{
    for (const char *name : { "deployment-web", "service-nodeport", "namespace-demo" }) {
        const QByteArray pb = readFile(kData + name + ".pb");
        const json::value sent = json::parse(readFile(kData + name + ".json").toStdString());
        const auto &resource = resourceOf(std::string(sent.at("kind").as_string()));
        // After the magic: typeMeta (field 1), then raw (field 2, whose length is a varint);
        // any cut inside raw runs past the end. (A cut between fields is a shorter valid body.)
        const int rawTag = 4 + 2 + int(uchar(pb[5]));
        QCOMPARE(int(pb[rawTag]), 0x12);
        int pos = rawTag + 1;
        quint64 rawLength = 0;
        for (int shift = 0;; shift += 7) {
            const uchar byte = uchar(pb[pos++]);
            rawLength |= quint64(byte & 0x7f) << shift;
            if (!(byte & 0x80))
                break;
        }
        const int rawEnd = pos + int(rawLength);
        QCOMPARE(rawEnd + 4, int(pb.size())); // then contentEncoding and contentType, empty
        for (int size = 0; size < pb.size(); ++size) {
            const auto decoded = api::decodeProtobuf(pb.left(size).toStdString(), resource);
            const auto *error = std::get_if<api::StatusError>(&decoded);
            if (size > rawTag && size < rawEnd) {
                QVERIFY2(error && error->code == 400,
                         qPrintable(QString("%1 cut at %2").arg(name).arg(size)));
                QVERIFY(error->message.find("malformed protobuf") != std::string::npos);
            }
        }
        // Flipping any one byte never crashes either; it decodes or is refused.
        for (int i = 4; i < pb.size(); ++i) {
            QByteArray flipped = pb;
            flipped[i] = char(flipped[i] ^ 0xa5);
            const auto decoded = api::decodeProtobuf(flipped.toStdString(), resource);
            if (const auto *error = std::get_if<api::StatusError>(&decoded))
                QCOMPARE(error->code, 400);
        }
    }
}

QTEST_GUILESS_MAIN(TestProtobuf)
#include "tst_protobuf.moc"
