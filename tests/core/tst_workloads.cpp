#include "net/call.h"
#include "net/http_client.h"
#include "net/mysql_client.h"
#include "net/pod_server.h"
#include "net/resp_client.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QtTest>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/asio/write.hpp>

#include <future>
#include <map>
#include <thread>

using namespace clusterlab;
using namespace std::chrono_literals;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

struct ProcessResult
{
    int exitCode = -1;
    QString out;
    QString err;
};

ProcessResult run(const QString &program, const QStringList &args, int timeoutMs = 10000)
{
    QProcess process;
    process.start(program, args);
    ProcessResult result;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(1000);
        result.err = program + " did not finish in time";
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

tcp::endpoint endpoint(const char *ip, unsigned short port)
{
    return { asio::ip::make_address(ip), port };
}

const QString kFrontend = "frontend-7d4b9c-x2x1q";
const QString kBackend = "backend-5f6-abcde";

using net::PodServer;

} // namespace

class TestWorkloads : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void workloadFor_data();
    void workloadFor();
    void callsOf_data();
    void callsOf();

    void curlAnswers_data();
    void curlAnswers();
    void jsonAnswerNestsTheChainAndShowsTheCallingPod();
    void keepAliveServesRequestsOnOneConnection();
    void hopLimitStopsACallLoop();
    void deadDownstreamTimesOutInsteadOfHanging();

    void redisCli_data();
    void redisCli();
    void redisKeysArePerPod();

    void mariadb_data();
    void mariadb();
    void ownClientsTalkToPods();

    void sniffing_data();
    void sniffing();

    void openReportsPortsItCannotListenOn();
    void closeRefusesNewConnectionsAndEndsIdleOnes();

private:
    template <typename T>
    T await(asio::awaitable<T> task)
    {
        auto future = asio::co_spawn(m_ioc, std::move(task), asio::use_future);
        if (future.wait_for(10s) != std::future_status::ready)
            qFatal("a coroutine did not finish within 10 s");
        return future.get();
    }
    std::string echoRoundTrip(tcp::endpoint target, std::string bytes,
                              std::chrono::milliseconds silence);
    void requireTool(const char *tool);
    PodServer &startPod(const std::string &name, const std::string &ip, const std::string &node,
                        std::vector<net::Listener> listeners, std::vector<net::Call> calls = {});

    asio::io_context m_ioc;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> m_work;
    std::vector<std::thread> m_threads;
    std::map<std::string, tcp::endpoint> m_services;
    std::map<std::string, std::unique_ptr<net::PodServer>> m_pods;
    QString m_frontendSkip; ///< why the frontend on port 80 could not listen, if so
    std::optional<tcp::acceptor> m_deadListener; ///< listens but never accepts
};

PodServer &TestWorkloads::startPod(const std::string &name, const std::string &ip,
                                   const std::string &node, std::vector<net::Listener> listeners,
                                   std::vector<net::Call> calls)
{
    auto resolver = [this](const std::string &host, int) -> std::optional<tcp::endpoint> {
        const auto it = m_services.find(host);
        return it == m_services.end() ? std::nullopt : std::optional(it->second);
    };
    auto pod = std::make_unique<PodServer>(m_ioc, net::PodIdentity{ name, "shop", ip, node },
                                           std::move(listeners), std::move(calls), resolver);
    const auto errors = pod->open();
    // Only the frontend listens below 1024; without privilege its rows are skipped.
    if (!errors.empty() && errors.front().find("Permission denied") != std::string::npos)
        m_frontendSkip = QString::fromStdString(errors.front());
    else if (!errors.empty())
        qFatal("%s", errors.front().c_str());
    auto &ref = *pod;
    m_pods[name] = std::move(pod);
    return ref;
}

