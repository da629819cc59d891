#include "manifest/decode.h"
#include "manifest/validate.h"
#include "test_data.h"

#include <QDir>
#include <QtTest>

using namespace clusterlab;

namespace {

/// thirdPartyManifests holds real manifests written by others (their README names each source).
QString thirdPartyManifests()
{
    return testdata::dataDir(QStringLiteral("manifests/third-party"));
}

QStringList kindsOf(const manifest::DecodeReport &report)
{
    QStringList kinds;
    for (const auto &o : report.objects)
        kinds << QString::fromStdString(model::kindOf(o.object) + "/" + model::meta(o.object).name);
    return kinds;
}

QString errorsOf(const manifest::DecodeReport &report)
{
    QStringList out;
    for (const auto &d : report.diagnostics)
        if (d.severity == manifest::Severity::Error)
            out << QString::fromStdString(d.format());
    return out.join('\n');
}

} // namespace

class TestManifest : public QObject
{
    Q_OBJECT

private slots:
    void thirdPartyManifestsLoad_data();
    void thirdPartyManifestsLoad();
    void scalarsAreTypedAsKubectlDoes_data();
    void scalarsAreTypedAsKubectlDoes();
    void syntaxErrorsCarryLineAndColumn();
    void billionLaughsIsRefusedFast();
    void deepNestingIsRefused();
    void unknownFieldsAreWarningsAtTheirKey();
    void wrongTypeIsWordedLikeTheApiServer();
    void unsupportedKindSkipsOnlyThatObject();
    void listWrapperAndJsonAreAccepted();
    void fuzzRegressionsDecodeCleanly_data();
    void fuzzRegressionsDecodeCleanly();
};

void TestManifest::thirdPartyManifestsLoad_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("expected");
    auto row = [](const char *name, QStringList expected) {
        QTest::addRow("%s loads", name) << QString::fromLatin1(name) << expected;
    };
    row("guestbook-all-in-one.yaml",
        { "Service/redis-master", "Deployment/redis-master", "Service/redis-replica",
          "Deployment/redis-replica", "Service/frontend", "Deployment/frontend" });
    row("guestbook-go.yaml",
        { "Deployment/redis-master", "Service/redis-master", "ReplicationController/redis-replica",
          "Service/redis-replica", "ReplicationController/guestbook", "Service/guestbook" });
    row("k8s-website-connect-apps-nginx-kyaml.yaml", { "Deployment/my-nginx", "Service/my-nginx" });
    row("k8s-website-docs-named-targetport.yaml", { "Pod/nginx", "Service/nginx-service" });
    row("k8s-website-docs-service-without-selector.yaml",
        { "Service/my-service", "EndpointSlice/my-service-1" });
    row("k8s-website-frontend-backend-docend-markers.yaml",
        { "Deployment/backend", "Service/hello", "Deployment/frontend", "Service/frontend" });
    row("k8s-website-services-without-backends.yaml",
        { "Service/my-service", "Service/nginx-service" });
    row("k8s-website-web-statefulset-headless.yaml", { "Service/nginx", "StatefulSet/web" });
}

void TestManifest::thirdPartyManifestsLoad()
{
    QFETCH(QString, file);
    QFETCH(QStringList, expected);
    const auto report = manifest::decodePath((thirdPartyManifests() + "/" + file).toStdString());
    QCOMPARE(errorsOf(report), QString());
    QCOMPARE(kindsOf(report), expected);
}

void TestManifest::scalarsAreTypedAsKubectlDoes_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<bool>("targetPortIsString");
    QTest::addColumn<QString>("targetPort");
    const QByteArray head = "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports:\n";
    QTest::addRow("a plain number is an int") << head + "  - port: 80\n    targetPort: 8080\n"
                                              << false << "8080";
    QTest::addRow("a quoted number stays a string")
            << head + "  - port: 80\n    targetPort: \"8080\"\n"
            << true << "8080";
    QTest::addRow("a missing targetPort defaults to port") << head + "  - port: 81\n"
                                                           << false << "81";
    QTest::addRow("a name is a string") << head + "  - port: 80\n    targetPort: http\n"
                                        << true << "http";
}

void TestManifest::scalarsAreTypedAsKubectlDoes()
{
    QFETCH(QByteArray, yaml);
    QFETCH(bool, targetPortIsString);
    QFETCH(QString, targetPort);
    const auto report = manifest::decodeText(yaml.toStdString(), "t.yaml");
    QCOMPARE(errorsOf(report), QString());
    QCOMPARE(report.objects.size(), size_t(1));
    const auto &svc = std::get<model::Service>(report.objects[0].object);
    QCOMPARE(svc.spec.ports.at(0).targetPort.isString, targetPortIsString);
    QCOMPARE(QString::fromStdString(svc.spec.ports.at(0).targetPort.toString()), targetPort);
    QCOMPARE(QString::fromStdString(svc.metadata.namespace_), QString("default"));
}

