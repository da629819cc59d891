// Protobuf bodies kubectl would never send, built by hand: unknown fields of every wire type
// are skipped, malformed input is a 400 naming the problem, and no cut or flipped byte of a
// real body crashes the decoder.
#include "api/protobuf_decode.h"
#include "api/routes.h"
#include "protobuf_support.h"

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

class TestProtobufMalformed : public QObject
{
    Q_OBJECT

private slots:
    void unknownFieldsOfEveryWireTypeAreSkipped();
    void malformedBodiesAreBadRequests_data();
    void malformedBodiesAreBadRequests();
    void everyCutInsideTheObjectIsRefused();
};

void TestProtobufMalformed::unknownFieldsOfEveryWireTypeAreSkipped()
{
    const QByteArray unknown = varintField(90, 7) + key(91, 1) + QByteArray(8, 'a') + key(92, 5)
            + QByteArray(4, 'b') + bytesField(93, "opaque") + key(94, 3) + varintField(1, 1)
            + key(95, 3) + bytesField(2, "x") + key(95, 4) + key(94, 4);
    const QByteArray port = unknown + varintField(3, 8080) + intOrString(80);
    const QByteArray raw = bytesField(1, unknown + bytesField(1, "web")) + unknown
            + bytesField(2, bytesField(1, port) + unknown);
    test::ProtobufLab lab;
    const auto r = lab.send(http::verb::post, collectionOf("Service"),
                            envelope(raw, "Service", bytesField(7, "future envelope field")));
    QVERIFY2(code(r) == 201, r.message.body().c_str());
    const auto svc = json::parse(r.message.body());
    QCOMPARE(str(at(svc, "/metadata/name")), QString("web"));
    QCOMPARE(at(svc, "/spec/ports/0/port").as_int64(), 8080);
    QCOMPARE(at(svc, "/spec/ports/0/targetPort").as_int64(), 80);
}

void TestProtobufMalformed::malformedBodiesAreBadRequests_data()
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

void TestProtobufMalformed::malformedBodiesAreBadRequests()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, problem);
    test::ProtobufLab lab;
    const auto r = lab.send(http::verb::post, collectionOf("Service"), body);
    const auto status = json::parse(r.message.body());
    QCOMPARE(code(r), 400);
    QCOMPARE(str(status.at("kind")), QString("Status"));
    QCOMPARE(str(status.at("reason")), QString("BadRequest"));
    if (!problem.isEmpty())
        QCOMPARE(str(status.at("message")),
                 "Service in version \"v1\" cannot be handled as a Service: " + problem);
}

void TestProtobufMalformed::everyCutInsideTheObjectIsRefused()
{
    for (const char *name : { "deployment-web", "service-nodeport", "namespace-demo" }) {
        const QByteArray pb = readFile(kProtobufData + name + ".pb");
        const json::value sent =
                json::parse(readFile(kProtobufData + name + ".json").toStdString());
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

QTEST_GUILESS_MAIN(TestProtobufMalformed)
#include "tst_protobuf_malformed.moc"