void TestWorkloads::initTestCase()
{
    m_work.emplace(m_ioc.get_executor());
    for (int i = 0; i < 2; ++i)
        m_threads.emplace_back([this] {
            m_ioc.run();
        });

    // The resolver stands in for the Service forwarder: Service name -> Pod endpoint.
    m_services = {
        { "backend", endpoint("127.244.9.2", 8080) }, { "redis", endpoint("127.244.9.3", 6379) },
        { "mysql", endpoint("127.244.9.5", 3306) },   { "gone", endpoint("127.244.9.99", 6379) },
        { "self", endpoint("127.244.9.7", 8081) },    { "dead", endpoint("127.244.9.98", 7000) }
    };
    m_deadListener.emplace(m_ioc, endpoint("127.244.9.98", 7000));

    using W = net::Workload;
    startPod(kFrontend.toStdString(), "127.244.9.1", "node-1", { { 80, W::Http } },
             { { "http", "backend", 80, "/api" },
               { "redis", "redis", 6379, "" },
               { "mysql", "mysql", 3306, "" },
               { "redis", "gone", 6379, "" } });
    startPod(kBackend.toStdString(), "127.244.9.2", "node-2", { { 8080, W::Http } },
             { { "redis", "redis", 6379, "" } });
    startPod("redis-0", "127.244.9.3", "node-1", { { 6379, W::Redis } });
    startPod("redis-1", "127.244.9.4", "node-2", { { 6379, W::Redis } });
    startPod("mysql-0", "127.244.9.5", "node-2", { { 3306, W::MySql } });
    startPod("sniff-0", "127.244.9.6", "node-1", { { 9000, W::Sniff } });
    startPod("loop-0", "127.244.9.7", "node-1", { { 8081, W::Http } },
             { { "http", "self", 8081, "/" } });
    startPod("waiter-0", "127.244.9.8", "node-2", { { 8082, W::Http } },
             { { "http", "dead", 7000, "/" } });
}

void TestWorkloads::cleanupTestCase()
{
    for (auto &[name, pod] : m_pods)
        pod->close();
    m_pods.clear();
    m_deadListener.reset();
    m_work.reset();
    m_ioc.stop();
    for (auto &thread : m_threads)
        thread.join();
}

void TestWorkloads::requireTool(const char *tool)
{
    if (QStandardPaths::findExecutable(tool).isEmpty())
        QSKIP(qPrintable(QString("%1 is not installed (apt-get install curl redis-tools "
                                 "mariadb-client)")
                                 .arg(tool)));
}

std::string TestWorkloads::echoRoundTrip(tcp::endpoint target, std::string bytes,
                                         std::chrono::milliseconds silence)
{
    return await([](tcp::endpoint to, std::string out,
                    std::chrono::milliseconds wait) -> asio::awaitable<std::string> {
        auto executor = co_await asio::this_coro::executor;
        boost::beast::tcp_stream stream(executor);
        stream.expires_after(5s);
        co_await stream.async_connect(to, asio::use_awaitable);
        asio::steady_timer pause(executor, wait);
        co_await pause.async_wait(asio::use_awaitable);
        co_await asio::async_write(stream, asio::buffer(out), asio::use_awaitable);
        std::string back(out.size(), '\0');
        co_await asio::async_read(stream, asio::buffer(back), asio::use_awaitable);
        co_return back;
    }(target, std::move(bytes), silence));
}

void TestWorkloads::workloadFor_data()
{
    QTest::addColumn<QString>("image");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("expected");
    QTest::addRow("nginx is HTTP") << "nginx:1.25" << 80 << "http";
    QTest::addRow("an image with registry and digest is read by its name")
            << "docker.io/library/redis:7@sha256:0123" << 6379 << "redis";
    QTest::addRow("mariadb is MySQL on any port") << "mariadb:11" << 3307 << "mysql";
    QTest::addRow("bitnami mysql is MySQL") << "bitnami/mysql:8.0" << 3306 << "mysql";
    QTest::addRow("node on 3000 is HTTP") << "node:20-alpine" << 3000 << "http";
    QTest::addRow("the image wins over the port") << "redis:7" << 8080 << "redis";
    QTest::addRow("an unknown image on 8080 is HTTP") << "example/shop:1" << 8080 << "http";
    QTest::addRow("an unknown image on 443 is still plain HTTP") << "example/tls" << 443 << "http";
    QTest::addRow("an unknown image on 6379 is Redis") << "example/cache" << 6379 << "redis";
    QTest::addRow("an unknown image on 3306 is MySQL") << "example/db" << 3306 << "mysql";
    QTest::addRow("anything else is sniffed") << "busybox:1.36" << 9000 << "sniff";
}

void TestWorkloads::workloadFor()
{
    QFETCH(QString, image);
    QFETCH(int, port);
    QFETCH(QString, expected);
    QCOMPARE(QString(net::workloadName(net::workloadFor(image.toStdString(), port))), expected);
}

