#include "proxyrules/chain_names.h"
#include "proxyrules/iptables_rules.h"
#include "proxyrules/ipvs_rules.h"
#include "proxyrules/nftables_rules.h"
#include "proxyrules/rule_match.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace clusterlab::proxyrules;

namespace {

const QString kFixtures = QStringLiteral(CLUSTERLAB_SOURCE_DIR "/tests/data/kube-proxy/");

QByteArray readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

std::vector<std::string> strings(const QJsonValue &value)
{
    std::vector<std::string> out;
    for (const QJsonValue &item : value.toArray())
        out.push_back(item.toString().toStdString());
    return out;
}

ProxyOptions optionsFrom(const QJsonObject &o)
{
    ProxyOptions options;
    options.nodeName = o["nodeName"].toString().toStdString();
    options.nodeIP = o["nodeIP"].toString().toStdString();
    options.clusterCIDR = o["clusterCIDR"].toString().toStdString();
    options.masqueradeAll = o["masqueradeAll"].toBool(options.masqueradeAll);
    options.masqueradeBit = o["masqueradeBit"].toInt(options.masqueradeBit);
    options.localhostNodePorts = o["localhostNodePorts"].toBool(options.localhostNodePorts);
    options.nodePortAddresses = strings(o["nodePortAddresses"]);
    options.nfacctCounters = o["nfacctCounters"].toBool(options.nfacctCounters);
    options.conntrackTCPLiberal = o["conntrackTCPLiberal"].toBool(options.conntrackTCPLiberal);
    options.randomFully = o["randomFully"].toBool(options.randomFully);
    return options;
}

ProxyServicePort serviceFrom(const QJsonObject &o)
{
    ProxyServicePort sp;
    sp.ns = o["ns"].toString().toStdString();
    sp.name = o["name"].toString().toStdString();
    sp.portName = o["portName"].toString().toStdString();
    sp.protocol = o["protocol"].toString("TCP").toStdString();
    sp.clusterIP = o["clusterIP"].toString().toStdString();
    sp.port = o["port"].toInt();
    sp.nodePort = o["nodePort"].toInt();
    sp.externalIPs = strings(o["externalIPs"]);
    sp.loadBalancerIPs = strings(o["loadBalancerIPs"]);
    sp.loadBalancerSourceRanges = strings(o["loadBalancerSourceRanges"]);
    sp.externalPolicyLocal = o["externalPolicyLocal"].toBool();
    sp.internalPolicyLocal = o["internalPolicyLocal"].toBool();
    sp.healthCheckNodePort = o["healthCheckNodePort"].toInt();
    sp.clientIPAffinity = o["clientIPAffinity"].toBool();
    sp.affinityTimeoutSeconds = o["affinityTimeoutSeconds"].toInt(10800);
    for (const QJsonValue &value : o["endpoints"].toArray()) {
        const QJsonObject e = value.toObject();
        ProxyEndpoint ep;
        ep.ip = e["ip"].toString().toStdString();
        ep.port = e["port"].toInt();
        ep.nodeName = e["nodeName"].toString().toStdString();
        ep.ready = e["ready"].toBool(true);
        ep.serving = e["serving"].toBool(true);
        ep.terminating = e["terminating"].toBool(false);
        sp.endpoints.push_back(ep);
    }
    return sp;
}

struct Fixture
{
    ProxyOptions options;
    std::vector<ProxyServicePort> services;
    QStringList expected;
};

Fixture loadFixture(const QString &name)
{
    const QJsonObject root = QJsonDocument::fromJson(readFile(kFixtures + name)).object();
    Fixture fixture;
    fixture.options = optionsFrom(root["options"].toObject());
    for (const QJsonValue &value : root["services"].toArray())
        fixture.services.push_back(serviceFrom(value.toObject()));
    const QString expected = QString::fromUtf8(readFile(kFixtures + root["expected"].toString()));
    fixture.expected = expected.split('\n', Qt::SkipEmptyParts);
    return fixture;
}

QStringList renderedLines(const std::vector<RuleLine> &lines)
{
    return QString::fromStdString(renderRules(lines)).split('\n', Qt::SkipEmptyParts);
}

} // namespace

