// kube-proxy's rules for the running cluster (Engine::proxyRules): generated from the store,
// with the forwarder's real connection counts on them and the last connection's rules marked.
#include "service_types_lab.h"

#include <QRegularExpression>

using namespace clusterlab;
using namespace clusterlab::testing;

namespace {

const char *kBackends = R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: backend}
spec:
  replicas: 3
  selector: {matchLabels: {app: backend}}
  template:
    metadata: {labels: {app: backend}}
    spec:
      containers:
      - name: api
        image: nginx:1.25
        ports: [{containerPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: backend}
spec:
  type: NodePort
  selector: {app: backend}
  ports:
  - port: 80
    targetPort: 8080
    nodePort: 30200
)";

/// lineOf is the one line of the listing that matches pattern (empty when none or several).
QString lineOf(const ProxyRulesView &view, const QString &pattern)
{
    const QRegularExpression re(pattern);
    QString found;
    int count = 0;
    for (const auto &line : view.lines)
        if (re.match(QString::fromStdString(line.text)).hasMatch()) {
            found = QString::fromStdString(line.text);
            ++count;
        }
    return count == 1 ? found : QString();
}

std::uint64_t packetsOf(const ProxyRulesView &view, const std::string &id)
{
    for (const auto &line : view.lines)
        if (line.id == id)
            return line.packets;
    return 0;
}

} // namespace

class TestProxyRulesView : public QObject
{
    Q_OBJECT

private slots:
    void iptablesRulesNameTheClusterAsItIs();
    void countsFollowRealConnections();
    void nodePortCountsOnTheNodeThatForwarded();
    void everyModeAndNodeRenders();
};

void TestProxyRulesView::iptablesRulesNameTheClusterAsItIs()
{
    ServiceTypesLab lab(kBackends);
    const auto svc = lab.service("backend");
    const ProxyRulesView view = lab.engine.proxyRules(ProxyMode::Iptables, "node-2").get();
    QCOMPARE(view.node, std::string("node-2"));
    QCOMPARE(view.nodeIP, std::string("127.244.2.1"));
    const QString clusterIP = QString::fromStdString(svc->spec.clusterIP);
    QVERIFY2(!lineOf(view,
                     "^-A KUBE-SERVICES -m comment --comment \"default/backend cluster IP\" -m tcp "
                     "-p tcp -d "
                             + QRegularExpression::escape(clusterIP) + " --dport 80 -j KUBE-SVC-")
                      .isEmpty(),
             view.text(false).c_str());
    QVERIFY(!lineOf(view, "^-A KUBE-NODEPORTS .*--dport 30200 -j KUBE-EXT-").isEmpty());
    // Three endpoints: the 1/3, 1/2, 1 cascade.
    QVERIFY(!lineOf(view, "-m statistic --mode random --probability 0.3333333333 -j KUBE-SEP-")
                     .isEmpty());
    QVERIFY(!lineOf(view, "-m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-")
                     .isEmpty());
    int dnats = 0;
    for (const auto &line : view.lines)
        dnats += QString::fromStdString(line.text).contains(
                QRegularExpression("-j DNAT --to-destination 127\\.244\\.\\d+\\.\\d+:8080$"));
    QCOMPARE(dnats, 3);
}