void TestWorkloads::callsOf_data()
{
    QTest::addColumn<QString>("annotation");
    QTest::addColumn<QStringList>("env");
    QTest::addColumn<QStringList>("services");
    QTest::addColumn<QStringList>("expected");
    const QStringList none;
    const QStringList shop{ "backend", "redis", "mysql", "backend-api", "sessions", "db" };
    QTest::addRow("the annotation lists URLs")
            << "http://backend:80/, redis://redis:6379, mysql://mysql:3306" << none << none
            << QStringList{ "http://backend:80/", "redis://redis:6379", "mysql://mysql:3306" };
    QTest::addRow("annotation entries get the scheme's default port")
            << "redis://cache,mysql://db , http://web/x" << none << none
            << QStringList{ "redis://cache:6379", "mysql://db:3306", "http://web:80/x" };
    QTest::addRow("the annotation wins over env")
            << "http://api:8080/v1" << QStringList{ "BACKEND=backend" } << shop
            << QStringList{ "http://api:8080/v1" };
    QTest::addRow("a bare Service name is HTTP on port 80")
            << "" << QStringList{ "BACKEND=backend" } << shop
            << QStringList{ "http://backend:80/" };
    QTest::addRow("host:port takes the port") << "" << QStringList{ "API=backend:8080" } << shop
                                              << QStringList{ "http://backend:8080/" };
    QTest::addRow("a URL keeps its path") << "" << QStringList{ "API_URL=http://backend/api" }
                                          << shop << QStringList{ "http://backend:80/api" };
    QTest::addRow("REDIS_HOST names the redis Service")
            << "" << QStringList{ "REDIS_HOST=redis" } << shop
            << QStringList{ "redis://redis:6379" };
    QTest::addRow("the variable name hints the scheme")
            << "" << QStringList{ "CACHE_REDIS_HOST=sessions" } << shop
            << QStringList{ "redis://sessions:6379" };
    QTest::addRow("SERVICE_HOST names the Service and SERVICE_PORT its port")
            << ""
            << QStringList{ "BACKEND_API_SERVICE_HOST=127.96.0.20",
                            "BACKEND_API_SERVICE_PORT=8080" }
            << shop << QStringList{ "http://backend-api:8080/" };
    QTest::addRow("an ADDR on 6379 is redis") << "" << QStringList{ "SESSION_ADDR=sessions:6379" }
                                              << shop << QStringList{ "redis://sessions:6379" };
    QTest::addRow("an ADDR on 3306 is mysql")
            << "" << QStringList{ "DB_ADDR=db:3306" } << shop << QStringList{ "mysql://db:3306" };
    QTest::addRow("a connection string loses its credentials")
            << "" << QStringList{ "DATABASE_URL=mysql://app:secret@mysql:3306/app" } << shop
            << QStringList{ "mysql://mysql:3306" };
    QTest::addRow("a DNS name in the Pod's namespace counts")
            << "" << QStringList{ "API=backend.shop.svc.cluster.local:80" } << shop
            << QStringList{ "http://backend:80/" };
    QTest::addRow("a Service of another namespace is not inferred")
            << "" << QStringList{ "API=backend.other.svc:80" } << shop << QStringList{};
    QTest::addRow("values that name no Service are ignored")
            << "" << QStringList{ "MODE=production", "PORT=8080", "HOST=example.com" } << shop
            << QStringList{};
    QTest::addRow("duplicates are dropped")
            << "" << QStringList{ "A=backend", "B=backend:80", "C=http://backend/" } << shop
            << QStringList{ "http://backend:80/" };
    QTest::addRow("a comma-separated list gives several calls")
            << "" << QStringList{ "UPSTREAMS=backend:8080,redis" } << shop
            << QStringList{ "http://backend:8080/", "redis://redis:6379" };
}

void TestWorkloads::callsOf()
{
    QFETCH(QString, annotation);
    QFETCH(QStringList, env);
    QFETCH(QStringList, services);
    QFETCH(QStringList, expected);
    model::Pod pod;
    pod.metadata.name = "web-1";
    pod.metadata.namespace_ = "shop";
    if (!annotation.isEmpty())
        pod.metadata.annotations[net::kCallsAnnotation] = annotation.toStdString();
    model::Container container;
    container.name = "web";
    for (const auto &entry : env) {
        const auto eq = entry.indexOf('=');
        container.env.push_back({ entry.left(eq).toStdString(), entry.mid(eq + 1).toStdString() });
    }
    pod.spec.containers.push_back(container);
    std::vector<std::string> names;
    for (const auto &s : services)
        names.push_back(s.toStdString());
    const model::Pod before = pod;

    QStringList urls;
    for (const auto &call : net::callsOf(pod, names))
        urls << QString::fromStdString(net::callUrl(call));
    QCOMPARE(urls, expected);
    QVERIFY(pod == before);
}

