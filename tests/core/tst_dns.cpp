// ClusterLab's kube-dns on loopback: real dig gets the answers CoreDNS would give (A, SRV,
// CNAME for ExternalName Services, PTR for ClusterIPs and endpoints), malformed and mutated
// packets get an error or nothing (never a crash), and resolve() follows a Pod's search path.
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
    static void addExternalNameRows();
    static void addReverseRows();
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
    zone->addEndpointAddress("default", "nginx", "127.244.29.40", "web-0");
    zone->addEndpointAddress("default", "backend", "127.244.29.50");
    zone->addEndpointAddress("default", "backend", "127.244.29.51");
    zone->addEndpointAddress("shop", "cart", "127.244.29.51");
    zone->addExternalName("default", "search", "API.Example.COM.");
    zone->addExternalName("default", "alias", "backend.default.svc.cluster.local");
    zone->addExternalName("shop", "hop", "alias.default.svc.cluster.local.");
    zone->addExternalName("default", "dangling", "gone.default.svc.cluster.local");
    zone->addExternalName("default", "loop", "loop.default.svc.cluster.local");
    zone->addExternalName("default", "literal", "1.2.3.4");
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
    addExternalNameRows();
    addReverseRows();
}

// Rows for ExternalName Services; an answer starting with ! must be absent.
void TestDns::addExternalNameRows()
{
    const QString search = "search.default.svc.cluster.local";
    const QString alias = "alias.default.svc.cluster.local";
    QTest::addRow("an ExternalName answers A with a CNAME to the lower-cased target only")
            << QStringList{ search } << "NOERROR"
            << QStringList{ search + ". 5 IN CNAME api.example.com.", "ANSWER: 1,", "!5 IN A " };
    QTest::addRow("an ExternalName answers AAAA with its CNAME")
            << QStringList{ search, "AAAA" } << "NOERROR"
            << QStringList{ search + ". 5 IN CNAME api.example.com.", "ANSWER: 1," };
    QTest::addRow("an ExternalName answers a CNAME query with its CNAME")
            << QStringList{ "search", "CNAME" } << "NOERROR"
            << QStringList{ "search. 5 IN CNAME api.example.com." };
    QTest::addRow("an ExternalName answers MX with NODATA")
            << QStringList{ search, "MX" } << "NOERROR" << QStringList{ "ANSWER: 0", "SOA" };
    QTest::addRow("an in-cluster target is chased to its A records")
            << QStringList{ alias } << "NOERROR"
            << QStringList{ alias + ". 5 IN CNAME backend.default.svc.cluster.local.",
                            "backend.default.svc.cluster.local. 5 IN A 127.96.9.20", "ANSWER: 2," };
    QTest::addRow("a chain of ExternalNames is chased to the end")
            << QStringList{ "hop.shop" } << "NOERROR"
            << QStringList{ "hop.shop. 5 IN CNAME " + alias + ".",
                            alias + ". 5 IN CNAME backend.default.svc.cluster.local.",
                            "IN A 127.96.9.20", "ANSWER: 3," };
    QTest::addRow("a CNAME query for an in-cluster target is not chased")
            << QStringList{ alias, "CNAME" } << "NOERROR"
            << QStringList{ "ANSWER: 1,", "!5 IN A " };
    QTest::addRow("AAAA for an in-cluster target is NODATA, as CoreDNS answers")
            << QStringList{ alias, "AAAA" } << "NOERROR" << QStringList{ "ANSWER: 0", "!CNAME" };
    QTest::addRow("an in-cluster target without addresses is NODATA, no dangling CNAME")
            << QStringList{ "dangling.default.svc.cluster.local" } << "NOERROR"
            << QStringList{ "ANSWER: 0", "SOA" };
    QTest::addRow("an ExternalName pointing at itself is NODATA")
            << QStringList{ "loop.default.svc.cluster.local" } << "NOERROR"
            << QStringList{ "ANSWER: 0" };
    QTest::addRow("an ExternalName holding an IP address is NXDOMAIN")
            << QStringList{ "literal.default.svc.cluster.local" } << "NXDOMAIN" << QStringList{};
    QTest::addRow("a port under an ExternalName is NXDOMAIN")
            << QStringList{ "_http._tcp." + search, "SRV" } << "NXDOMAIN" << QStringList{};
}

