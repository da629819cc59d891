// ClusterLab's kube-dns on loopback: real dig gets the answers CoreDNS would give, malformed
// and mutated packets get an error or nothing (never a crash), and resolve() follows a Pod's
// search path.
#include "dataplane_lab.h"
#include "net/dns_message.h"
#include "net/dns_server.h"
#include "net/service_forwarder.h"

#include <QRegularExpression>
#include <QtTest>

#include <random>

using namespace clusterlab;
using namespace dataplane_test;

class TestDns : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void digAnswers_data();
    void digAnswers();
    void dnsSurvivesMalformedPackets_data();
    void dnsSurvivesMalformedPackets();
    void dnsAnswersMutatedPacketsSafely();
    void resolveUsesSearchPath_data();
    void resolveUsesSearchPath();

private:
    std::shared_ptr<const net::DnsZone> makeZone() const;

    DataplaneLab m_lab;
    std::unique_ptr<net::DnsServer> m_dns;
    QString m_dig;
};

std::shared_ptr<const net::DnsZone> TestDns::makeZone() const
{
    auto zone = std::make_shared<net::DnsZone>();
    zone->addService("default", "backend", { "127.96.9.20" }, { { "http", 80, "TCP" } });
    zone->addService("shop", "cart", { "127.96.9.25" }, { { "grpc", 9000, "TCP" } });
    zone->addService("default", "db", { "127.244.29.31", "127.244.29.32" },
                     { { "mysql", 3306, "TCP" } }, true);
    zone->addService("default", "nginx", { "127.244.29.40" }, {}, true);
    zone->addPodHostname("default", "nginx", "web-0", "127.244.29.40");
    return zone;
}

void TestDns::initTestCase()
{
    QVERIFY(net::raiseFileLimit() > 0);
    const std::string error = m_lab.start(false);
    QVERIFY2(error.empty(), error.c_str());
    m_dns = std::make_unique<net::DnsServer>(m_lab.ioc(), "127.96.9.10", 53);
    std::string dnsError;
    QVERIFY2(m_dns->start(dnsError), dnsError.c_str());
    m_dns->setZone(makeZone());
    m_dig = QStandardPaths::findExecutable("dig");
}

void TestDns::cleanupTestCase()
{
    m_dns->stop();
    m_lab.stop();
}

void TestDns::digAnswers_data()
{
    QTest::addColumn<QStringList>("query");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QStringList>("answers");
    const QString svc = "backend.default.svc.cluster.local";
    QTest::addRow("a Service's full name answers its ClusterIP")
            << QStringList{ svc } << "NOERROR" << QStringList{ svc + ". 5 IN A 127.96.9.20" };
    QTest::addRow("svc.ns answers the ClusterIP")
            << QStringList{ "cart.shop" } << "NOERROR" << QStringList{ "127.96.9.25" };
    QTest::addRow("svc.ns.svc answers the ClusterIP")
            << QStringList{ "cart.shop.svc" } << "NOERROR" << QStringList{ "127.96.9.25" };
    QTest::addRow("a bare name from outside is looked up in default")
            << QStringList{ "backend" } << "NOERROR" << QStringList{ "127.96.9.20" };
    QTest::addRow("a named port answers SRV with port and target")
            << QStringList{ "_http._tcp." + svc, "SRV" } << "NOERROR"
            << QStringList{ "IN SRV 0 100 80 " + svc + ".", "127.96.9.20" };
    QTest::addRow("a headless Service answers its ready Pod IPs")
            << QStringList{ "db.default.svc.cluster.local" } << "NOERROR"
            << QStringList{ "127.244.29.31", "127.244.29.32" };
    QTest::addRow("a StatefulSet Pod hostname answers its Pod IP")
            << QStringList{ "web-0.nginx.default.svc.cluster.local" } << "NOERROR"
            << QStringList{ "127.244.29.40" };
    QTest::addRow("AAAA for a known name is NOERROR without answers")
            << QStringList{ svc, "AAAA" } << "NOERROR" << QStringList{ "ANSWER: 0", "SOA" };
    QTest::addRow("an unknown name under cluster.local is NXDOMAIN")
            << QStringList{ "nope.default.svc.cluster.local" } << "NXDOMAIN"
            << QStringList{ "cluster.local. 5 IN SOA" };
    QTest::addRow("an unknown bare name is NXDOMAIN")
            << QStringList{ "nope" } << "NXDOMAIN" << QStringList{};
    QTest::addRow("a name outside the cluster is REFUSED")
            << QStringList{ "example.com" } << "REFUSED" << QStringList{ "ANSWER: 0" };
    QTest::addRow("queries over TCP are answered")
            << QStringList{ "+tcp", svc } << "NOERROR" << QStringList{ "127.96.9.20" };
}

void TestDns::digAnswers()
{
    QFETCH(QStringList, query);
    QFETCH(QString, status);
    QFETCH(QStringList, answers);
    if (m_dig.isEmpty())
        QSKIP("dig is not installed (apt-get install dnsutils)");
    const QStringList arguments = QStringList{
        "@127.96.9.10", "-p", QString::number(m_dns->boundPort()), "+tries=1", "+time=2"
    } + query;
    const QString output = runTool(m_dig, arguments).simplified();
    const auto match = QRegularExpression("status: (\\w+)").match(output);
    QVERIFY2(match.hasMatch(), qPrintable(output));
    QCOMPARE(match.captured(1), status);
    for (const auto &answer : answers)
        QVERIFY2(output.contains(answer), qPrintable(answer + " not in:\n" + output));
}