void TestWorkloads::curlAnswers_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QStringList>("patterns");
    const QString pod = QRegularExpression::escape(kFrontend);
    const QString backend = QRegularExpression::escape(kBackend);
    QTest::addRow("plain text names the Pod, each call and what answered it")
            << QStringList{ "http://127.244.9.1/" }
            << QStringList{
                   "\\A" + pod + " \\(127\\.244\\.9\\.1 on node-1\\): GET /\n",
                   "^  -> http://backend:80/api via 127\\.244\\.9\\.2:8080 -> " + backend
                           + " \\(127\\.244\\.9\\.2 on node-2\\): GET /api$",
                   "^    -> redis://redis:6379 via 127\\.244\\.9\\.3:6379 -> redis-0 "
                   "\\(127\\.244\\.9\\.3 on node-1\\): INCR hits:"
                           + backend + " = \\d+$",
                   "^  -> redis://redis:6379 via 127\\.244\\.9\\.3:6379 -> redis-0 "
                   "\\(127\\.244\\.9\\.3 on node-1\\): INCR hits:"
                           + pod + " = \\d+$",
                   "^  -> mysql://mysql:3306 via 127\\.244\\.9\\.5:3306 -> mysql-0: "
                   "SELECT @@hostname = mysql-0$",
                   "^  -> redis://gone:6379 via 127\\.244\\.9\\.99:6379: connection refused$"
               };
    QTest::addRow("the method and path are reported as sent") << QStringList{
        "-X", "POST", "http://127.244.9.1/orders?id=7"
    } << QStringList{ "\\A" + pod + " \\(127\\.244\\.9\\.1 on node-1\\): POST /orders\\?id=7\n" };
    QTest::addRow("hostname answers the Pod name alone")
            << QStringList{ "http://127.244.9.1/hostname" } << QStringList{ "\\A" + pod + "\n\\z" };
    QTest::addRow("the response names the Pod in a header")
            << QStringList{ "-i", "http://127.244.9.1/hostname" }
            << QStringList{ "^X-ClusterLab-Pod: " + pod + "\r$", "^HTTP/1.1 200 OK\r$" };
    QTest::addRow("Accept application/json gets JSON")
            << QStringList{ "-i", "-H", "Accept: application/json", "http://127.244.9.1/" }
            << QStringList{ "^Content-Type: application/json\r$", "\"pod\":\"" + pod + "\"",
                            "\"namespace\":\"shop\"" };
}

void TestWorkloads::curlAnswers()
{
    QFETCH(QStringList, args);
    QFETCH(QStringList, patterns);
    requireTool("curl");
    if (!m_frontendSkip.isEmpty())
        QSKIP(qPrintable(m_frontendSkip));
    const auto result =
            run("curl", QStringList{ "-sS", "--noproxy", "*", "--max-time", "8" } + args);
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    for (const auto &pattern : patterns) {
        const QRegularExpression re(pattern, QRegularExpression::MultilineOption);
        QVERIFY2(re.match(result.out).hasMatch(),
                 qPrintable("no match for " + pattern + " in:\n" + result.out));
    }
}