// Rows for PTR queries (dig -x); an answer starting with ! must be absent.
void TestDns::addReverseRows()
{
    QTest::addRow("a ClusterIP's PTR names its Service")
            << QStringList{ "-x", "127.96.9.20" } << "NOERROR"
            << QStringList{ "20.9.96.127.in-addr.arpa. 5 IN PTR backend.default.svc.cluster.local.",
                            "ANSWER: 1," };
    QTest::addRow("an endpoint IP without hostname gets its dashed name")
            << QStringList{ "-x", "127.244.29.50" } << "NOERROR"
            << QStringList{ "IN PTR 127-244-29-50.backend.default.svc.cluster.local.",
                            "ANSWER: 1," };
    QTest::addRow("an endpoint with a hostname gets the hostname")
            << QStringList{ "-x", "127.244.29.40" } << "NOERROR"
            << QStringList{ "IN PTR web-0.nginx.default.svc.cluster.local.", "!127-244-29-40" };
    QTest::addRow("an IP behind two Services gets one PTR per Service")
            << QStringList{ "-x", "127.244.29.51" } << "NOERROR"
            << QStringList{ "IN PTR 127-244-29-51.backend.default.svc.cluster.local.",
                            "IN PTR 127-244-29-51.cart.shop.svc.cluster.local.", "ANSWER: 2," };
    QTest::addRow("an endpoint's PTR name resolves back to its IP")
            << QStringList{ "127-244-29-50.backend.default.svc.cluster.local" } << "NOERROR"
            << QStringList{ "IN A 127.244.29.50" };
    QTest::addRow("an unknown IP in the Pod range is NXDOMAIN")
            << QStringList{ "-x", "127.244.29.99" } << "NXDOMAIN"
            << QStringList{ "aa", "244.127.in-addr.arpa. 5 IN SOA" };
    QTest::addRow("an unknown IP in the Service range is NXDOMAIN")
            << QStringList{ "-x", "127.111.255.254" } << "NXDOMAIN"
            << QStringList{ "111.127.in-addr.arpa. 5 IN SOA" };
    QTest::addRow("a reverse zone's apex is NODATA")
            << QStringList{ "96.127.in-addr.arpa", "PTR" } << "NOERROR"
            << QStringList{ "ANSWER: 0", "96.127.in-addr.arpa. 5 IN SOA" };
    QTest::addRow("A for a known reverse name is NODATA")
            << QStringList{ "20.9.96.127.in-addr.arpa", "A" } << "NOERROR"
            << QStringList{ "ANSWER: 0" };
    QTest::addRow("a reverse name outside the cluster is REFUSED")
            << QStringList{ "-x", "8.8.8.8" } << "REFUSED" << QStringList{ "ANSWER: 0" };
    QTest::addRow("a loopback address outside both ranges is REFUSED")
            << QStringList{ "-x", "127.0.0.1" } << "REFUSED" << QStringList{};
    QTest::addRow("a reverse PTR over TCP is answered")
            << QStringList{ "+tcp", "-x", "127.96.9.25" } << "NOERROR"
            << QStringList{ "IN PTR cart.shop.svc.cluster.local." };
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
    for (const auto &answer : answers) {
        if (answer.startsWith('!'))
            QVERIFY2(!output.contains(answer.mid(1)), qPrintable(answer + " in:\n" + output));
        else
            QVERIFY2(output.contains(answer), qPrintable(answer + " not in:\n" + output));
    }
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
    // The pure handler on 20000 mutations of good queries (with EDNS) for SRV, a CNAME chain
    // and a PTR: every reply is a response to the same id, or nothing. Under ASan this also
    // proves no read past the end.
    const auto query = [](const QByteArray &name, const char *typeHex) {
        QByteArray wire;
        for (const auto &label : name.split('.'))
            wire += char(label.size()) + label;
        return QByteArray::fromHex("beef01000001000000000001") + wire + '\0'
                + QByteArray::fromHex(typeHex) + QByteArray::fromHex("0001")
                + QByteArray::fromHex("0000291000000000000000");
    };
    const QByteArray goods[] = { query("_http._tcp.backend.default", "0021"),
                                 query("hop.shop", "0001"),
                                 query("20.9.96.127.in-addr.arpa", "000c") };
    const auto zone = makeZone();
    std::mt19937 random(1234);
    for (int i = 0; i < 20000; ++i) {
        std::string packet = goods[i % 3].toStdString();
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
    QTest::addRow("an ExternalName to an in-cluster name resolves to its addresses")
            << "alias"
            << "default" << QStringList{ "127.96.9.20" };
    QTest::addRow("a chain of ExternalNames resolves from another namespace")
            << "hop.shop"
            << "default" << QStringList{ "127.96.9.20" };
    QTest::addRow("an ExternalName to an outside name resolves to nothing without upstream")
            << "search"
            << "default" << QStringList{};
    QTest::addRow("an ExternalName loop resolves to nothing") << "loop"
                                                              << "default" << QStringList{};
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