void TestProxyRulesView::countsFollowRealConnections()
{
    ServiceTypesLab lab(kBackends);
    const auto svc = lab.service("backend");
    const int requests = 12;
    for (int i = 0; i < requests; ++i)
        QCOMPARE(runTool("curl",
                         { "-s", "-m", "5", "-o", "/dev/null",
                           QStringLiteral("http://%1/hostname")
                                   .arg(QString::fromStdString(svc->spec.clusterIP)) })
                         .exitCode,
                 0);
    ProxyRulesView view;
    QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                view = lab.engine.proxyRules(ProxyMode::Iptables).get();
                std::uint64_t picked = 0;
                for (const auto &line : view.lines)
                    if (line.role == proxyrules::RuleRole::EndpointDnat)
                        picked += line.packets;
                return picked == std::uint64_t(requests);
            }(),
            5000);
    QVERIFY(!view.matched.empty());
    // The last connection's DNAT is marked, and it is to a Pod that counted a connection.
    bool dnatMarked = false;
    for (const auto &line : view.lines)
        if (line.role == proxyrules::RuleRole::EndpointDnat
            && std::find(view.matched.begin(), view.matched.end(), line.id) != view.matched.end()) {
            dnatMarked = true;
            QVERIFY(packetsOf(view, line.id) > 0);
        }
    QVERIFY(dnatMarked);
    // Of the 1/3, 1/2, 1 cascade only the step the connection took is marked, as iptables
    // counts only a rule whose match succeeded: one pick, to the DNAT's endpoint.
    QStringList picks, dnats;
    for (const auto &line : view.lines)
        if (std::find(view.matched.begin(), view.matched.end(), line.id) != view.matched.end()) {
            if (line.role == proxyrules::RuleRole::EndpointPick)
                picks << QString::fromStdString(line.endpoint);
            if (line.role == proxyrules::RuleRole::EndpointDnat)
                dnats << QString::fromStdString(line.endpoint);
        }
    QCOMPARE(picks.size(), 1);
    QCOMPARE(picks, dnats);
    // curl runs on this computer, outside the Pod network: every connection passed the
    // ClusterIP's masquerade mark, and none entered through a node port.
    const auto countOf = [&](const QString &pattern) {
        const QString line = lineOf(view, pattern);
        for (const auto &l : view.lines)
            if (QString::fromStdString(l.text) == line)
                return l.packets;
        return std::uint64_t(999999);
    };
    QCOMPARE(countOf("^-A KUBE-SVC-\\S+ .*backend cluster IP.* ! -s 127\\.244\\.0\\.0/16 -j "
                     "KUBE-MARK-MASQ$"),
             std::uint64_t(requests));
    QCOMPARE(countOf("^-A KUBE-NODEPORTS .*--dport 30200 -j KUBE-EXT-"), std::uint64_t(0));
    QVERIFY2(QString::fromStdString(view.text(true))
                     .contains(QRegularExpression("^\\[\\d+:\\d+\\] -A KUBE-SEP-",
                                                  QRegularExpression::MultilineOption)),
             view.text(true).c_str());
}

void TestProxyRulesView::nodePortCountsOnTheNodeThatForwarded()
{
    ServiceTypesLab lab(kBackends);
    for (int i = 0; i < 5; ++i)
        QCOMPARE(
                runTool("curl", { "-s", "-m", "5", "-o", "/dev/null", "http://127.244.2.1:30200/" })
                        .exitCode,
                0);
    const auto nodePortCount = [&](const std::string &node) {
        const auto view = lab.engine.proxyRules(ProxyMode::Iptables, node).get();
        std::uint64_t n = 0;
        for (const auto &line : view.lines)
            if (line.role == proxyrules::RuleRole::NodePort)
                n += line.packets;
        return n;
    };
    QTRY_COMPARE_WITH_TIMEOUT(nodePortCount("node-2"), std::uint64_t(5), 5000);
    QCOMPARE(nodePortCount("node-1"), std::uint64_t(0));
    const auto view1 = lab.engine.proxyRules(ProxyMode::Iptables, "node-1").get();
    QVERIFY(view1.matched.empty()); // the last connection did not pass node-1's rules
    QVERIFY2(view1.lastConnection.ends_with("through node-2's rules, not these"),
             view1.lastConnection.c_str());
}

void TestProxyRulesView::everyModeAndNodeRenders()
{
    ServiceTypesLab lab(kBackends);
    const auto ipvs = lab.engine.proxyRules(ProxyMode::Ipvs, "node-3").get();
    QVERIFY2(QString::fromStdString(ipvs.text()).contains("127.244.3.1:30200"),
             ipvs.text().c_str());
    const auto nft = lab.engine.proxyRules(ProxyMode::Nftables).get();
    QVERIFY2(QString::fromStdString(nft.text()).contains("table ip kube-proxy"),
             nft.text().c_str());
    QVERIFY2(QString::fromStdString(nft.text()).contains("numgen random mod 3"),
             nft.text().c_str());
    QVERIFY(lab.engine.proxyRules(ProxyMode::Iptables, "node-9").get().node.empty());
}

QTEST_GUILESS_MAIN(TestProxyRulesView)
#include "tst_proxy_rules_view.moc"