void TestWorkloads::jsonAnswerNestsTheChainAndShowsTheCallingPod()
{
    requireTool("curl");
    if (!m_frontendSkip.isEmpty())
        QSKIP(qPrintable(m_frontendSkip));
    const auto result = run("curl",
                            { "-sS", "--noproxy", "*", "--max-time", "8", "-H",
                              "Accept: application/json", "http://127.244.9.1/" });
    QCOMPARE(result.exitCode, 0);
    const QJsonObject answer = QJsonDocument::fromJson(result.out.toUtf8()).object();
    QCOMPARE(answer["pod"].toString(), kFrontend);
    QCOMPARE(answer["ip"].toString(), "127.244.9.1");
    QCOMPARE(answer["node"].toString(), "node-1");
    QCOMPARE(answer["namespace"].toString(), "shop");
    QCOMPARE(answer["method"].toString(), "GET");
    QCOMPARE(answer["path"].toString(), "/");
    const QJsonArray calls = answer["calls"].toArray();
    QCOMPARE(calls.size(), 4);
    const QJsonObject toBackend = calls[0].toObject();
    QCOMPARE(toBackend["url"].toString(), "http://backend:80/api");
    QCOMPARE(toBackend["via"].toString(), "127.244.9.2:8080");
    QCOMPARE(toBackend["status"].toString(), "ok");
    const QJsonObject backend = toBackend["answer"].toObject();
    QCOMPARE(backend["pod"].toString(), kBackend);
    QCOMPARE(backend["hops"].toInt(), 1);
    // The backend saw the connection come from the frontend's Pod IP.
    QVERIFY2(backend["client"].toString().startsWith("127.244.9.1:"),
             qPrintable(backend["client"].toString()));
    QCOMPARE(backend["calls"].toArray()[0].toObject()["answer"].toObject()["pod"].toString(),
             "redis-0");
    QCOMPARE(calls[2].toObject()["answer"].toObject()["reply"].toString(), "mysql-0");
    QCOMPARE(calls[3].toObject()["status"].toString(), "connection refused");
    QVERIFY(m_pods[kBackend.toStdString()]->requestCount() > 0);
}

void TestWorkloads::keepAliveServesRequestsOnOneConnection()
{
    requireTool("curl");
    if (!m_frontendSkip.isEmpty())
        QSKIP(qPrintable(m_frontendSkip));
    const auto result = run("curl",
                            { "-sS", "-v", "--noproxy", "*", "--max-time", "8",
                              "http://127.244.9.1/hostname", "http://127.244.9.1/hostname" });
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, kFrontend + "\n" + kFrontend + "\n");
    QVERIFY2(result.err.contains("Re-using existing connection"), qPrintable(result.err));
}

void TestWorkloads::hopLimitStopsACallLoop()
{
    requireTool("curl");
    // loop-0 calls the Service "self", which is loop-0 again.
    const auto result =
            run("curl", { "-sS", "--noproxy", "*", "--max-time", "8", "http://127.244.9.7:8081/" });
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    QCOMPARE(result.out.count("-> http://self:8081/ via 127.244.9.7:8081 -> loop-0"), 5);
    QVERIFY2(result.out.contains("(no further calls: 5 hops reached the limit)"),
             qPrintable(result.out));
}

void TestWorkloads::deadDownstreamTimesOutInsteadOfHanging()
{
    requireTool("curl");
    const auto result =
            run("curl", { "-sS", "--noproxy", "*", "--max-time", "8", "http://127.244.9.8:8082/" });
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    QVERIFY2(result.out.contains(
                     "  -> http://dead:7000/ via 127.244.9.98:7000: timed out after 2000 ms\n"),
             qPrintable(result.out));
}

void TestWorkloads::redisCli_data()
{
    QTest::addColumn<QStringList>("commands");
    QTest::addColumn<QStringList>("expected");
    QTest::addRow("PING answers PONG") << QStringList{ "PING" } << QStringList{ "PONG" };
    QTest::addRow("SET then GET returns the value")
            << QStringList{ "SET greeting hello", "GET greeting" } << QStringList{ "hello" };
    QTest::addRow("INCR counts up from nothing")
            << QStringList{ "INCR visits", "INCR visits" } << QStringList{ "2" };
    QTest::addRow("KEYS matches a glob")
            << QStringList{ "SET user:1 a", "SET user:2 b", "SET order:1 c", "KEYS user:*" }
            << QStringList{ "user:1\nuser:2" };
    QTest::addRow("DBSIZE counts the keys")
            << QStringList{ "SET a 1", "SET b 2", "DBSIZE" } << QStringList{ "2" };
    QTest::addRow("DEL and EXISTS count keys")
            << QStringList{ "SET a 1", "DEL a nothing", "EXISTS a" } << QStringList{ "0" };
    QTest::addRow("INFO server names the version and the Pod")
            << QStringList{ "INFO server" }
            << QStringList{ "redis_version:7.0.0", "clusterlab_pod:redis-0", "tcp_port:6379" };
    QTest::addRow("an unknown command is an error in Redis' words")
            << QStringList{ "FROB x" }
            << QStringList{ "ERR unknown command 'FROB', with args beginning with: 'x' " };
    QTest::addRow("RESP3 is refused and redis-cli carries on in RESP2")
            << QStringList{ "-3 PING" } << QStringList{ "PONG" };
}

