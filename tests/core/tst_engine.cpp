// The whole engine with its real data plane, driven as a user drives it: manifests in,
// then the real curl, dig, redis-cli and mariadb against the ClusterIPs it hands out.
#include "dataplane.h"
#include "engine.h"

#include <QProcess>
#include <QRegularExpression>
#include <QtTest>

#include <chrono>
#include <map>
#include <thread>

using namespace clusterlab;
using namespace std::chrono_literals;

namespace {

const char *kDemoPath = CLUSTERLAB_SOURCE_DIR "/resources/demo/three-tier.yaml";

struct Client
{
    int exitCode = -1;
    QString out;
    QString err;
};

Client runClient(const QString &program, const QStringList &arguments, int timeoutMs = 10000)
{
    QProcess process;
    process.start(program, arguments);
    Client result;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.err = QStringLiteral("timed out");
        return result;
    }
    result.exitCode = process.exitCode();
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

/// Lab is one running engine on the demo (or given text), with helpers to look at it.
class Lab
{
public:
    explicit Lab(std::uint64_t seed = 1, const std::string &text = {}) : engine(makeOptions(seed))
    {
        engine.start();
        auto report = text.empty() ? manifest::decodePath(kDemoPath)
                                   : manifest::decodeText(text, "test.yaml");
        result = engine.apply(std::move(report.objects), cluster::ApplyMode::Apply).get();
    }

    static EngineOptions makeOptions(std::uint64_t seed)
    {
        EngineOptions options;
        options.seed = seed;
        options.pace = 0;
        options.usersRate = 0;
        return options;
    }

    std::shared_ptr<const model::Service> service(const std::string &name)
    {
        return engine
                .call([name](cluster::Cluster &c) {
                    return c.store().getAs<model::Service>("default", name);
                })
                .get();
    }

    /// readyEndpoints counts the ready addresses the data plane would forward to.
    int readyEndpoints(const std::string &name)
    {
        return engine
                .call([name](cluster::Cluster &c) {
                    int ready = 0;
                    for (const auto &slice : c.store().listOf<model::EndpointSlice>("default")) {
                        auto owner = slice->metadata.labels.find("kubernetes.io/service-name");
                        if (owner != slice->metadata.labels.end() && owner->second == name)
                            for (const auto &ep : slice->endpoints)
                                ready += ep.conditions.ready;
                    }
                    return ready;
                })
                .get();
    }

    std::vector<std::string> podNames(const std::string &app)
    {
        return engine
                .call([app](cluster::Cluster &c) {
                    std::vector<std::string> names;
                    for (const auto &pod : c.store().select("Pod", "default", { { "app", app } }))
                        if (!model::isPodTerminating(std::get<model::Pod>(*pod)))
                            names.push_back(model::meta(*pod).name);
                    return names;
                })
                .get();
    }

    QString url(const std::string &name, const std::string &path = "/")
    {
        const auto svc = service(name);
        const int port = int(svc->spec.ports.front().port);
        const int bound =
                engine.dataPlane()->forwarder().boundPort(svc->spec.clusterIP, port).value_or(port);
        return QString::fromStdString("http://" + svc->spec.clusterIP + ":" + std::to_string(bound)
                                      + path);
    }

    /// settle waits until the data plane has applied the latest store state.
    void settle()
    {
        engine.call([](cluster::Cluster &c) {
                  c.settle();
              }).get();
        engine.call([](cluster::Cluster &) {}).get();
    }

    Engine engine;
    cluster::ApplyResult result;
};

QString hostname(const QString &url)
{
    const Client c = runClient("curl", { "-s", "-m", "5", url });
    return c.exitCode == 0 ? c.out.trimmed()
                           : QStringLiteral("curl failed (%1): %2").arg(c.exitCode).arg(c.err);
}

} // namespace