class TestProxyRules : public QObject
{
    Q_OBJECT

private slots:
    void chainNamesHashLikeKubeProxy_data();
    void chainNamesHashLikeKubeProxy();
    void probabilitiesFormatLikeGo();
    void iptablesMatchesKubeProxyFixtures_data();
    void iptablesMatchesKubeProxyFixtures();
    void iptablesFollowsEndpointChanges();
    void lineIdsAreUniqueAndStable();
    void matchedLinesFollowTheConnection_data();
    void matchedLinesFollowTheConnection();
    void countsBecomeIptablesSaveCounters();
    void ipvsListsVirtualAndRealServers();
    void nftablesNamesAndDispatchesLikeKubeProxy();
};

void TestProxyRules::chainNamesHashLikeKubeProxy_data()
{
    QTest::addColumn<QString>("chain");
    QTest::addColumn<QString>("expected");
    QTest::addRow("a named port's service chain")
            << QString::fromStdString(serviceClusterChain("ns1/svc1:p80", "TCP"))
            << "KUBE-SVC-XPGD46QRK7WJZT7O";
    QTest::addRow("an unnamed port's service chain")
            << QString::fromStdString(serviceClusterChain("ns1/svc1", "TCP"))
            << "KUBE-SVC-AQI2S6QIMU7PVVRP";
    QTest::addRow("the external chain shares the service hash")
            << QString::fromStdString(serviceExternalChain("ns2/svc2:p80", "TCP"))
            << "KUBE-EXT-GNZBNJ2PO5MGZ6GT";
    QTest::addRow("an endpoint chain hashes the endpoint too")
            << QString::fromStdString(serviceEndpointChain("ns1/svc1:p80", "TCP", "10.180.0.1:80"))
            << "KUBE-SEP-SXIVWICOYRO3J4NJ";
    QTest::addRow("sha256 of abc encodes as Go's base32")
            << QString::fromStdString(sha256Base32("abc"))
            << "XJ4BNP4PAHH6UQKBIDPF3LRCEOYAGYNDSYLXVHFUCD7WD4QACWWQ====";
}

void TestProxyRules::chainNamesHashLikeKubeProxy()
{
    QFETCH(QString, chain);
    QFETCH(QString, expected);
    QCOMPARE(chain, expected);
}

void TestProxyRules::probabilitiesFormatLikeGo()
{
    QCOMPARE(iptablesProbability(2), std::string("0.5000000000"));
    QCOMPARE(iptablesProbability(3), std::string("0.3333333333"));
    QCOMPARE(iptablesProbability(6), std::string("0.1666666667"));
}

void TestProxyRules::iptablesMatchesKubeProxyFixtures_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addRow("six Services of every kind match TestOverallIPTablesRules") << "overall.json";
    QTest::addRow("a Local NodePort with --nodeport-addresses matches TestOnlyLocalNodePorts")
            << "only_local_nodeports.json";
    QTest::addRow("three endpoints split 1/3, 1/2, rest under Cluster internal policy")
            << "itp_cluster.json";
    QTest::addRow("Local internal policy keeps only the local endpoint") << "itp_local.json";
    QTest::addRow("Local internal policy without local endpoints drops ClusterIP traffic")
            << "itp_local_none.json";
}

void TestProxyRules::iptablesMatchesKubeProxyFixtures()
{
    QFETCH(QString, fixture);
    const Fixture f = loadFixture(fixture);
    QVERIFY2(!f.expected.isEmpty(), qPrintable("cannot read " + fixture));
    const QStringList actual = renderedLines(generateIptablesRules(f.services, f.options));
    for (qsizetype i = 0; i < std::min(actual.size(), f.expected.size()); ++i)
        QCOMPARE(actual[i], f.expected[i]);
    QCOMPARE(actual.size(), f.expected.size());
}

