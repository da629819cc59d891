// Server-side dry run (?dryRun=All) through the API's one write path: for every verb, a dry
// run must answer exactly what the real request answers (status code and message), and
// store nothing. Engineers use `kubectl ... --dry-run=server` to learn whether a cluster
// would take a manifest; a dry run that accepts what the real call refuses teaches the
// opposite.
#include "api_json_support.h"
#include "api_test_support.h"

#include <QtTest>

#include <boost/json/parse.hpp>

using namespace clusterlab;
using test::code;
namespace json = boost::json;
namespace http = boost::beast::http;

namespace {

const std::string kServices = "/api/v1/namespaces/default/services";
const std::string kDeployments = "/apis/apps/v1/namespaces/default/deployments";

std::string service(const std::string &name, const std::string &ports)
{
    return R"({"apiVersion":"v1","kind":"Service","metadata":{"name":")" + name
            + R"(","namespace":"default"},"spec":{"selector":{"app":"backend"},"ports":)" + ports
            + "}}";
}

/// Answer is what one request got, and whether the cluster changed.
struct Answer
{
    int code = 0;
    QString message;
    bool changed = false;
};

/// send runs one request, with ?dryRun=All or without, on a fresh cluster holding Service
/// backend (80 -> 80) and Deployment backend (3 replicas).
Answer send(const QString &method, const QString &target, const QString &body,
            const QString &contentType, bool dryRun)
{
    test::JsonLab lab;
    if (!lab.createBackend())
        return { -1, "the set-up failed", false };
    const auto before = lab.cluster.store().resourceVersion();
    std::string path = target.toStdString();
    if (dryRun)
        path += (path.find('?') == std::string::npos ? "?" : "&") + std::string("dryRun=All");
    const auto response = lab.send(http::string_to_verb(method.toStdString()), path,
                                   body.toStdString(), contentType.toStdString());
    Answer answer;
    answer.code = code(response);
    boost::system::error_code ec;
    const json::value parsed = json::parse(response.message.body(), ec);
    if (!ec && parsed.is_object() && parsed.as_object().contains("message"))
        answer.message = test::str(parsed.at("message"));
    answer.changed = lab.cluster.store().resourceVersion() != before;
    return answer;
}

} // namespace

class TestApiDryRun : public QObject
{
    Q_OBJECT

private slots:
    void dryRunAnswersAsTheRealWrite_data();
    void dryRunAnswersAsTheRealWrite();
    void deleteOptionsCarryDryRunAsKubectlSendsIt();
};