class TestEngine : public QObject
{
    Q_OBJECT

private slots:
    void demoAppliesAndServesEveryTier();
    void randomSpreadsOverEveryBackend();
    void roundRobinRotatesExactly();
    void clientIPAffinityKeepsOnePod();
    void scaleToZeroRefusesAtOnce();
    void deletingAPodWhileAClientLoopsLosesNoConnection();
    void redisCliThroughTheClusterIP();
    void mariadbThroughTheClusterIP();
    void digAnswersEachRecordKind_data();
    void digAnswersEachRecordKind();
    void frontendRequestShowsTheWholeChain();
    void usersGeneratorSendsToEntryServicesOnly();
};

void TestEngine::demoAppliesAndServesEveryTier()
{
    Lab lab;
    QVERIFY(lab.result.ok);
    lab.settle();
    for (const char *name : { "frontend", "backend", "redis", "mysql" }) {
        const auto svc = lab.service(name);
        QVERIFY(svc);
        QVERIFY2(QString::fromStdString(svc->spec.clusterIP).startsWith("127."), name);
    }
    QTRY_COMPARE_WITH_TIMEOUT(lab.readyEndpoints("backend"), 3, 5000);
}

void TestEngine::randomSpreadsOverEveryBackend()
{
    Lab lab(3);
    lab.settle();
    const QString url = lab.url("backend", "/hostname");
    std::map<QString, int> answers;
    const int requests = 90;
    for (int i = 0; i < requests; ++i)
        ++answers[hostname(url)];
    QCOMPARE(int(answers.size()), 3);
    // Random choice: each of 3 Pods gets 30 on average; fewer than 10 would be a 1-in-10^5 event.
    for (const auto &[pod, count] : answers) {
        QVERIFY2(pod.startsWith("backend-"), qPrintable(pod));
        QVERIFY2(
                count >= 10,
                qPrintable(QString("%1 answered only %2 of %3").arg(pod).arg(count).arg(requests)));
    }
}

void TestEngine::roundRobinRotatesExactly()
{
    Lab lab;
    lab.settle();
    lab.engine.setBalanceMode(net::BalanceMode::RoundRobin);
    const QString url = lab.url("backend", "/hostname");
    QStringList first;
    for (int i = 0; i < 3; ++i)
        first << hostname(url);
    QCOMPARE(QSet<QString>(first.begin(), first.end()).size(), 3);
    for (int round = 0; round < 3; ++round)
        for (int i = 0; i < 3; ++i)
            QCOMPARE(hostname(url), first.at(i));
}

void TestEngine::clientIPAffinityKeepsOnePod()
{
    Lab lab;
    lab.settle();
    lab.engine
            .call([](cluster::Cluster &c) {
                auto svc = *c.store().getAs<model::Service>("default", "backend");
                svc.spec.sessionAffinity = "ClientIP";
                svc.spec.sessionAffinityTimeoutSeconds = 10800;
                svc.metadata.resourceVersion = 0;
                return c.update(svc).has_value();
            })
            .get();
    lab.settle();
    const QString url = lab.url("backend", "/hostname");
    const QString first = hostname(url);
    QVERIFY(first.startsWith("backend-"));
    for (int i = 0; i < 14; ++i)
        QCOMPARE(hostname(url), first);
}

void TestEngine::scaleToZeroRefusesAtOnce()
{
    Lab lab;
    lab.settle();
    const QString url = lab.url("backend", "/hostname");
    QVERIFY(hostname(url).startsWith("backend-"));
    QVERIFY(lab.engine
                    .call([](cluster::Cluster &c) {
                        return c.scale("Deployment", "default", "backend", 0).has_value();
                    })
                    .get());
    lab.settle();
    QTRY_COMPARE_WITH_TIMEOUT(lab.readyEndpoints("backend"), 0, 5000);
    QElapsedTimer timer;
    timer.start();
    const Client c = runClient("curl", { "-s", "-m", "5", url });
    QCOMPARE(c.exitCode, 7); // curl: couldn't connect (ECONNREFUSED), not a timeout (28)
    QVERIFY2(timer.elapsed() < 4000, "refused at once, not after a timeout");
}

