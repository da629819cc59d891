// A container's log as the kubelet keeps it (core/logs): bounded, oldest lines first out,
// safe to write from several threads while another reads and follows; PodLogOptions as the
// kubelet applies them; and the formats the simulated images write.
#include "logs/container_log.h"
#include "logs/image_logs.h"
#include "logs/log_query.h"
#include "logs/pod_logs.h"

#include <QtTest>

#include <atomic>
#include <thread>

using namespace clusterlab;
using namespace std::chrono_literals;

namespace {

/// at is a fixed time: 2026-12-05T06:45:02.123456789Z.
logs::Clock::time_point at()
{
    return *logs::parseRfc3339("2026-12-05T06:45:02.123456789Z");
}

QStringList textsOf(const std::vector<logs::LogLine> &lines)
{
    QStringList out;
    for (const auto &line : lines)
        out << QString::fromStdString(line.text);
    return out;
}

} // namespace

class TestContainerLogs : public QObject
{
    Q_OBJECT

private slots:
    void keepsLinesInOrderAndSplitsText();
    void dropsTheOldestLinesPastTheLineLimit();
    void dropsTheOldestLinesPastTheByteLimit();
    void linesAfterFollowsPastDroppedLines();
    void writersOnManyThreadsLoseNoLineAndWakeTheFollower();
    void closingWakesFollowersAndTakesNoMoreLines();
    void podLogsVanishWithThePod();
    void tailThenSinceThenLimitBytes();
    void timestampsAreRfc3339NanoFixed();
    void parsesRfc3339AndRefusesTheRest();
    void nginxAccessLineIsTheImagesMainFormat();
    void httpdAndGenericAccessLines();
    void redisMonitorLineQuotesAsRedisDoes();
    void mysqlGeneralQueryLogLine();
    void startupLinesOfEachImage();
};

void TestContainerLogs::keepsLinesInOrderAndSplitsText()
{
    logs::ContainerLog log;
    log.append("one");
    log.append("two\nthree\n");
    log.append("four\r\n");
    QCOMPARE(textsOf(log.lines()), (QStringList{ "one", "two", "three", "four" }));
    QCOMPARE(log.lastSeq(), 4u);
    QCOMPARE(log.bytes(), std::size_t(4 + 4 + 6 + 5));
}

void TestContainerLogs::dropsTheOldestLinesPastTheLineLimit()
{
    logs::ContainerLog log({ 3, 1 << 20 });
    for (int i = 1; i <= 5; ++i)
        log.append("line " + std::to_string(i));
    QCOMPARE(textsOf(log.lines()), (QStringList{ "line 3", "line 4", "line 5" }));
    QCOMPARE(log.dropped(), 2u);
    QCOMPARE(log.lastSeq(), 5u);
}

void TestContainerLogs::dropsTheOldestLinesPastTheByteLimit()
{
    logs::ContainerLog log; // the defaults: 1000 lines, 256 KiB
    const std::string kilobyte(1023, 'x'); // 1 KiB with its newline
    for (int i = 0; i < 300; ++i)
        log.append(kilobyte);
    QCOMPARE(log.lines().size(), std::size_t(256));
    QVERIFY(log.bytes() <= 256 * 1024);
    QCOMPARE(log.dropped(), 44u);
    log.append(std::string(300 * 1024, 'y')); // larger than the whole log: it goes at once
    QCOMPARE(log.lines().size(), std::size_t(0));
    QCOMPARE(log.bytes(), std::size_t(0));
}

void TestContainerLogs::linesAfterFollowsPastDroppedLines()
{
    logs::ContainerLog log({ 3, 1 << 20 });
    log.append("a\nb");
    QCOMPARE(textsOf(log.linesAfter(1)), QStringList{ "b" });
    QVERIFY(log.linesAfter(2).empty());
    log.append("c\nd\ne"); // a and b dropped
    QCOMPARE(textsOf(log.linesAfter(1)), (QStringList{ "c", "d", "e" }));
    QCOMPARE(textsOf(log.linesAfter(4)), QStringList{ "e" });
    QVERIFY(log.linesAfter(5).empty());
}

