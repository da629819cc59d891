// The API server's front door, as a pure function of (request, engine view): discovery as
// each kubectl version asks for it, and the bearer token every other request needs.
#include "api/routes.h"
#include "api_json_support.h"

#include <QtTest>

#include <boost/beast/http/field.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

using namespace clusterlab;
using test::code;
using test::str;
namespace json = boost::json;
namespace http = boost::beast::http;

class TestApiDiscovery : public QObject
{
    Q_OBJECT

private slots:
    void discoveryAnswersEachClient_data();
    void discoveryAnswersEachClient();
    void requestsNeedTheBearerToken();
};

void TestApiDiscovery::discoveryAnswersEachClient_data()
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

void TestApiDiscovery::discoveryAnswersEachClient()
{
    QFETCH(QString, path);
    QFETCH(QString, accept);
    QFETCH(QString, contentType);
    QFETCH(QString, contains);
    test::JsonLab lab;
    const auto r = lab.send(http::verb::get, path.toStdString(), {}, {}, accept.toStdString());
    QCOMPARE(code(r), 200);
    QCOMPARE(QString::fromStdString(std::string(r.message[http::field::content_type])),
             contentType);
    QVERIFY2(QString::fromStdString(r.message.body()).contains(contains),
             r.message.body().substr(0, 400).c_str());
}

void TestApiDiscovery::requestsNeedTheBearerToken()
{
    test::JsonLab lab;
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
    // From the user's own processes (kubectl proxy drops the token's path) no token is needed,
    // unless the request may come from a web page: an Origin, or a Host that is not loopback.
    const std::function<bool()> ownUser = [] {
        return true;
    };
    const auto local = [&lab, &ownUser](const std::string &host, const std::string &origin) {
        api::Request request(http::verb::get, "/api/v1/services", 11);
        request.set(http::field::host, host);
        if (!origin.empty())
            request.set(http::field::origin, origin);
        return code(api::handleRequest(request, lab.view, ownUser));
    };
    QCOMPARE(local("127.0.0.1:6443", ""), 200);
    QCOMPARE(local("localhost:6443", ""), 200);
    QCOMPARE(local("127.0.0.1:6443", "http://attacker.example"), 401);
    QCOMPARE(local("rebound.attacker.example:6443", ""), 401);
    QCOMPARE(local("127.attacker.example:6443", ""), 401);
    QCOMPARE(local("127.0.0.1.nip.io:6443", ""), 401);
    QCOMPARE(local("[::1]:6443", ""), 200);
    api::Request fetched(http::verb::get, "/api/v1/services", 11); // an <img> on a page
    fetched.set(http::field::host, "127.0.0.1:6443");
    fetched.set("Sec-Fetch-Mode", "no-cors");
    QCOMPARE(code(api::handleRequest(fetched, lab.view, ownUser)), 401);
    api::Request wrong(http::verb::get, "/api/v1/services", 11);
    wrong.set(http::field::host, "127.0.0.1:6443");
    wrong.set(http::field::authorization, "Bearer wrong");
    QCOMPARE(code(api::handleRequest(wrong, lab.view, ownUser)), 401);
    // Whose process the client is, is asked only of a request without a token.
    bool asked = false;
    const std::function<bool()> noted = [&asked] {
        return asked = true;
    };
    api::Request carrying(http::verb::get, "/clusterlab/test-token/api/v1/services", 11);
    carrying.set(http::field::host, "127.0.0.1:6443");
    QCOMPARE(code(api::handleRequest(carrying, lab.view, noted)), 200);
    QVERIFY(!asked);
}

QTEST_GUILESS_MAIN(TestApiDiscovery)
#include "tst_api_discovery.moc"