void TestEngine::deletingAPodWhileAClientLoopsLosesNoConnection()
{
    Lab lab;
    lab.settle();
    const QString url = lab.url("backend", "/hostname");
    // A client loops in the background while a backend Pod is deleted and replaced.
    QProcess loop;
    loop.start("bash",
               { "-c",
                 QStringLiteral("fails=0; for i in $(seq 1 60); do curl -s -m 5 -o /dev/null %1 || "
                                "fails=$((fails+1)); done; echo fails=$fails")
                         .arg(url) });
    QVERIFY(loop.waitForStarted());
    std::this_thread::sleep_for(100ms);
    const auto before = lab.podNames("backend");
    QCOMPARE(int(before.size()), 3);
    QVERIFY(lab.engine
                    .call([victim = before.front()](cluster::Cluster &c) {
                        return c.remove("Pod", "default", victim).has_value();
                    })
                    .get());
    lab.settle();
    QVERIFY(loop.waitForFinished(60000));
    QCOMPARE(QString::fromUtf8(loop.readAllStandardOutput()).trimmed(), QString("fails=0"));
    const auto after = lab.podNames("backend");
    QCOMPARE(int(after.size()), 3);
    QVERIFY(std::find(after.begin(), after.end(), before.front()) == after.end());
}

void TestEngine::redisCliThroughTheClusterIP()
{
    Lab lab;
    lab.settle();
    const auto svc = lab.service("redis");
    const QString ip = QString::fromStdString(svc->spec.clusterIP);
    const QString port = QString::number(lab.engine.dataPlane()
                                                 ->forwarder()
                                                 .boundPort(svc->spec.clusterIP, 6379)
                                                 .value_or(6379));
    QCOMPARE(runClient("redis-cli", { "-h", ip, "-p", port, "PING" }).out.trimmed(),
             QString("PONG"));
    QCOMPARE(runClient("redis-cli", { "-h", ip, "-p", port, "SET", "lesson", "services" })
                     .out.trimmed(),
             QString("OK"));
    QCOMPARE(runClient("redis-cli", { "-h", ip, "-p", port, "GET", "lesson" }).out.trimmed(),
             QString("services"));
}

void TestEngine::mariadbThroughTheClusterIP()
{
    Lab lab;
    lab.settle();
    const auto svc = lab.service("mysql");
    const QString port = QString::number(lab.engine.dataPlane()
                                                 ->forwarder()
                                                 .boundPort(svc->spec.clusterIP, 3306)
                                                 .value_or(3306));
    const Client c = runClient("mariadb",
                               { "-h", QString::fromStdString(svc->spec.clusterIP), "-P", port,
                                 "-u", "root", "--skip-ssl", "-N", "-e", "SELECT @@hostname" });
    QVERIFY2(c.exitCode == 0, qPrintable(c.err));
    QVERIFY2(c.out.trimmed().startsWith("mysql-"), qPrintable(c.out));
    QCOMPARE(c.out.trimmed(), QString::fromStdString(lab.podNames("mysql").front()));
}

void TestEngine::digAnswersEachRecordKind_data()
{
    QTest::addColumn<QStringList>("query");
    QTest::addColumn<QString>("expected"); ///< a regular expression over +short output
    QTest::addRow("the full name gives the ClusterIP")
            << QStringList{ "backend.default.svc.cluster.local" } << "^127\\.\\d+\\.\\d+\\.\\d+$";
    QTest::addRow("svc.ns gives the ClusterIP")
            << QStringList{ "backend.default" } << "^127\\.\\d+\\.\\d+\\.\\d+$";
    QTest::addRow("a bare name resolves in default")
            << QStringList{ "redis" } << "^127\\.\\d+\\.\\d+\\.\\d+$";
    QTest::addRow("a headless Service gives its ready Pod IPs")
            << QStringList{ "db.default.svc.cluster.local" }
            << "^127\\.244\\.\\d+\\.\\d+\\n127\\.244\\.\\d+\\.\\d+$";
    QTest::addRow("a StatefulSet Pod has its own name")
            << QStringList{ "db-0.db.default.svc.cluster.local" } << "^127\\.244\\.\\d+\\.\\d+$";
    QTest::addRow("a named port has an SRV record")
            << QStringList{ "SRV", "_sql._tcp.db.default.svc.cluster.local" } << "^\\d+ \\d+ 3306 ";
}