void TestManifest::syntaxErrorsCarryLineAndColumn()
{
    const auto report = manifest::decodeText(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n   bad: [\n", "bad.yaml");
    QVERIFY(report.hasErrors());
    QVERIFY(report.objects.empty());
    const auto &d = report.diagnostics.front();
    QCOMPARE(d.pos.line > 1, true);
    QVERIFY2(QString::fromStdString(d.format()).startsWith("bad.yaml:"), d.format().c_str());
}

void TestManifest::billionLaughsIsRefusedFast()
{
    std::string doc =
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
    char prev = 'a';
    for (char c = 'b'; c <= 'j'; ++c, ++prev) {
        doc += std::string(1, c) + ": &" + c + " [";
        for (int i = 0; i < 9; ++i)
            doc += std::string(i ? "," : "") + "*" + prev;
        doc += "]\n";
    }
    QElapsedTimer timer;
    timer.start();
    const auto report = manifest::decodeText(doc, "lol.yaml");
    QVERIFY(report.hasErrors());
    QVERIFY2(report.diagnostics.front().message.find("alias") != std::string::npos,
             report.diagnostics.front().message.c_str());
}

void TestManifest::deepNestingIsRefused()
{
    const std::string doc = "a: " + std::string(5000, '[') + std::string(5000, ']') + "\n";
    const auto report = manifest::decodeText(doc, "deep.yaml");
    QVERIFY(report.hasErrors());
    QVERIFY(report.diagnostics.front().message.find("nested") != std::string::npos);
}

void TestManifest::unknownFieldsAreWarningsAtTheirKey()
{
    const auto report = manifest::decodeText(
            "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selektor: {app: x}\n"
            "  ports: [{port: 80}]\n",
            "u.yaml");
    QVERIFY(!report.hasErrors());
    QCOMPARE(report.objects.size(), size_t(1));
    QCOMPARE(report.diagnostics.size(), size_t(1));
    QCOMPARE(QString::fromStdString(report.diagnostics[0].format()),
             QString("u.yaml:6:3: warning: unknown field \"spec.selektor\""));
    // The unknown field is kept with the object, so it round-trips.
    const auto &raw = model::rawOf(report.objects[0].object);
    QVERIFY(raw.at("spec").as_object().contains("selektor"));
}

void TestManifest::wrongTypeIsWordedLikeTheApiServer()
{
    const auto report = manifest::decodeText("apiVersion: v1\nkind: Service\nmetadata:\n  name: "
                                             "s\nspec:\n  ports:\n  - port: \"80\"\n",
                                             "w.yaml");
    QVERIFY(report.hasErrors());
    QCOMPARE(QString::fromStdString(report.diagnostics[0].format()),
             QString("w.yaml:7:11: Service in version \"v1\" cannot be handled as a Service: json: "
                     "cannot unmarshal string into Go struct field ServicePort.spec.ports.port of "
                     "type int32"));
}

void TestManifest::unsupportedKindSkipsOnlyThatObject()
{
    const auto report = manifest::decodeText("apiVersion: networking.k8s.io/v1\nkind: Ingress\n"
                                             "metadata: {name: i}\n---\napiVersion: v1\nkind: "
                                             "Namespace\nmetadata: {name: lab}\n",
                                             "i.yaml");
    QVERIFY(!report.hasErrors());
    QCOMPARE(kindsOf(report), QStringList{ "Namespace/lab" });
    QCOMPARE(QString::fromStdString(report.diagnostics.at(0).message),
             QString("kind Ingress (networking.k8s.io/v1) is not supported yet; skipped"));
}

void TestManifest::listWrapperAndJsonAreAccepted()
{
    const auto report = manifest::decodeText(
            R"({"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},"spec":{"containers":[{"name":"c","image":"nginx"}]}}]})",
            "l.json");
    QCOMPARE(errorsOf(report), QString());
    QCOMPARE(kindsOf(report), QStringList{ "Pod/p" });
}

void TestManifest::fuzzRegressionsDecodeCleanly_data()
{
    QTest::addColumn<QString>("path");
    testdata::addFileRows(testdata::dataDir(QStringLiteral("fuzz-regressions")), {});
}

/// Inputs libFuzzer (scripts/fuzz) and review found hard: each must decode and validate
/// without a crash (the ASan/UBSan build runs this too), and every error must point into the
/// input with a line and column.
void TestManifest::fuzzRegressionsDecodeCleanly()
{
    QFETCH(QString, path);
    QVERIFY_DATA_PRESENT(path);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    const auto report =
            manifest::decodeText(std::string_view(bytes.constData(), bytes.size()), "fuzz.yaml");
    for (const auto &object : report.objects)
        (void)manifest::validateDecoded(object);
    const int lines = int(bytes.count('\n')) + 1;
    for (const auto &d : report.diagnostics) {
        QVERIFY2(!d.message.empty(), d.format().c_str());
        QVERIFY2(d.pos.line >= 1 && d.pos.line <= lines && d.pos.column >= 1, d.format().c_str());
    }
}

QTEST_GUILESS_MAIN(TestManifest)
#include "tst_manifest.moc"
