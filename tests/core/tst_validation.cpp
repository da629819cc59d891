#include "manifest/decode.h"
#include "manifest/validate.h"
#include "manifest/validation_names.h"
#include "test_data.h"

#include <QDir>
#include <QFile>
#include <QtTest>

using namespace clusterlab;

namespace {

QString goldenDir()
{
    return testdata::dataDir(QStringLiteral("manifests"));
}

/// formatLine prints a diagnostic as the golden files hold it: `line:col: severity: field: msg`.
/// Validation messages already start with their field path, so it is not repeated.
QString formatLine(const manifest::Diagnostic &d)
{
    std::string message = d.message;
    if (!d.fieldPath.empty() && message.rfind(d.fieldPath + ": ", 0) != 0)
        message = d.fieldPath + ": " + message;
    return QStringLiteral("%1:%2: %3: %4")
            .arg(d.pos.line)
            .arg(d.pos.column)
            .arg(d.severity == manifest::Severity::Error ? "error" : "warning",
                 QString::fromStdString(message));
}

/// diagnose decodes a manifest and validates every object in it, as `clusterlab apply` would.
QStringList diagnose(const std::string &text, const std::string &source)
{
    const auto report = manifest::decodeText(text, source);
    QStringList lines;
    for (const auto &d : report.diagnostics)
        lines << formatLine(d);
    for (const auto &object : report.objects)
        for (const auto &d : manifest::validateDecoded(object))
            lines << formatLine(d);
    return lines;
}

std::optional<model::Object> decodeOne(const QByteArray &yaml)
{
    const auto report = manifest::decodeText(yaml.toStdString(), "t.yaml");
    if (report.hasErrors() || report.objects.size() != 1)
        return std::nullopt;
    return report.objects.front().object;
}

QString apiMessage(const model::Object &object, const std::vector<manifest::FieldError> &errors)
{
    if (errors.empty())
        return {};
    return QString::fromStdString(manifest::invalidMessage(
            manifest::qualifiedKind(model::kindOf(object)), model::meta(object).name, errors));
}

QStringList readLines(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return { QStringLiteral("<cannot read %1>").arg(path) };
    QStringList lines = QString::fromUtf8(file.readAll()).split('\n');
    while (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines;
}

} // namespace

class TestValidation : public QObject
{
    Q_OBJECT

private slots:
    void goldenManifests_data();
    void goldenManifests();
    void apiMessages_data();
    void apiMessages();
    void updates_data();
    void updates();
    void thirdPartyManifestsAreValid_data();
    void thirdPartyManifestsAreValid();
    void qualifiedKinds_data();
    void qualifiedKinds();
    void regexErrorKeepsTheDoubleSpace();
};

void TestValidation::goldenManifests_data()
{
    QTest::addColumn<QString>("path");
    const QDir dir(goldenDir());
    const QStringList files = dir.entryList({ "*.yaml" }, QDir::Files, QDir::Name);
    if (files.isEmpty())
        QTest::addRow("the golden folder has manifests") << dir.filePath("missing.yaml");
    for (const QString &file : files) {
        QString sentence = QFileInfo(file).completeBaseName();
        sentence.replace('-', ' ').replace('_', ' ');
        QTest::addRow("%s", qPrintable(sentence)) << dir.filePath(file);
    }
}

void TestValidation::goldenManifests()
{
    QFETCH(QString, path);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QStringList actual =
            diagnose(file.readAll().toStdString(), QFileInfo(path).fileName().toStdString());
    QString expectedPath = path;
    expectedPath.replace(QRegularExpression("\\.yaml$"), ".expected");
    if (qEnvironmentVariable("CLUSTERLAB_UPDATE_GOLDEN") == "1") {
        QFile out(expectedPath);
        QVERIFY(out.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text));
        out.write((actual.join('\n') + (actual.isEmpty() ? "" : "\n")).toUtf8());
    }
    QCOMPARE(actual, readLines(expectedPath));
}

void TestValidation::apiMessages_data()
{
    QTest::addColumn<QByteArray>("yaml");
    QTest::addColumn<QString>("message");
    const QByteArray svc = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n"
                           "  selector: {app: web}\n  ports:\n";
    QTest::addRow("a port without number or targetPort gives two errors in brackets")
            << svc + "  - protocol: TCP\n"
            << "Service \"web\" is invalid: [spec.ports[0].port: Invalid value: 0: must be between "
               "1 and 65535, inclusive, spec.ports[0].targetPort: Invalid value: 0: must be "
               "between 1 and 65535, inclusive]";
    QTest::addRow("a single error has no brackets")
            << svc + "  - port: 0\n    targetPort: 8080\n"
            << "Service \"web\" is invalid: spec.ports[0].port: Invalid value: 0: must be between "
               "1 and 65535, inclusive";
    QTest::addRow("a repeated port and name give both duplicates")
            << QByteArray("apiVersion: v1\nkind: Service\nmetadata: {name: two-ports}\nspec:\n"
                          "  ports:\n  - {name: \"443\", port: 443}\n  - {name: \"80\", port: 80}\n"
                          "  - {name: \"443\", port: 443}\n")
            << "Service \"two-ports\" is invalid: [spec.ports[2].name: Duplicate value: \"443\", "
               "spec.ports[2]: Duplicate value: core.ServicePort{Name:\"\", Protocol:\"TCP\", "
               "AppProtocol:(*string)(nil), Port:443, TargetPort:intstr.IntOrString{Type:0, "
               "IntVal:0, StrVal:\"\"}, NodePort:0}]";
    QTest::addRow("a deployment without selector gives two errors")
            << QByteArray("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: nginx}\nspec:\n"
                          "  template:\n    metadata: {labels: {run: app}}\n    spec:\n"
                          "      containers: [{name: nginx, image: nginx}]\n")
            << "Deployment.apps \"nginx\" is invalid: [spec.selector: Required value, "
               "spec.template.metadata.labels: Invalid value: map[string]string{\"run\":\"app\"}: "
               "`selector` does not match template `labels`]";
    QTest::addRow("an endpoint slice is named with its group")
            << QByteArray("apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\n"
                          "metadata: {name: Web_1}\naddressType: IPv4\n")
            << "EndpointSlice.discovery.k8s.io \"Web_1\" is invalid: metadata.name: Invalid value: "
               "\"Web_1\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
               "characters, '-' or '.', and must start and end with an alphanumeric character "
               "(e.g. 'example.com', regex used for validation is "
               "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    QTest::addRow("a valid service gives no message") << svc + "  - port: 80\n" << QString();
}