void TestEngine::digAnswersEachRecordKind()
{
    QFETCH(QStringList, query);
    QFETCH(QString, expected);
    std::string text;
    {
        QFile demo(kDemoPath);
        QVERIFY(demo.open(QIODevice::ReadOnly));
        text = demo.readAll().toStdString();
    }
    text += "---\napiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec:\n  clusterIP: None\n"
            "  selector: {app: db}\n  ports: [{name: sql, port: 3306}]\n"
            "---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n"
            "  serviceName: db\n  replicas: 2\n  selector: {matchLabels: {app: db}}\n  template:\n"
            "    metadata: {labels: {app: db}}\n    spec:\n      containers: [{name: db, image: "
            "mysql:8.0, ports: [{containerPort: 3306, name: sql}]}]\n";
    Lab lab(1, text);
    QVERIFY(lab.result.ok);
    lab.settle();
    QTRY_COMPARE_WITH_TIMEOUT(lab.readyEndpoints("db"), 2, 5000);
    const QString port = QString::number(lab.engine.dataPlane()->dnsPort());
    QStringList args{ "@127.96.0.10", "-p", port, "+short", "+time=2", "+tries=1" };
    const Client c = runClient("dig", args + query);
    QCOMPARE(c.exitCode, 0);
    QVERIFY2(QRegularExpression(expected).match(c.out.trimmed()).hasMatch(), qPrintable(c.out));
    const Client nx = runClient("dig",
                                { "@127.96.0.10", "-p", port, "+time=2", "+tries=1",
                                  "nothing.default.svc.cluster.local" });
    QVERIFY(nx.out.contains("status: NXDOMAIN"));
    const Client refused =
            runClient("dig", { "@127.96.0.10", "-p", port, "+time=2", "+tries=1", "example.com" });
    QVERIFY(refused.out.contains("status: REFUSED"));
}

void TestEngine::frontendRequestShowsTheWholeChain()
{
    Lab lab;
    lab.settle();
    const Client c = runClient("curl", { "-s", "-m", "10", lab.url("frontend") });
    QCOMPARE(c.exitCode, 0);
    QVERIFY2(QRegularExpression("^frontend-\\S+ \\(127\\.244\\.\\d+\\.\\d+ on node-\\d\\): GET /")
                     .match(c.out)
                     .hasMatch(),
             qPrintable(c.out));
    QVERIFY2(c.out.contains("-> http://backend:80/ via ") && c.out.contains("-> backend-"),
             qPrintable(c.out));
    QVERIFY2(c.out.contains("-> redis://redis:6379 via ") && c.out.contains("-> redis-"),
             qPrintable(c.out));
    QVERIFY2(c.out.contains("-> mysql://mysql:3306 via ") && c.out.contains("-> mysql-"),
             qPrintable(c.out));
}

void TestEngine::usersGeneratorSendsToEntryServicesOnly()
{
    Lab lab;
    lab.settle();
    lab.engine.setUsersRate(50);
    auto hostConnections = [&](const std::string &service) {
        std::uint64_t total = 0;
        for (const auto &[key, counts] : lab.engine.flowCounts())
            if (key.serviceName == service)
                total += counts.total();
        return total;
    };
    QTRY_VERIFY_WITH_TIMEOUT(hostConnections("frontend") >= 20, 10000);
    lab.engine.setUsersRate(0);
    // Every frontend request cascades to the backend, so backend traffic comes from Pods.
    QVERIFY(hostConnections("backend") > 0);
    QVERIFY(lab.engine.dataPlane()->users().stats().sent >= 20);
}

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"
