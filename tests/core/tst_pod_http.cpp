// A simulated Pod's HTTP answers, asked by real curl: the Pod names itself and each call its
// request made down the chain, in text or JSON, on a kept-alive connection; a call loop stops
// at the hop limit and a dead downstream times out instead of hanging.
#include "pod_lab.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QtTest>

using namespace clusterlab;
using namespace pod_test;

class TestPodHttp : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void curlAnswers_data();
    void curlAnswers();
    void jsonAnswerNestsTheChainAndShowsTheCallingPod();
    void keepAliveServesRequestsOnOneConnection();
    void hopLimitStopsACallLoop();
    void deadDownstreamTimesOutInsteadOfHanging();

private:
    PodLab m_lab;
};

void TestPodHttp::initTestCase()
{
    m_lab.start();
}

void TestPodHttp::cleanupTestCase()
{
    m_lab.stop();
}

void TestPodHttp::curlAnswers_data()
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

void TestPodHttp::curlAnswers()
{
    QFETCH(QStringList, args);
    QFETCH(QStringList, patterns);
    requireTool("curl");
    if (!m_lab.frontendSkip().isEmpty())
        QSKIP(qPrintable(m_lab.frontendSkip()));
    const auto result =
            run("curl", QStringList{ "-sS", "--noproxy", "*", "--max-time", "8" } + args);
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    for (const auto &pattern : patterns) {
        const QRegularExpression re(pattern, QRegularExpression::MultilineOption);
        QVERIFY2(re.match(result.out).hasMatch(),
                 qPrintable("no match for " + pattern + " in:\n" + result.out));
    }
}

void TestPodHttp::jsonAnswerNestsTheChainAndShowsTheCallingPod()
{
    requireTool("curl");
    if (!m_lab.frontendSkip().isEmpty())
        QSKIP(qPrintable(m_lab.frontendSkip()));
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
    QVERIFY(m_lab.pod(kBackend.toStdString()).requestCount() > 0);
}

void TestPodHttp::keepAliveServesRequestsOnOneConnection()
{
    requireTool("curl");
    if (!m_lab.frontendSkip().isEmpty())
        QSKIP(qPrintable(m_lab.frontendSkip()));
    const auto result = run("curl",
                            { "-sS", "-v", "--noproxy", "*", "--max-time", "8",
                              "http://127.244.9.1/hostname", "http://127.244.9.1/hostname" });
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, kFrontend + "\n" + kFrontend + "\n");
    QVERIFY2(result.err.contains("Re-using existing connection"), qPrintable(result.err));
}

void TestPodHttp::hopLimitStopsACallLoop()
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

void TestPodHttp::deadDownstreamTimesOutInsteadOfHanging()
{
    requireTool("curl");
    const auto result =
            run("curl", { "-sS", "--noproxy", "*", "--max-time", "8", "http://127.244.9.8:8082/" });
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    QVERIFY2(result.out.contains(
                     "  -> http://dead:7000/ via 127.244.9.98:7000: timed out after 2000 ms\n"),
             qPrintable(result.out));
}

QTEST_GUILESS_MAIN(TestPodHttp)
#include "tst_pod_http.moc"
