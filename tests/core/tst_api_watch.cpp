// Watches through the API routes: a watch starts from the resourceVersion of the list before
// it, sees later writes as they happen, and one from before the history is expired.
#include "api/encode.h"
#include "api/routes.h"
#include "api_json_support.h"
#include "cluster/cluster.h"

#include <QtTest>

#include <boost/beast/http/field.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

using namespace clusterlab;
using test::at;
using test::code;
using test::kBackendDeployment;
using test::kBackendService;
using test::kTableAccept;
using test::str;
namespace json = boost::json;
namespace http = boost::beast::http;

class TestApiWatch : public QObject
{
    Q_OBJECT

private slots:
    void watchStartsFromTheListResourceVersion();
    void watchTooOldIsExpired();
};

void TestApiWatch::watchStartsFromTheListResourceVersion()
{
    test::JsonLab lab;
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

void TestApiWatch::watchTooOldIsExpired()
{
    test::JsonLab lab;
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

QTEST_GUILESS_MAIN(TestApiWatch)
#include "tst_api_watch.moc"
