// The simulated Redis and MySQL Pods, asked by real redis-cli and mariadb and by ClusterLab's
// own clients: answers in the real servers' words, keys kept per Pod.
#include "net/http_client.h"
#include "net/mysql_client.h"
#include "net/resp_client.h"
#include "pod_lab.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace clusterlab;
using namespace pod_test;

class TestPodStores : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void redisCli_data();
    void redisCli();
    void redisKeysArePerPod();
    void mariadb_data();
    void mariadb();
    void ownClientsTalkToPods();

private:
    PodLab m_lab;
};

void TestPodStores::initTestCase()
{
    m_lab.start();
}

void TestPodStores::cleanupTestCase()
{
    m_lab.stop();
}

void TestPodStores::redisCli_data()
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

void TestPodStores::redisCli()
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

void TestPodStores::redisKeysArePerPod()
{
    requireTool("redis-cli");
    QCOMPARE(run("redis-cli", { "-h", "127.244.9.3", "SET", "owner", "redis-0" }).out, "OK\n");
    QCOMPARE(run("redis-cli", { "-h", "127.244.9.4", "GET", "owner" }).out, "\n");
    QCOMPARE(run("redis-cli", { "-h", "127.244.9.4", "SET", "owner", "redis-1" }).out, "OK\n");
    QCOMPARE(run("redis-cli", { "-h", "127.244.9.3", "GET", "owner" }).out, "redis-0\n");
    // Keys outlive connections: our own client sees what redis-cli set.
    auto replies = m_lab.await(net::redisCommands(endpoint("127.244.9.4", 6379),
                                                  { { "GET", "owner" } }, { "127.244.9.50", 2s }));
    QVERIFY(replies);
    QCOMPARE(QString::fromStdString(replies->front().text), "redis-1");
}

void TestPodStores::mariadb_data()
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

void TestPodStores::mariadb()
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

void TestPodStores::ownClientsTalkToPods()
{
    const net::ClientOptions from{ "127.244.9.50", 2s };
    auto mysql = m_lab.await(
            net::mysqlQuery(endpoint("127.244.9.5", 3306), "SELECT @@hostname, 1", from));
    QVERIFY(mysql);
    QCOMPARE(mysql->serverVersion, std::string("8.0.36-clusterlab"));
    QCOMPARE(mysql->columns, (std::vector<std::string>{ "@@hostname", "1" }));
    QCOMPARE(mysql->rows.at(0).at(0).value_or(""), std::string("mysql-0"));
    auto refused =
            m_lab.await(net::mysqlQuery(endpoint("127.244.9.5", 3306), "DROP TABLE t", from));
    QVERIFY(refused);
    QCOMPARE(refused->errorCode, 1235);

    auto http = m_lab.await(
            net::httpGet(endpoint("127.244.9.2", 8080), "backend", "/?format=json", {}, from));
    QVERIFY(http);
    QCOMPARE(http->status, 200u);
    QCOMPARE(http->pod, kBackend.toStdString());
    const auto answer = QJsonDocument::fromJson(QByteArray::fromStdString(http->body)).object();
    QVERIFY2(answer["client"].toString().startsWith("127.244.9.50:"),
             qPrintable(answer["client"].toString()));

    auto closed = m_lab.await(net::httpGet(endpoint("127.244.9.99", 80), "gone", "/", {}, from));
    QVERIFY(!closed);
    QCOMPARE(closed.error(), asio::error::connection_refused);
}

QTEST_GUILESS_MAIN(TestPodStores)
#include "tst_pod_stores.moc"