void TestApiDryRun::dryRunAnswersAsTheRealWrite_data()
{
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("body");
    QTest::addColumn<QString>("contentType");
    QTest::addColumn<int>("expectedCode");
    QTest::addColumn<QString>("message"); ///< what the message contains ("" for a success)

    const QString json = "application/json";
    const QString merge = "application/merge-patch+json";
    const QString strategic = "application/strategic-merge-patch+json";
    const QString jsonPatch = "application/json-patch+json";
    const QString apply = "application/apply-patch+yaml";
    const QString backend = QString::fromStdString(kServices + "/backend");
    const QString applyTarget = backend + "?fieldManager=kubectl&force=true";
    const QString scale = QString::fromStdString(kDeployments + "/backend/scale");
    auto svc = [](const char *name, const char *ports) {
        return QString::fromStdString(service(name, ports));
    };
    const QString port0 = "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, "
                          "inclusive";

    QTest::addRow("create a valid Service") << "POST" << QString::fromStdString(kServices)
                                            << svc("web", R"([{"port":80}])") << json << 201 << "";
    QTest::addRow("create a Service with port 0")
            << "POST" << QString::fromStdString(kServices) << svc("web", R"([{"port":0}])") << json
            << 422 << port0;
    QTest::addRow("create a Service that exists")
            << "POST" << QString::fromStdString(kServices) << svc("backend", R"([{"port":80}])")
            << json << 409 << "services \"backend\" already exists";
    QTest::addRow("replace a Service with a valid one")
            << "PUT" << backend << svc("backend", R"([{"port":80,"targetPort":8080}])") << json
            << 200 << "";
    QTest::addRow("replace a Service with port 70000")
            << "PUT" << backend << svc("backend", R"([{"port":70000}])") << json << 422
            << "spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive";
    QTest::addRow("replace a Service that does not exist")
            << "PUT" << QString::fromStdString(kServices + "/web") << svc("web", R"([{"port":80}])")
            << json << 404 << "services \"web\" not found";
    QTest::addRow("change a Service's clusterIP")
            << "PUT" << backend
            << QString::fromStdString(R"({"apiVersion":"v1","kind":"Service","metadata":)"
                                      R"({"name":"backend"},"spec":{"clusterIP":"127.96.9.9",)"
                                      R"("selector":{"app":"backend"},"ports":[{"port":80}]}})")
            << json << 422
            << "spec.clusterIPs[0]: Invalid value: []string{\"127.96.9.9\"}: may not change once "
               "set";
    QTest::addRow("merge-patch a Service's port to 0")
            << "PATCH" << backend << R"({"spec":{"ports":[{"port":0}]}})" << merge << 422 << port0;
    QTest::addRow("merge-patch a Service's selector")
            << "PATCH" << backend << R"({"spec":{"selector":{"app":"web"}}})" << merge << 200 << "";
    QTest::addRow("strategic-merge-patch a targetPort to 70000")
            << "PATCH" << backend << R"({"spec":{"ports":[{"port":80,"targetPort":70000}]}})"
            << strategic << 422
            << "spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, "
               "inclusive";
    QTest::addRow("json-patch a Service's port to 0")
            << "PATCH" << backend << R"([{"op":"replace","path":"/spec/ports/0/port","value":0}])"
            << jsonPatch << 422 << port0;
    QTest::addRow("apply a Service with port 0 (server-side)")
            << "PATCH" << applyTarget
            << "apiVersion: v1\nkind: Service\nmetadata:\n  name: backend\nspec:\n"
               "  selector:\n    app: backend\n  ports:\n  - port: 0\n"
            << apply << 422 << "spec.ports[1].port: Invalid value: 0: must be between 1";
    QTest::addRow("apply a new valid Service (server-side)")
            << "PATCH" << QString::fromStdString(kServices + "/web?fieldManager=kubectl")
            << "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n"
               "  selector:\n    app: web\n  ports:\n  - port: 80\n"
            << apply << 201 << "";
    QTest::addRow("scale a Deployment to 5")
            << "PATCH" << scale << R"({"spec":{"replicas":5}})" << merge << 200 << "";
    QTest::addRow("scale a Deployment to -1")
            << "PATCH" << scale << R"({"spec":{"replicas":-1}})" << merge << 422
            << "spec.replicas: Invalid value: -1: must be greater than or equal to 0";
    QTest::addRow("replace the scale of a Deployment")
            << "PUT" << scale
            << R"({"apiVersion":"autoscaling/v1","kind":"Scale","metadata":{"name":"backend"},)"
               R"("spec":{"replicas":1}})"
            << json << 200 << "";
    QTest::addRow("delete a Service") << "DELETE" << backend << "" << json << 200 << "";
    QTest::addRow("delete a Deployment's Pods by label")
            << "DELETE"
            << "/api/v1/namespaces/default/pods?labelSelector=app%3Dbackend"
            << "" << json << 200 << "";
    QTest::addRow("delete a Service that does not exist")
            << "DELETE" << QString::fromStdString(kServices + "/web") << "" << json << 404
            << "services \"web\" not found";
}

void TestApiDryRun::dryRunAnswersAsTheRealWrite()
{
    QFETCH(QString, method);
    QFETCH(QString, target);
    QFETCH(QString, body);
    QFETCH(QString, contentType);
    QFETCH(int, expectedCode);
    QFETCH(QString, message);

    const Answer real = send(method, target, body, contentType, false);
    QCOMPARE(real.code, expectedCode);
    QVERIFY2(real.message.contains(message), qPrintable(real.message));
    QCOMPARE(real.changed, expectedCode < 300);

    const Answer dry = send(method, target, body, contentType, true);
    QCOMPARE(dry.code, real.code);
    QCOMPARE(dry.message, real.message);
    QVERIFY2(!dry.changed, "a dry run stored something");
}

/// kubectl delete --dry-run=server sends dryRun inside the DeleteOptions body, not in the query.
void TestApiDryRun::deleteOptionsCarryDryRunAsKubectlSendsIt()
{
    const QString body = R"({"kind":"DeleteOptions","apiVersion":"v1","dryRun":["All"]})";
    const Answer answer = send("DELETE", QString::fromStdString(kServices + "/backend"), body,
                               "application/json", false);
    QCOMPARE(answer.code, 200);
    QVERIFY2(!answer.changed, "a dry-run delete deleted");
}

QTEST_GUILESS_MAIN(TestApiDryRun)
#include "tst_api_dry_run.moc"