void TestContainerLogs::writersOnManyThreadsLoseNoLineAndWakeTheFollower()
{
    logs::ContainerLog log({ 100000, 64 << 20 });
    std::atomic<int> wakes{ 0 };
    const auto id = log.subscribe([&] {
        ++wakes;
    });
    constexpr int kThreads = 4, kLines = 2000;
    std::atomic<std::uint64_t> followed{ 0 };
    std::atomic_bool done{ false };
    std::atomic_bool gap{ false };
    std::thread follower([&] {
        std::uint64_t after = 0;
        while (!done || after < log.lastSeq()) {
            for (const auto &line : log.linesAfter(after)) {
                gap = gap || line.seq != after + 1; // consecutive, none skipped
                after = line.seq;
                ++followed;
            }
        }
    });
    std::vector<std::thread> writers;
    for (int t = 0; t < kThreads; ++t)
        writers.emplace_back([&log, t] {
            for (int i = 0; i < kLines; ++i)
                log.append("writer " + std::to_string(t) + " line " + std::to_string(i));
        });
    for (auto &w : writers)
        w.join();
    done = true;
    follower.join();
    log.unsubscribe(id);
    QCOMPARE(log.lines().size(), std::size_t(kThreads * kLines));
    QCOMPARE(followed.load(), std::uint64_t(kThreads * kLines));
    QVERIFY(!gap);
    QCOMPARE(wakes.load(), kThreads * kLines);
    log.append("after unsubscribe");
    QCOMPARE(wakes.load(), kThreads * kLines);
}

void TestContainerLogs::closingWakesFollowersAndTakesNoMoreLines()
{
    logs::ContainerLog log;
    int wakes = 0;
    log.subscribe([&] {
        ++wakes;
    });
    log.append("last words");
    log.close();
    log.close();
    QCOMPARE(wakes, 2);
    QVERIFY(log.closed());
    log.append("from beyond");
    QCOMPARE(textsOf(log.lines()), QStringList{ "last words" });
}

void TestContainerLogs::podLogsVanishWithThePod()
{
    logs::PodLogs podLogs;
    bool created = false;
    const auto web = podLogs.open("uid-1", "web", &created);
    QVERIFY(created);
    QCOMPARE(podLogs.open("uid-1", "web", &created), web);
    QVERIFY(!created);
    const auto sidecar = podLogs.open("uid-1", "sidecar");
    const auto other = podLogs.open("uid-2", "web");
    QCOMPARE(podLogs.podCount(), std::size_t(2));
    QCOMPARE(podLogs.find("uid-1", "sidecar"), sidecar);
    QVERIFY(!podLogs.find("uid-1", "nope"));
    podLogs.remove("uid-1");
    QVERIFY(web->closed() && sidecar->closed());
    QVERIFY(!other->closed());
    QVERIFY(!podLogs.find("uid-1", "web"));
    QCOMPARE(podLogs.podCount(), std::size_t(1));
    podLogs.open("uid-1", "web", &created); // the same name again: a new, empty log
    QVERIFY(created);
    podLogs.clear();
    QVERIFY(other->closed());
    QCOMPARE(podLogs.podCount(), std::size_t(0));
}

void TestContainerLogs::tailThenSinceThenLimitBytes()
{
    logs::ContainerLog log;
    for (int i = 0; i < 6; ++i)
        log.append("line " + std::to_string(i), at() + std::chrono::seconds(i));
    logs::LogQuery query;
    query.tailLines = 4;
    query.since = at() + 3s;
    const auto lines = logs::selectLines(log.lines(), query); // the last 4, then from 3 s
    QCOMPARE(textsOf(lines), (QStringList{ "line 3", "line 4", "line 5" }));
    query.tailLines = 0;
    QVERIFY(logs::selectLines(log.lines(), query).empty());

    std::optional<std::int64_t> limit = 10;
    QCOMPARE(logs::renderLines(lines, false, limit), std::string("line 3\nlin"));
    QCOMPARE(*limit, 0);
    std::optional<std::int64_t> none;
    QCOMPARE(logs::renderLines(lines, false, none), std::string("line 3\nline 4\nline 5\n"));
}

void TestContainerLogs::timestampsAreRfc3339NanoFixed()
{
    QCOMPARE(logs::formatRfc3339NanoFixed(at()), std::string("2026-12-05T06:45:02.123456789Z"));
    const auto whole = *logs::parseRfc3339("2026-12-05T06:45:02Z");
    QCOMPARE(logs::formatRfc3339NanoFixed(whole), std::string("2026-12-05T06:45:02.000000000Z"));
    QCOMPARE(logs::renderLine({ 1, whole, "hello" }, true),
             std::string("2026-12-05T06:45:02.000000000Z hello\n"));
}

void TestContainerLogs::parsesRfc3339AndRefusesTheRest()
{
    QCOMPARE(*logs::parseRfc3339("2026-12-05T07:45:02+01:00"),
             *logs::parseRfc3339("2026-12-05T06:45:02Z"));
    for (const char *bad : { "", "2026-12-05", "2026-12-05T06:45:02", "2026-13-05T06:45:02Z",
                             "2026-02-30T06:45:02Z", "2026-12-05T06:45:02Zjunk", "yesterday" })
        QVERIFY2(!logs::parseRfc3339(bad), bad);
}

