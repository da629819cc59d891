// The one command interface (api::Commands) the canvas, the editor and lessons change the
// cluster through: the API's own write path, so the same checks and messages as kubectl's
// requests, and managedFields naming the manager that made each change.
#include "api/commands.h"
#include "api_json_support.h"
#include "api_test_support.h"
#include "manifest/decode.h"

#include <QtTest>

using namespace clusterlab;
using test::code;
namespace json = boost::json;
namespace http = boost::beast::http;

namespace {

const std::string kServices = "/api/v1/namespaces/default/services";

/// CommandLab is a cluster holding Service backend and Deployment backend (3 replicas),
/// created by "kubectl" through the API, with the API state the commands share.
struct CommandLab
{
    CommandLab() { ok = api.createBackend(); }

    /// run runs work with Commands for manager on the strand, as Engine::change does.
    template <class F>
    auto run(const std::string &manager, F work)
    {
        return api.view.call([&](cluster::Cluster &c, api::ApiState &state) {
            api::Commands commands(c, state, manager);
            return work(commands);
        });
    }

    std::set<std::string> managersOf(const std::string &kind, const std::string &field)
    {
        return api.view.call([&](cluster::Cluster &c, api::ApiState &state) {
            const auto object = c.store().get(kind, "default", "backend");
            return object ? state.managers.managersOf(model::meta(*object).uid, field)
                          : std::set<std::string>();
        });
    }

    std::int64_t replicas()
    {
        const auto d = api.cluster.store().getAs<model::Deployment>("default", "backend");
        return d ? d->spec.replicas : -1;
    }

    test::JsonLab api;
    bool ok = false;
};

QString messageOf(const api::ApiResponse &response)
{
    const json::value parsed = json::parse(response.message.body());
    return test::str(parsed.at("message"));
}

} // namespace

class TestApiCommands : public QObject
{
    Q_OBJECT
private slots:
    void scaleByAddsToWhatTheClusterHolds();
    void changesNameTheirManager();
    void invalidEditIsRefusedAsTheApiRefusesIt();
    void editKeepsTheObjectsOtherFields();
    void applyRecordsTheEditor();
};

void TestApiCommands::scaleByAddsToWhatTheClusterHolds()
{
    CommandLab lab;
    QVERIFY(lab.ok);
    QCOMPARE(lab.replicas(), 3);
    // Two presses of + before either change is shown: each adds to what the cluster holds.
    QVERIFY(lab.run("clusterlab-canvas", [](api::Commands &c) {
        return bool(c.scaleBy("Deployment", "default", "backend", 1));
    }));
    QVERIFY(lab.run("clusterlab-canvas", [](api::Commands &c) {
        return bool(c.scaleBy("Deployment", "default", "backend", 1));
    }));
    QCOMPARE(lab.replicas(), 5);
    // Never below zero.
    QVERIFY(lab.run("clusterlab-canvas", [](api::Commands &c) {
        return bool(c.scaleBy("Deployment", "default", "backend", -9));
    }));
    QCOMPARE(lab.replicas(), 0);
    const auto missing = lab.run("clusterlab-canvas", [](api::Commands &c) {
        return c.scaleBy("Deployment", "default", "nothing", 1);
    });
    QVERIFY(!missing);
    QCOMPARE(missing.error().message, std::string("deployments.apps \"nothing\" not found"));
}

