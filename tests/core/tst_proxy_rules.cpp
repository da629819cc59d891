#include "proxyrules/chain_names.h"
#include "proxyrules/iptables_rules.h"

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

QTEST_GUILESS_MAIN(TestProxyRules)
#include "tst_proxy_rules.moc"