void TestValidation::apiMessages()
{
    QFETCH(QByteArray, yaml);
    QFETCH(QString, message);
    const auto object = decodeOne(yaml);
    QVERIFY(object);
    QCOMPARE(apiMessage(*object, manifest::validate(*object)), message);
}

void TestValidation::updates_data()
{
    QTest::addColumn<QByteArray>("previous");
    QTest::addColumn<QByteArray>("current");
    QTest::addColumn<QString>("message");
    auto deployment = [](const char *app, int replicas) {
        return QByteArray("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n")
                + "  replicas: " + QByteArray::number(replicas) + "\n  selector:\n"
                + "    matchLabels: {app: " + app + "}\n  template:\n    metadata:\n"
                + "      labels: {app: " + app + "}\n    spec:\n"
                + "      containers: [{name: web, image: nginx}]\n";
    };
    auto service = [](const char *clusterIP) {
        QByteArray out = "apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n"
                         "  selector: {app: web}\n  ports: [{port: 80}]\n";
        if (*clusterIP)
            out += QByteArray("  clusterIP: ") + clusterIP + "\n";
        return out;
    };
    auto statefulSet = [](const char *serviceName) {
        return QByteArray("apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: web}\nspec:\n")
                + "  serviceName: " + serviceName + "\n  selector: {matchLabels: {app: web}}\n"
                + "  template:\n    metadata: {labels: {app: web}}\n"
                + "    spec: {containers: [{name: web, image: nginx}]}\n";
    };
    QTest::addRow("scaling a deployment is allowed")
            << deployment("web", 1) << deployment("web", 3) << QString();
    QTest::addRow("changing a deployment selector is refused")
            << deployment("web", 1) << deployment("api", 1)
            << "Deployment.apps \"web\" is invalid: spec.selector: Invalid value: "
               "v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"api\"}, "
               "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable";
    QTest::addRow("leaving clusterIP out keeps the allocated address")
            << service("10.96.0.10") << service("") << QString();
    QTest::addRow("changing clusterIP is refused")
            << service("10.96.0.10") << service("10.96.0.11")
            << "Service \"web\" is invalid: spec.clusterIPs[0]: Invalid value: "
               "[]string{\"10.96.0.11\"}: may not change once set";
    QTest::addRow("changing a statefulset serviceName is forbidden")
            << statefulSet("web") << statefulSet("other")
            << "StatefulSet.apps \"web\" is invalid: spec: Forbidden: updates to statefulset spec "
               "for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', "
               "'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
}

void TestValidation::updates()
{
    QFETCH(QByteArray, previous);
    QFETCH(QByteArray, current);
    QFETCH(QString, message);
    const auto before = decodeOne(previous);
    const auto after = decodeOne(current);
    QVERIFY(before && after);
    QCOMPARE(apiMessage(*after, manifest::validateUpdate(*before, *after)), message);
}

void TestValidation::thirdPartyManifestsAreValid_data()
{
    QTest::addColumn<QString>("path");
    testdata::addFileRows(testdata::dataDir(QStringLiteral("manifests/third-party")),
                          { "*.yaml", "*.yml", "*.json" }, " validates");
}

void TestValidation::thirdPartyManifestsAreValid()
{
    QFETCH(QString, path);
    QVERIFY_DATA_PRESENT(path);
    const auto report = manifest::decodePath(path.toStdString());
    QStringList errors;
    for (const auto &d : report.diagnostics)
        if (d.severity == manifest::Severity::Error)
            errors << formatLine(d);
    for (const auto &object : report.objects)
        for (const auto &d : manifest::validateDecoded(object))
            errors << formatLine(d);
    QVERIFY(!report.objects.empty());
    QCOMPARE(errors, QStringList());
}

void TestValidation::qualifiedKinds_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("qualified");
    QTest::addRow("core kinds have no group") << "Service"
                                              << "Service";
    QTest::addRow("apps kinds carry apps") << "Deployment"
                                           << "Deployment.apps";
    QTest::addRow("discovery kinds carry the full group") << "EndpointSlice"
                                                          << "EndpointSlice.discovery.k8s.io";
    QTest::addRow("unknown kinds are left alone") << "Widget"
                                                  << "Widget";
}

void TestValidation::qualifiedKinds()
{
    QFETCH(QString, kind);
    QFETCH(QString, qualified);
    QCOMPARE(QString::fromStdString(manifest::qualifiedKind(kind.toStdString())), qualified);
}

void TestValidation::regexErrorKeepsTheDoubleSpace()
{
    const auto errs = manifest::isDNS1035Label("my_svc");
    QCOMPARE(errs.size(), size_t(1));
    QVERIFY2(errs[0].find("(e.g. 'my-name',  or 'abc-123', regex") != std::string::npos,
             errs[0].c_str());
}

QTEST_GUILESS_MAIN(TestValidation)
#include "tst_validation.moc"