void TestContainerLogs::nginxAccessLineIsTheImagesMainFormat()
{
    logs::HttpAccess a{ "127.244.1.2", at(), "GET", "/", 11, 200, 615, "", "curl/7.88.1", "" };
    QCOMPARE(logs::accessLine(logs::LogStyle::Nginx, a),
             std::string("127.244.1.2 - - [05/Dec/2026:06:45:02 +0000] \"GET / HTTP/1.1\" 200 615 "
                         "\"-\" \"curl/7.88.1\" \"-\""));
    a.version = 10;
    a.referer = "http://frontend/";
    a.forwardedFor = "10.0.0.7";
    QCOMPARE(logs::accessLine(logs::LogStyle::Nginx, a),
             std::string("127.244.1.2 - - [05/Dec/2026:06:45:02 +0000] \"GET / HTTP/1.0\" 200 615 "
                         "\"http://frontend/\" \"curl/7.88.1\" \"10.0.0.7\""));
}

void TestContainerLogs::httpdAndGenericAccessLines()
{
    logs::HttpAccess a{ "127.244.1.2", at(), "HEAD", "/x?y=1", 11, 404, 0, "", "", "" };
    QCOMPARE(logs::accessLine(logs::LogStyle::Httpd, a),
             std::string("127.244.1.2 - - [05/Dec/2026:06:45:02 +0000] \"HEAD /x?y=1 HTTP/1.1\" "
                         "404 -"));
    QCOMPARE(logs::accessLine(logs::LogStyle::Generic, a),
             std::string("127.244.1.2 HEAD /x?y=1 -> 404 (0 bytes)"));
}

void TestContainerLogs::redisMonitorLineQuotesAsRedisDoes()
{
    QCOMPARE(logs::redisMonitorLine(at(), 0, "127.244.1.2:51234",
                                    { "SET", "k", "a \"quoted\"\\ \n\x01" }),
             std::string("1796453102.123456 [0 127.244.1.2:51234] \"SET\" \"k\" "
                         "\"a \\\"quoted\\\"\\\\ \\n\\x01\""));
}

void TestContainerLogs::mysqlGeneralQueryLogLine()
{
    QCOMPARE(logs::mysqlGeneralLine(at(), 8, "Query", "SELECT 1"),
             std::string("2026-12-05T06:45:02.123456Z\t    8 Query\tSELECT 1"));
    QCOMPARE(logs::mysqlGeneralLine(at(), 12345, "Quit", ""),
             std::string("2026-12-05T06:45:02.123456Z\t12345 Quit\t"));
}

void TestContainerLogs::startupLinesOfEachImage()
{
    QCOMPARE(logs::logStyleFor("docker.io/library/nginx:1.25@sha256:00"), logs::LogStyle::Nginx);
    QCOMPARE(logs::logStyleFor("httpd:2.4"), logs::LogStyle::Httpd);
    QCOMPARE(logs::logStyleFor("bitnami/redis:7.2"), logs::LogStyle::Redis);
    QCOMPARE(logs::logStyleFor("mariadb:11"), logs::LogStyle::MySql);
    QCOMPARE(logs::logStyleFor("busybox"), logs::LogStyle::Generic);

    const auto nginx = logs::startupLines(logs::LogStyle::Nginx, "nginx:1.25.4", { 80 }, at());
    QCOMPARE(nginx.front(),
             std::string("/docker-entrypoint.sh: /docker-entrypoint.d/ is not "
                         "empty, will attempt to perform configuration"));
    QVERIFY(std::count(nginx.begin(), nginx.end(),
                       "/docker-entrypoint.sh: Configuration complete; ready for start up"));
    QVERIFY(std::count(nginx.begin(), nginx.end(),
                       "2026/12/05 06:45:02 [notice] 1#1: nginx/1.25.4"));
    const auto redis = logs::startupLines(logs::LogStyle::Redis, "redis:7.2.4", { 6379 }, at());
    QCOMPARE(redis.back(),
             std::string("1:M 05 Dec 2026 06:45:02.123 * Ready to accept connections tcp"));
    const auto mysql = logs::startupLines(logs::LogStyle::MySql, "mysql:8.0", { 3306 }, at());
    QCOMPARE(mysql.back(),
             std::string(
                     "2026-12-05T06:45:02.123456Z 0 [System] [MY-010931] [Server] "
                     "/usr/sbin/mysqld: ready for connections. Version: '8.0'  socket: "
                     "'/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL."));
    QCOMPARE(logs::startupLines(logs::LogStyle::Generic, "busybox", { 9000 }, at()),
             std::vector<std::string>{ "listening on port 9000" });
}

QTEST_GUILESS_MAIN(TestContainerLogs)
#include "tst_container_logs.moc"