void TestProxyRules::iptablesFollowsEndpointChanges()
{
    Fixture f = loadFixture("itp_cluster.json");
    f.services[0].endpoints[1].ready = false; // 10.0.1.2 is no longer Ready
    const QStringList actual = renderedLines(generateIptablesRules(f.services, f.options));
    QVERIFY(actual != f.expected);
    QVERIFY(!actual.join('\n').contains("10.0.1.2"));
    QVERIFY(actual.contains("-A KUBE-SVC-AQI2S6QIMU7PVVRP -m comment --comment \"ns1/svc1 -> "
                            "10.0.1.1:80\" -m statistic --mode random --probability 0.5000000000 "
                            "-j KUBE-SEP-3JOIVZTXZZRGORX4"));
}

void TestProxyRules::lineIdsAreUniqueAndStable()
{
    Fixture f = loadFixture("overall.json");
    const std::vector<RuleLine> before = generateIptablesRules(f.services, f.options);
    QSet<QString> ids;
    for (const RuleLine &line : before)
        ids.insert(QString::fromStdString(line.id));
    QCOMPARE(ids.size(), qsizetype(before.size()));

    // Adding an endpoint to ns4/svc4 changes its probabilities but not the ids of its lines.
    f.services[3].endpoints.push_back({ "10.180.0.6", 80, "" });
    const std::vector<RuleLine> after = generateIptablesRules(f.services, f.options);
    const auto pickId = [](const std::vector<RuleLine> &lines, const std::string &endpoint) {
        for (const RuleLine &line : lines)
            if (line.role == RuleRole::EndpointPick && line.endpoint == endpoint)
                return std::make_pair(line.id, line.text);
        return std::make_pair(std::string(), std::string());
    };
    const auto [idBefore, textBefore] = pickId(before, "10.180.0.4:80");
    const auto [idAfter, textAfter] = pickId(after, "10.180.0.4:80");
    QVERIFY(!idBefore.empty());
    QCOMPARE(idAfter, idBefore);
    QVERIFY(textAfter != textBefore);
}

namespace {

QStringList textsOf(const std::vector<RuleLine> &lines, const std::vector<std::string> &ids)
{
    QStringList texts;
    for (const std::string &id : ids)
        for (const RuleLine &line : lines)
            if (line.id == id)
                texts << QString::fromStdString(line.text);
    return texts;
}

} // namespace