void TestDns::dnsSurvivesMalformedPackets_data()
{
    QTest::addColumn<QByteArray>("packet");
    QTest::addColumn<int>("expectedRcode"); // -1: no reply
    const QByteArray header = QByteArray::fromHex("abcd01000001000000000000");
    QTest::addRow("a packet shorter than a header gets no reply")
            << QByteArray("\x12\x34\x01", 3) << -1;
    QTest::addRow("a response is never answered")
            << QByteArray::fromHex("abcd81000001000000000000") << -1;
    QTest::addRow("a truncated name is FORMERR") << header + QByteArray::fromHex("07626163") << 1;
    QTest::addRow("a compression loop is FORMERR")
            << header + QByteArray::fromHex("c00c00010001") << 1;
    QTest::addRow("a label over 63 bytes is FORMERR") << header + QByteArray::fromHex("7f")
                    + QByteArray(127, 'a') + QByteArray::fromHex("0000010001")
                                                      << 1;
    QTest::addRow("two questions are FORMERR")
            << QByteArray::fromHex("abcd01000002000000000000") + QByteArray::fromHex("0000010001")
            << 1;
    QTest::addRow("an additional record running past the end is FORMERR")
            << QByteArray::fromHex("abcd01000001000000000001")
                    + QByteArray::fromHex("00000100010000290200")
            << 1;
    QTest::addRow("an inverse query is NOTIMP")
            << QByteArray::fromHex("abcd09000001000000000000") + QByteArray::fromHex("0000010001")
            << 4;
}

void TestDns::dnsSurvivesMalformedPackets()
{
    QFETCH(QByteArray, packet);
    QFETCH(int, expectedRcode);
    const auto reply = sendRawUdp("127.96.9.10", m_dns->boundPort(), packet.toStdString());
    if (expectedRcode < 0) {
        QVERIFY(reply.empty());
    } else {
        QVERIFY(reply.size() >= 12);
        QCOMPARE(reply.substr(0, 2), std::string("\xab\xcd"));
        QCOMPARE(int(reply[3] & 0x0F), expectedRcode);
    }
    // The server still answers a good query afterwards.
    const auto good = QByteArray::fromHex("beef01000001000000000000")
            + QByteArray::fromHex("076261636b656e640764656661756c7400")
            + QByteArray::fromHex("00010001");
    const auto answer = sendRawUdp("127.96.9.10", m_dns->boundPort(), good.toStdString());
    QVERIFY(answer.size() > 12);
    QCOMPARE(int(answer[3] & 0x0F), 0);
    QCOMPARE(int(static_cast<unsigned char>(answer[7])), 1); // one answer
}

void TestDns::dnsAnswersMutatedPacketsSafely()
{
    // The pure handler on 20000 mutations of a good query (with EDNS): every reply is a
    // response to the same id, or nothing. Under ASan this also proves no read past the end.
    const auto good = QByteArray::fromHex("beef01000001000000000001")
            + QByteArray::fromHex("045f687474700474637007626163"
                                  "6b656e640764656661756c7400")
            + QByteArray::fromHex("00210001") + QByteArray::fromHex("0000291000000000000000");
    const auto zone = makeZone();
    std::mt19937 random(1234);
    for (int i = 0; i < 20000; ++i) {
        std::string packet = good.toStdString();
        const int flips = 1 + int(random() % 4);
        for (int f = 0; f < flips; ++f)
            packet[random() % packet.size()] = char(random());
        if (random() % 3 == 0)
            packet.resize(random() % packet.size());
        const auto reply = net::answerDnsQuery(
                *zone, { reinterpret_cast<const std::uint8_t *>(packet.data()), packet.size() },
                512);
        if (reply.empty())
            continue;
        QVERIFY(reply.size() >= 12 && reply.size() <= 512);
        QCOMPARE(reply[0], std::uint8_t(packet[0]));
        QVERIFY(reply[2] & 0x80);
    }
}

void TestDns::resolveUsesSearchPath_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("fromNamespace");
    QTest::addColumn<QStringList>("expected");
    QTest::addRow("a short name resolves in the caller's namespace")
            << "cart"
            << "shop" << QStringList{ "127.96.9.25" };
    QTest::addRow("a short name from another namespace does not resolve")
            << "cart"
            << "default" << QStringList{};
    QTest::addRow("svc.ns resolves from any namespace")
            << "cart.shop"
            << "default" << QStringList{ "127.96.9.25" };
    QTest::addRow("a headless name resolves to Pod IPs")
            << "db"
            << "default" << QStringList{ "127.244.29.31", "127.244.29.32" };
    QTest::addRow("a fully qualified name with a final dot resolves")
            << "backend.default.svc.cluster.local."
            << "shop" << QStringList{ "127.96.9.20" };
}

void TestDns::resolveUsesSearchPath()
{
    QFETCH(QString, name);
    QFETCH(QString, fromNamespace);
    QFETCH(QStringList, expected);
    QStringList got;
    for (const auto &ip : m_dns->resolve(name.toStdString(), fromNamespace.toStdString()))
        got << QString::fromStdString(ip);
    QCOMPARE(got, expected);
}

QTEST_GUILESS_MAIN(TestDns)
#include "tst_dns.moc"