void TestApiCommands::changesNameTheirManager()
{
    CommandLab lab;
    QVERIFY(lab.ok);
    QCOMPARE(lab.managersOf("Deployment", ".spec.replicas"),
             std::set<std::string>{ "kubectl|Update" });
    QVERIFY(lab.run("clusterlab-canvas", [](api::Commands &c) {
        return bool(c.scale("Deployment", "default", "backend", 4));
    }));
    QCOMPARE(lab.managersOf("Deployment", ".spec.replicas"),
             std::set<std::string>{ "clusterlab-canvas|Update" });
    QVERIFY(lab.run("clusterlab-lesson", [](api::Commands &c) {
        return bool(c.edit("Service", "default", "backend", [](json::object &svc) {
            svc["spec"].as_object()["sessionAffinity"] = "ClientIP";
        }));
    }));
    QCOMPARE(lab.managersOf("Service", ".spec.sessionAffinity"),
             std::set<std::string>{ "clusterlab-lesson|Update" });
    // The API's defaults apply to a command's write as to kubectl's.
    const auto svc = lab.api.cluster.store().getAs<model::Service>("default", "backend");
    QVERIFY(svc);
    QCOMPARE(svc->spec.sessionAffinity, std::string("ClientIP"));
    QCOMPARE(svc->spec.sessionAffinityTimeoutSeconds.value_or(0), 10800);
}

void TestApiCommands::invalidEditIsRefusedAsTheApiRefusesIt()
{
    CommandLab lab;
    QVERIFY(lab.ok);
    // What kubectl's PUT of the same change answers.
    json::object body =
            lab.api.sendJson(http::verb::get, kServices + "/backend", {}, "application/json");
    body["spec"].as_object()["ports"].as_array()[0].as_object()["port"] = 70000;
    const auto put = lab.api.send(http::verb::put, kServices + "/backend", json::serialize(body));
    QCOMPARE(code(put), 422);
    const auto before = lab.api.cluster.store().resourceVersion();
    const auto refused = lab.run("clusterlab-canvas", [](api::Commands &c) {
        return c.edit("Service", "default", "backend", [](json::object &svc) {
            svc["spec"].as_object()["ports"].as_array()[0].as_object()["port"] = 70000;
        });
    });
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, cluster::Error::Code::Invalid);
    QCOMPARE(QString::fromStdString(refused.error().message), messageOf(put));
    QCOMPARE(lab.api.cluster.store().resourceVersion(), before);
}

void TestApiCommands::editKeepsTheObjectsOtherFields()
{
    CommandLab lab;
    QVERIFY(lab.ok);
    const auto before = lab.api.cluster.store().getAs<model::Service>("default", "backend");
    QVERIFY(lab.run("clusterlab-canvas", [](api::Commands &c) {
        return bool(c.edit("Service", "default", "backend", [](json::object &svc) {
            svc["spec"].as_object()["selector"] = json::object{ { "app", "frontend" } };
        }));
    }));
    const auto after = lab.api.cluster.store().getAs<model::Service>("default", "backend");
    QVERIFY(after->spec.selector);
    QCOMPARE(after->spec.selector->at("app"), std::string("frontend"));
    QCOMPARE(after->spec.clusterIP, before->spec.clusterIP);
    QCOMPARE(after->spec.ports.size(), before->spec.ports.size());
    QCOMPARE(after->metadata.uid, before->metadata.uid);
}

void TestApiCommands::applyRecordsTheEditor()
{
    CommandLab lab;
    QVERIFY(lab.ok);
    auto report = manifest::decodeText(R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: backend
spec:
  replicas: 2
  selector:
    matchLabels: {app: backend}
  template:
    metadata:
      labels: {app: backend}
    spec:
      containers:
      - name: web
        image: nginx:1.25
        ports:
        - containerPort: 80
)",
                                       "backend.yaml");
    QCOMPARE(report.objects.size(), std::size_t(1));
    const auto result = lab.run("clusterlab-editor", [&](api::Commands &c) {
        return c.apply(report.objects, cluster::ApplyMode::Apply);
    });
    QVERIFY(result.ok);
    QCOMPARE(lab.replicas(), 2);
    QCOMPARE(lab.managersOf("Deployment", ".spec.replicas"),
             std::set<std::string>{ "clusterlab-editor|Update" });
}

QTEST_GUILESS_MAIN(TestApiCommands)
#include "tst_api_commands.moc"