void TestProxyRules::matchedLinesFollowTheConnection_data()
{
    QTest::addColumn<QString>("svcKey");
    QTest::addColumn<QString>("endpoint");
    QTest::addColumn<int>("entry");
    QTest::addColumn<int>("source");
    QTest::addColumn<QStringList>("expected");
    QTest::addRow("a pod to a ClusterIP passes the portal, the pick and the DNAT")
            << "ns4/svc4:p80"
            << "10.180.0.5" << int(ProxyEntry::ClusterIP) << int(ProxySource::Pod)
            << QStringList{ "-A KUBE-SERVICES -m comment --comment \"ns4/svc4:p80 cluster IP\" -m "
                            "tcp -p tcp -d 172.30.0.44 --dport 80 -j KUBE-SVC-4SW47YFZTEDKD3PK",
                            "-A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment \"ns4/svc4:p80 -> "
                            "10.180.0.5:80\" -j KUBE-SEP-C6EBXVWJJZMIWKLZ",
                            "-A KUBE-SEP-C6EBXVWJJZMIWKLZ -m comment --comment ns4/svc4:p80 -m tcp "
                            "-p tcp -j DNAT --to-destination 10.180.0.5:80" };
    QTest::addRow("an outside client to a NodePort is masqueraded in KUBE-EXT")
            << "ns3/svc3:p80"
            << "10.180.0.3:80" << int(ProxyEntry::NodePort) << int(ProxySource::External)
            << QStringList{ "-A KUBE-SERVICES -m comment --comment \"kubernetes service nodeports; "
                            "NOTE: this must be the last rule in this chain\" -m addrtype "
                            "--dst-type LOCAL -j KUBE-NODEPORTS",
                            "-A KUBE-NODEPORTS -m comment --comment ns3/svc3:p80 -m tcp -p tcp "
                            "--dport 3003 -j KUBE-EXT-X27LE4BHSL4DOUIK",
                            "-A KUBE-EXT-X27LE4BHSL4DOUIK -m comment --comment \"masquerade "
                            "traffic for ns3/svc3:p80 external destinations\" -j KUBE-MARK-MASQ",
                            "-A KUBE-EXT-X27LE4BHSL4DOUIK -j KUBE-SVC-X27LE4BHSL4DOUIK",
                            "-A KUBE-SVC-X27LE4BHSL4DOUIK -m comment --comment \"ns3/svc3:p80 -> "
                            "10.180.0.3:80\" -j KUBE-SEP-OYPFS5VJICHGATKP",
                            "-A KUBE-SEP-OYPFS5VJICHGATKP -m comment --comment ns3/svc3:p80 -m tcp "
                            "-p tcp -j DNAT --to-destination 10.180.0.3:80" };
    QTest::addRow("an LB IP with source ranges goes through KUBE-FW")
            << "ns5/svc5:p80"
            << "10.180.0.3" << int(ProxyEntry::LoadBalancerIP) << int(ProxySource::External)
            << QStringList{ "-A KUBE-SERVICES -m comment --comment \"ns5/svc5:p80 loadbalancer "
                            "IP\" -m tcp -p tcp -d 5.6.7.8 --dport 80 -j KUBE-FW-NUKIZ6OKUXPJNT4C",
                            "-A KUBE-FW-NUKIZ6OKUXPJNT4C -m comment --comment \"ns5/svc5:p80 "
                            "loadbalancer IP\" -s 203.0.113.0/25 -j KUBE-EXT-NUKIZ6OKUXPJNT4C",
                            "-A KUBE-EXT-NUKIZ6OKUXPJNT4C -m comment --comment \"masquerade "
                            "traffic for ns5/svc5:p80 external destinations\" -j KUBE-MARK-MASQ",
                            "-A KUBE-EXT-NUKIZ6OKUXPJNT4C -j KUBE-SVC-NUKIZ6OKUXPJNT4C",
                            "-A KUBE-SVC-NUKIZ6OKUXPJNT4C -m comment --comment \"ns5/svc5:p80 -> "
                            "10.180.0.3:80\" -j KUBE-SEP-I77PXRDZVX7PMWMN",
                            "-A KUBE-SEP-I77PXRDZVX7PMWMN -m comment --comment ns5/svc5:p80 -m "
                            "recent --name KUBE-SEP-I77PXRDZVX7PMWMN --set -m tcp -p tcp -j DNAT "
                            "--to-destination 10.180.0.3:80" };
    QTest::addRow("a Service without endpoints matches its REJECT")
            << "ns6/svc6:p80"
            << "" << int(ProxyEntry::ClusterIP) << int(ProxySource::Pod)
            << QStringList{ "-A KUBE-SERVICES -m comment --comment \"ns6/svc6:p80 has no "
                            "endpoints\" -m tcp -p tcp -d 172.30.0.46 --dport 80 -j REJECT" };
}

void TestProxyRules::matchedLinesFollowTheConnection()
{
    QFETCH(QString, svcKey);
    QFETCH(QString, endpoint);
    QFETCH(int, entry);
    QFETCH(int, source);
    QFETCH(QStringList, expected);
    const Fixture f = loadFixture("overall.json");
    const std::vector<RuleLine> lines = generateIptablesRules(f.services, f.options);
    ProxyConnection connection;
    connection.svcKey = svcKey.toStdString();
    connection.endpoint = endpoint.toStdString();
    connection.entry = ProxyEntry(entry);
    connection.source = ProxySource(source);
    QCOMPARE(textsOf(lines, matchedLineIds(lines, connection)), expected);
}