void TestWorkloads::redisCli()
{
    QFETCH(QStringList, commands);
    QFETCH(QStringList, expected);
    requireTool("redis-cli");
    QCOMPARE(run("redis-cli", { "-h", "127.244.9.3", "FLUSHALL" }).out, "OK\n");
    ProcessResult result;
    for (const auto &command : commands) {
        result = run("redis-cli",
                     QStringList{ "-h", "127.244.9.3", "-p", "6379" } + command.split(' '));
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    }
    for (const auto &text : expected)
        QVERIFY2(result.out.contains(text), qPrintable(result.out));
}

void TestWorkloads::redisKeysArePerPod()
{
    requireTool("redis-cli");
    QCOMPARE(run("redis-cli", { "-h", "127.244.9.3", "SET", "owner", "redis-0" }).out, "OK\n");
    QCOMPARE(run("redis-cli", { "-h", "127.244.9.4", "GET", "owner" }).out, "\n");
    QCOMPARE(run("redis-cli", { "-h", "127.244.9.4", "SET", "owner", "redis-1" }).out, "OK\n");
    QCOMPARE(run("redis-cli", { "-h", "127.244.9.3", "GET", "owner" }).out, "redis-0\n");
    // Keys outlive connections: our own client sees what redis-cli set.
    auto replies = await(net::redisCommands(endpoint("127.244.9.4", 6379), { { "GET", "owner" } },
                                            { "127.244.9.50", 2s }));
    QVERIFY(replies);
    QCOMPARE(QString::fromStdString(replies->front().text), "redis-1");
}

void TestWorkloads::mariadb_data()
{
    QTest::addColumn<QString>("database");
    QTest::addColumn<QString>("query");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<bool>("fails");
    QTest::addRow("SELECT @@hostname names the Pod")
            << ""
            << "SELECT @@hostname" << QStringList{ "@@hostname\nmysql-0\n" } << false;
    QTest::addRow("SELECT 1 answers 1") << ""
                                        << "SELECT 1" << QStringList{ "1\n1\n" } << false;
    QTest::addRow("SELECT VERSION() reports the simulated server")
            << ""
            << "SELECT VERSION()" << QStringList{ "8.0.36-clusterlab" } << false;
    QTest::addRow("SHOW DATABASES lists three")
            << ""
            << "SHOW DATABASES" << QStringList{ "Database\ninformation_schema\nmysql\napp\n" }
            << false;
    QTest::addRow("a database chosen at login is current")
            << "app"
            << "SELECT DATABASE()" << QStringList{ "app" } << false;
    QTest::addRow("an unsupported statement says what is supported")
            << ""
            << "CREATE TABLE t (id INT)"
            << QStringList{ "ERROR 1235 (42000)", "SELECT @@hostname", "SHOW DATABASES" } << true;
    QTest::addRow("an unknown database is refused at login")
            << "nope"
            << "SELECT 1" << QStringList{ "ERROR 1049 (42000): Unknown database 'nope'" } << true;
}

void TestWorkloads::mariadb()
{
    QFETCH(QString, database);
    QFETCH(QString, query);
    QFETCH(QStringList, expected);
    QFETCH(bool, fails);
    requireTool("mariadb");
    QStringList args{ "--no-defaults",       "-h", "127.244.9.5", "-P", "3306", "-u", "root",
                      "--connect-timeout=5", "-e", query };
    if (!database.isEmpty())
        args << "-D" << database;
    const auto result = run("mariadb", args);
    QCOMPARE(result.exitCode != 0, fails);
    for (const auto &text : expected)
        QVERIFY2((fails ? result.err : result.out).contains(text),
                 qPrintable(result.out + result.err));
}

void TestWorkloads::ownClientsTalkToPods()
{
    const net::ClientOptions from{ "127.244.9.50", 2s };
    auto mysql =
            await(net::mysqlQuery(endpoint("127.244.9.5", 3306), "SELECT @@hostname, 1", from));
    QVERIFY(mysql);
    QCOMPARE(mysql->serverVersion, std::string("8.0.36-clusterlab"));
    QCOMPARE(mysql->columns, (std::vector<std::string>{ "@@hostname", "1" }));
    QCOMPARE(mysql->rows.at(0).at(0).value_or(""), std::string("mysql-0"));
    auto refused = await(net::mysqlQuery(endpoint("127.244.9.5", 3306), "DROP TABLE t", from));
    QVERIFY(refused);
    QCOMPARE(refused->errorCode, 1235);

    auto http = await(
            net::httpGet(endpoint("127.244.9.2", 8080), "backend", "/?format=json", {}, from));
    QVERIFY(http);
    QCOMPARE(http->status, 200u);
    QCOMPARE(http->pod, kBackend.toStdString());
    const auto answer = QJsonDocument::fromJson(QByteArray::fromStdString(http->body)).object();
    QVERIFY2(answer["client"].toString().startsWith("127.244.9.50:"),
             qPrintable(answer["client"].toString()));

    auto closed = await(net::httpGet(endpoint("127.244.9.99", 80), "gone", "/", {}, from));
    QVERIFY(!closed);
    QCOMPARE(closed.error(), asio::error::connection_refused);
}

void TestWorkloads::sniffing_data()
{
    QTest::addColumn<QString>("client");
    QTest::addColumn<QString>("expected");
    QTest::addRow("curl gets an HTTP answer") << "curl"
                                              << "sniff-0 (127.244.9.6 on node-1): GET /\n";
    QTest::addRow("redis-cli PING gets PONG") << "redis-cli"
                                              << "PONG\n";
    QTest::addRow("other bytes are echoed") << "raw"
                                            << "hello, echo\r\n";
    QTest::addRow("a client silent past the sniff timeout is echoed") << "late"
                                                                      << "GET / later\n";
}

void TestWorkloads::sniffing()
{
    QFETCH(QString, client);
    QFETCH(QString, expected);
    const auto target = endpoint("127.244.9.6", 9000);
    if (client == "curl" || client == "redis-cli") {
        requireTool(qPrintable(client));
        const auto result = client == "curl"
                ? run("curl",
                      { "-sS", "--noproxy", "*", "--max-time", "5", "http://127.244.9.6:9000/" })
                : run("redis-cli", { "-h", "127.244.9.6", "-p", "9000", "PING" });
        QCOMPARE(result.out, expected);
        return;
    }
    const auto silence = client == "late" ? 500ms : 0ms;
    QCOMPARE(QString::fromStdString(echoRoundTrip(target, expected.toStdString(), silence)),
             expected);
}

void TestWorkloads::openReportsPortsItCannotListenOn()
{
    PodServer twin(m_ioc, { "twin", "shop", "127.244.9.2", "node-2" },
                   { { 8080, net::Workload::Http }, { 18080, net::Workload::Http } }, {}, {});
    const auto errors = twin.open();
    QCOMPARE(errors.size(), 1u);
    QCOMPARE(QString::fromStdString(errors.front()),
             "cannot listen on 127.244.9.2:8080: Address already in use");
    twin.close();

    PodServer outside(m_ioc, { "outside", "shop", "10.244.1.5", "node-1" },
                      { { 8080, net::Workload::Http } }, {}, {});
    const auto refused = outside.open();
    QCOMPARE(refused.size(), 1u);
    QVERIFY2(QString::fromStdString(refused.front()).contains("not a loopback address"),
             refused.front().c_str());
}

void TestWorkloads::closeRefusesNewConnectionsAndEndsIdleOnes()
{
    PodServer pod(m_ioc, { "closing-0", "shop", "127.244.9.9", "node-1" },
                  { { 8090, net::Workload::Http } }, {}, {});
    QVERIFY(pod.open().empty());
    const auto target = endpoint("127.244.9.9", 8090);
    auto reply = await(net::httpGet(target, "closing", "/hostname", {}, {}));
    QVERIFY(reply);
    QCOMPARE(reply->body, std::string("closing-0\n"));
    QCOMPARE(pod.requestCount(), 1u);

    // An idle connection: connected, never sends.
    tcp::socket idle(m_ioc);
    idle.connect(target);
    QTRY_COMPARE_WITH_TIMEOUT(pod.connectionCount(), 1u, 2000);

    pod.close();
    boost::system::error_code ec;
    tcp::socket late(m_ioc);
    late.connect(target, ec);
    QCOMPARE(ec, asio::error::connection_refused);

    // The idle connection is ended at once, not after the grace period.
    QTRY_COMPARE_WITH_TIMEOUT(pod.connectionCount(), 0u, 1000);
    char byte;
    idle.read_some(asio::buffer(&byte, 1), ec);
    QVERIFY2(ec == asio::error::eof || ec == asio::error::connection_reset, ec.message().c_str());
}

QTEST_GUILESS_MAIN(TestWorkloads)
#include "tst_workloads.moc"