void TestProxyRules::countsBecomeIptablesSaveCounters()
{
    const Fixture f = loadFixture("overall.json");
    std::vector<RuleLine> lines = generateIptablesRules(f.services, f.options);
    // From Pods: the ClusterIP's "! -s 10.0.0.0/8" masquerade mark does not apply to them.
    const auto fromPod = [](const char *endpoint) {
        ProxyConnection c;
        c.svcKey = "ns4/svc4:p80";
        c.endpoint = endpoint;
        c.source = ProxySource::Pod;
        return c;
    };
    countConnections(lines,
                     { { fromPod("10.180.0.4"), 3, 300 }, { fromPod("10.180.0.5"), 5, 512 } });
    const QStringList text =
            QString::fromStdString(renderRules(lines, { .counters = true })).split('\n');
    QVERIFY(text.contains("[8:812] -A KUBE-SERVICES -m comment --comment \"ns4/svc4:p80 cluster "
                          "IP\" -m tcp -p tcp -d 172.30.0.44 --dport 80 -j "
                          "KUBE-SVC-4SW47YFZTEDKD3PK"));
    QVERIFY(text.contains("[3:300] -A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "
                          "\"ns4/svc4:p80 -> 10.180.0.4:80\" -m statistic --mode random "
                          "--probability 0.5000000000 -j KUBE-SEP-UKSFD7AGPMPPLUHC"));
    QVERIFY(text.contains("[5:512] -A KUBE-SEP-C6EBXVWJJZMIWKLZ -m comment --comment ns4/svc4:p80 "
                          "-m tcp -p tcp -j DNAT --to-destination 10.180.0.5:80"));
    QVERIFY(text.contains("[0:0] -A KUBE-SEP-C6EBXVWJJZMIWKLZ -m comment --comment ns4/svc4:p80 "
                          "-s 10.180.0.5 -j KUBE-MARK-MASQ"));
    QVERIFY(text.contains(":KUBE-SVC-4SW47YFZTEDKD3PK - [0:0]"));
}

void TestProxyRules::ipvsListsVirtualAndRealServers()
{
    const Fixture f = loadFixture("overall.json");
    const std::vector<RuleLine> lines = generateIpvsRules(f.services, f.options);
    const QStringList text = renderedLines(lines);
    const qsizetype vs = text.indexOf("TCP  172.30.0.44:80 rr");
    QVERIFY(vs > 0);
    QCOMPARE(text[vs + 1], "  -> 10.180.0.4:80                Masq    1      0          0");
    QCOMPARE(text[vs + 2], "  -> 10.180.0.5:80                Masq    1      0          0");
    QVERIFY(text.contains("TCP  172.30.0.45:80 rr persistent 10800"));
    // externalTrafficPolicy Local with no local endpoint: the node port has no real servers
    const qsizetype nodePort = text.indexOf("TCP  192.168.0.2:3001 rr");
    QVERIFY(nodePort > 0);
    QVERIFY(!text[nodePort + 1].startsWith("  ->"));
    const auto ids = matchedLineIds(lines, { "ns4/svc4:p80", "10.180.0.5", ProxyEntry::ClusterIP });
    QCOMPARE(textsOf(lines, ids),
             (QStringList{ "TCP  172.30.0.44:80 rr",
                           "  -> 10.180.0.5:80                Masq    1      0          0" }));
}

void TestProxyRules::nftablesNamesAndDispatchesLikeKubeProxy()
{
    const Fixture f = loadFixture("itp_cluster.json");
    ProxyServicePort named = f.services[0];
    named.portName = "p80";
    // the examples in kube-proxy's own comments (pkg/proxy/nftables/proxier.go)
    QCOMPARE(nftablesServiceChainBase(named), std::string("ULMVA6XW-ns1/svc1/tcp/p80"));
    QCOMPARE(nftablesEndpointChainBase(named, { "10.180.0.1", 80, "" }),
             std::string("5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80"));
    const QStringList text = renderedLines(generateNftablesRules(f.services, f.options));
    const QString base = QString::fromStdString(nftablesServiceChainBase(f.services[0]));
    const auto endpoint = [&](int i) {
        return "endpoint-"
                + QString::fromStdString(
                        nftablesEndpointChainBase(f.services[0], f.services[0].endpoints[i]));
    };
    QVERIFY(text.contains("\t\telements = { 172.30.1.1 . tcp . 80 : goto service-" + base + " }"));
    QVERIFY(text.contains("\t\tnumgen random mod 3 vmap { 0 : goto " + endpoint(0) + ", 1 : goto "
                          + endpoint(1) + ", 2 : goto " + endpoint(2) + " }"));
    QVERIFY(text.contains("\tchain " + endpoint(2) + " {"));
    QVERIFY(text.contains("\t\tmeta l4proto tcp dnat to 10.0.1.3:80"));
}

QTEST_GUILESS_MAIN(TestProxyRules)
#include "tst_proxy_rules.moc"
