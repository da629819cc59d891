// Every Service type end to end, with the real curl and dig: node ports on every node's IP and
// on 127.0.0.1, externalTrafficPolicy Cluster (SNAT to the node) and Local (the client's own
// address, only that node's Pods), LoadBalancer addresses from the simulated cloud, external
// IPs, and the API server's errors for node ports.
#include "service_types_lab.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

using namespace clusterlab;
using namespace clusterlab::testing;

namespace {

std::string webDeployment(int replicas)
{
    return R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: )"
            + std::to_string(replicas) + R"(
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.25
        ports: [{containerPort: 8080}]
)";
}

std::string webService(const std::string &name, const std::string &type,
                       const std::string &extraSpec = {}, const std::string &portExtra = {})
{
    return "---\napiVersion: v1\nkind: Service\nmetadata: {name: " + name
            + "}\nspec:\n  type: " + type + "\n  selector: {app: web}\n" + extraSpec
            + "  ports:\n  - port: 80\n    targetPort: 8080\n" + portExtra;
}

const QStringList kNodeIPs{ "127.244.1.1", "127.244.2.1", "127.244.3.1" };

QString messageOf(const cluster::ApplyResult &result)
{
    QStringList out;
    for (const auto &e : result.errors)
        out << QString::fromStdString(e.message);
    return out.join('\n');
}

QString clientHost(const QJsonObject &answer)
{
    const QString client = answer.value("client").toString();
    return client.left(client.lastIndexOf(':'));
}

} // namespace

class TestServiceTypes : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void nodePortAnswersOnEveryNodeAndLocalhost();
    void localPolicyKeepsTheClientAndTheNode();
    void internalLocalKeepsPodTrafficOnItsNode();
    void nodePortErrorsUseTheApiServersWords();
    void typeChangeReleasesTheNodePort();
    void loadBalancerGetsAnAddressAndServes();
    void loadBalancerHonoursItsFields();
    void externalIPsInLoopbackAreServed();
    void localLoadBalancerHealthCheckFindsTheNode();
    void digAnswersExternalNameAndReverse();
};

void TestServiceTypes::initTestCase()
{
    if (QStandardPaths::findExecutable("curl").isEmpty())
        QSKIP("curl is not installed (apt-get install curl)");
}

void TestServiceTypes::nodePortAnswersOnEveryNodeAndLocalhost()
{
    ServiceTypesLab lab(webDeployment(3)
                        + webService("web", "NodePort", {}, "    nodePort: 30080\n"));
    const auto svc = lab.service("web");
    QVERIFY(svc);
    QCOMPARE(svc->spec.ports.front().nodePort, 30080);
    QCOMPARE(svc->spec.externalTrafficPolicy, std::string("Cluster"));
    for (const QString &node : kNodeIPs) {
        int exit = -1;
        const auto answer = curlJson(node, 30080, &exit);
        QVERIFY2(exit == 0, qPrintable(node));
        QVERIFY2(answer.value("pod").toString().startsWith("web-"), qPrintable(node));
        // Cluster: the node masquerades, so the Pod sees the node's address as the client.
        QCOMPARE(clientHost(answer), node);
    }
    int exit = -1;
    const auto local = curlJson("127.0.0.1", 30080, &exit);
    QCOMPARE(exit, 0);
    QCOMPARE(clientHost(local), QString("127.244.1.1")); // node-1's localhost
    // The ClusterIP keeps working beside the node port.
    QCOMPARE(curlJson(QString::fromStdString(svc->spec.clusterIP), 80)
                     .value("pod")
                     .toString()
                     .left(4),
             QString("web-"));
}

void TestServiceTypes::localPolicyKeepsTheClientAndTheNode()
{
    ServiceTypesLab lab(webDeployment(1)
                        + webService("web", "NodePort", "  externalTrafficPolicy: Local\n",
                                     "    nodePort: 30081\n"));
    const auto nodes = lab.podNodes("web");
    QCOMPARE(int(nodes.size()), 1);
    const QString podNode = QString::fromStdString(nodes.begin()->second);
    int answered = 0;
    for (int n = 1; n <= 3; ++n) {
        const QString nodeName = QStringLiteral("node-%1").arg(n);
        int exit = -1;
        const auto answer = curlJson(kNodeIPs[n - 1], 30081, &exit);
        if (nodeName == podNode) {
            QCOMPARE(exit, 0);
            QCOMPARE(answer.value("node").toString(), podNode);
            QCOMPARE(clientHost(answer), QString("127.0.0.1")); // curl's own address, kept
            ++answered;
        } else {
            QCOMPARE(exit, 7); // a node without a local endpoint does not serve the port
        }
    }
    QCOMPARE(answered, 1);
}

void TestServiceTypes::internalLocalKeepsPodTrafficOnItsNode()
{
    std::string clients = webDeployment(6);
    for (const auto &[from, to] :
         { std::pair{ "name: web", "name: client" }, std::pair{ "app: web", "app: client" },
           std::pair{ "app: web", "app: client" } })
        clients.replace(clients.find(from), std::string(from).size(), to);
    ServiceTypesLab lab(webDeployment(1) + "---\n" + clients
                        + webService("web", "ClusterIP", "  internalTrafficPolicy: Local\n"));
    const QString clusterIP = QString::fromStdString(lab.service("web")->spec.clusterIP);
    const QString webNode = QString::fromStdString(lab.podNodes("web").begin()->second);
    const auto clientPods = lab.engine
                                    .call([](cluster::Cluster &c) {
                                        std::vector<std::pair<std::string, std::string>> out;
                                        for (const auto &object : c.store().select(
                                                     "Pod", "default", { { "app", "client" } })) {
                                            const auto &pod = std::get<model::Pod>(*object);
                                            out.emplace_back(pod.status.podIP, pod.spec.nodeName);
                                        }
                                        return out;
                                    })
                                    .get();
    int sameNode = 0, otherNode = 0;
    for (const auto &[podIP, node] : clientPods) {
        // curl from the client Pod's own address, as a process inside that Pod would connect.
        const auto run = runTool("curl",
                                 { "-s", "-m", "5", "--interface", QString::fromStdString(podIP),
                                   "-H", "Accept: application/json",
                                   QStringLiteral("http://%1/").arg(clusterIP) });
        if (QString::fromStdString(node) == webNode) {
            QCOMPARE(run.exitCode, 0);
            const auto answer = QJsonDocument::fromJson(run.out.toUtf8()).object();
            QCOMPARE(answer.value("node").toString(), webNode);
            QCOMPARE(clientHost(answer), QString::fromStdString(podIP));
            ++sameNode;
        } else {
            // No endpoint on this Pod's node: kube-proxy drops the packet; ClusterLab's
            // forwarder has accepted already, so it resets at once: curl sees the reset while
            // connecting (7) or on its first read (56); nothing answers.
            QVERIFY2((run.exitCode == 7 || run.exitCode == 56) && run.out.isEmpty(),
                     qPrintable(QStringLiteral("exit %1: %2").arg(run.exitCode).arg(run.out)));
            ++otherNode;
        }
    }
    QVERIFY2(sameNode > 0 && otherNode > 0, "the client Pods did not cover both cases");
    // From outside the Pod network (curl on the host) the policy does not apply.
    QCOMPARE(curlJson(clusterIP, 80).value("node").toString(), webNode);
}

void TestServiceTypes::nodePortErrorsUseTheApiServersWords()
{
    ServiceTypesLab lab(webDeployment(1)
                        + webService("a", "NodePort", {}, "    nodePort: 30082\n"));
    auto outOfRange = lab.apply(webService("b", "NodePort", {}, "    nodePort: 80\n"));
    QVERIFY(!outOfRange.ok);
    QVERIFY2(messageOf(outOfRange)
                     .contains("spec.ports[0].nodePort: Invalid value: 80: provided port is not in "
                               "the valid range. The range of valid ports is 30000-32767"),
             qPrintable(messageOf(outOfRange)));
    auto taken = lab.apply(webService("c", "NodePort", {}, "    nodePort: 30082\n"));
    QVERIFY(!taken.ok);
    QVERIFY2(messageOf(taken).contains(
                     "spec.ports[0].nodePort: Invalid value: 30082: provided port is "
                     "already allocated"),
             qPrintable(messageOf(taken)));
    auto onClusterIP = lab.apply(webService("d", "ClusterIP", {}, "    nodePort: 30083\n"));
    QVERIFY(!onClusterIP.ok);
    QVERIFY(messageOf(onClusterIP)
                    .contains("spec.ports[0].nodePort: Forbidden: may not be used when `type` is "
                              "'ClusterIP'"));
    QVERIFY(!lab.service("b") && !lab.service("c") && !lab.service("d"));
}

void TestServiceTypes::typeChangeReleasesTheNodePort()
{
    ServiceTypesLab lab(webDeployment(1)
                        + webService("a", "NodePort", {}, "    nodePort: 30084\n"));
    QCOMPARE(curlJson("127.244.1.1", 30084).value("pod").toString().left(4), QString("web-"));
    // Applied as written (the node port stays in the stored object, as kubectl apply's
    // merge keeps it): the update strategy drops it and the allocator releases it.
    auto changed = lab.apply(webService("a", "ClusterIP", {}, "    nodePort: 30084\n"));
    QVERIFY2(changed.ok, qPrintable(messageOf(changed)));
    QCOMPARE(lab.service("a")->spec.ports.front().nodePort, 0);
    int exit = -1;
    curlJson("127.244.1.1", 30084, &exit);
    QCOMPARE(exit, 7);
    auto reuse = lab.apply(webService("b", "NodePort", {}, "    nodePort: 30084\n"));
    QVERIFY2(reuse.ok, qPrintable(messageOf(reuse)));
    // A node port left out of an update is kept (matched by port name).
    auto again = lab.apply(webService("b", "NodePort"));
    QVERIFY2(again.ok, qPrintable(messageOf(again)));
    QCOMPARE(lab.service("b")->spec.ports.front().nodePort, 30084);
}

void TestServiceTypes::loadBalancerGetsAnAddressAndServes()
{
    ServiceTypesLab lab(webDeployment(2) + webService("lb", "LoadBalancer"));
    const auto svc = lab.service("lb");
    QCOMPARE(int(svc->status.loadBalancerIngress.size()), 1);
    const QString address = QString::fromStdString(svc->status.loadBalancerIngress.front().ip);
    QVERIFY2(address.startsWith("127.250.0."), qPrintable(address));
    QVERIFY(svc->spec.ports.front().nodePort >= 30000);
    QVERIFY(lab.events("lb").contains("EnsuredLoadBalancer: Ensured load balancer"));
    int exit = -1;
    const auto answer = curlJson(address, 80, &exit);
    QCOMPARE(exit, 0);
    QVERIFY(answer.value("pod").toString().startsWith("web-"));
    QVERIFY(clientHost(answer).startsWith("127.244.")); // through a node, masqueraded
    // The cloud gives the address back when the Service goes.
    lab.engine
            .call([](cluster::Cluster &c) {
                c.remove("Service", "default", "lb", "Background");
            })
            .get();
    lab.settle();
    curlJson(address, 80, &exit);
    QCOMPARE(exit, 7);
}

void TestServiceTypes::loadBalancerHonoursItsFields()
{
    ServiceTypesLab lab(
            webDeployment(1)
            + webService("fixed", "LoadBalancer", "  loadBalancerIP: 127.250.0.77\n")
            + webService("elsewhere", "LoadBalancer", "  loadBalancerIP: 192.0.2.10\n")
            + webService("other-class", "LoadBalancer", "  loadBalancerClass: example.com/lb\n")
            + webService("no-node-ports", "LoadBalancer",
                         "  allocateLoadBalancerNodePorts: false\n")
            + webService("walled", "LoadBalancer",
                         "  loadBalancerSourceRanges: [\"10.0.0.0/8\"]\n"));
    QCOMPARE(lab.service("fixed")->status.loadBalancerIngress.front().ip,
             std::string("127.250.0.77"));
    QVERIFY(lab.service("elsewhere")->status.loadBalancerIngress.empty());
    QVERIFY2(lab.events("elsewhere")
                     .join('\n')
                     .contains("SyncLoadBalancerFailed: Error syncing load balancer: failed to "
                               "ensure load "
                               "balancer: requested loadBalancerIP 192.0.2.10 is not in the pool "
                               "127.250.0.0/24"),
             qPrintable(lab.events("elsewhere").join('\n')));
    QVERIFY(lab.service("other-class")->status.loadBalancerIngress.empty());
    QVERIFY(lab.events("other-class").isEmpty());
    const auto bare = lab.service("no-node-ports");
    QCOMPARE(bare->spec.ports.front().nodePort, 0);
    QVERIFY(!bare->status.loadBalancerIngress.empty());
    QCOMPARE(curlJson(QString::fromStdString(bare->status.loadBalancerIngress.front().ip), 80)
                     .value("pod")
                     .toString()
                     .left(4),
             QString("web-"));
    // curl comes from 127.0.0.1, outside loadBalancerSourceRanges: refused.
    int exit = -1;
    const auto walled = lab.service("walled");
    curlJson(QString::fromStdString(walled->status.loadBalancerIngress.front().ip), 80, &exit);
    QVERIFY2(exit != 0, "a client outside loadBalancerSourceRanges got through");
}

void TestServiceTypes::externalIPsInLoopbackAreServed()
{
    ServiceTypesLab lab(webDeployment(1)
                        + webService("ext", "ClusterIP",
                                     "  externalIPs: [\"127.250.1.5\", \"198.51.100.7\"]\n"));
    QCOMPARE(curlJson("127.250.1.5", 80).value("pod").toString().left(4), QString("web-"));
    QVERIFY2(lab.events("ext").join('\n').contains(
                     "ExternalIPNotServed: externalIP 198.51.100.7 is not served: ClusterLab "
                     "serves only loopback addresses"),
             qPrintable(lab.events("ext").join('\n')));
}

void TestServiceTypes::localLoadBalancerHealthCheckFindsTheNode()
{
    ServiceTypesLab lab(webDeployment(1)
                        + webService("lb", "LoadBalancer", "  externalTrafficPolicy: Local\n"));
    const auto svc = lab.service("lb");
    const int port = int(svc->spec.healthCheckNodePort);
    QVERIFY2(port >= 30000 && port <= 32767, qPrintable(QString::number(port)));
    const QString podNode = QString::fromStdString(lab.podNodes("web").begin()->second);
    for (int n = 1; n <= 3; ++n) {
        const auto run =
                runTool("curl",
                        { "-s", "-m", "5", "-w", "\n%{http_code}",
                          QStringLiteral("http://%1:%2/").arg(kNodeIPs[n - 1]).arg(port) });
        QCOMPARE(run.exitCode, 0);
        const bool local = QStringLiteral("node-%1").arg(n) == podNode;
        QVERIFY2(run.out.endsWith(local ? "\n200" : "\n503"), qPrintable(run.out));
        QVERIFY2(run.out.contains(QStringLiteral("\"localEndpoints\":%1").arg(local ? 1 : 0)),
                 qPrintable(run.out));
    }
    // The address is announced from the node with the Pod; the Pod sees curl's own address.
    const auto answer =
            curlJson(QString::fromStdString(svc->status.loadBalancerIngress.front().ip), 80);
    QCOMPARE(answer.value("node").toString(), podNode);
    QCOMPARE(clientHost(answer), QString("127.0.0.1"));
}

void TestServiceTypes::digAnswersExternalNameAndReverse()
{
    if (QStandardPaths::findExecutable("dig").isEmpty())
        QSKIP("dig is not installed (apt-get install dnsutils)");
    ServiceTypesLab lab(webDeployment(1) + webService("web", "ClusterIP")
                        + "---\napiVersion: v1\nkind: Service\nmetadata: {name: search}\nspec:\n"
                          "  type: ExternalName\n  externalName: www.example.com\n"
                        + "---\napiVersion: v1\nkind: Service\nmetadata: {name: alias}\nspec:\n"
                          "  type: ExternalName\n  externalName: web.default.svc.cluster.local\n");
    const QString port = QString::number(lab.dnsPort());
    const auto dig = [&](const QStringList &args) {
        return runTool("dig", QStringList{ "@127.96.0.10", "-p", port, "+short" } + args).out;
    };
    QCOMPARE(dig({ "search.default.svc.cluster.local" }).trimmed(), QString("www.example.com."));
    const QString clusterIP = QString::fromStdString(lab.service("web")->spec.clusterIP);
    // An in-cluster target is chased: the CNAME, then the Service's ClusterIP.
    QCOMPARE(dig({ "alias.default.svc.cluster.local" }).split('\n', Qt::SkipEmptyParts),
             QStringList({ "web.default.svc.cluster.local.", clusterIP }));
    QCOMPARE(dig({ "-x", clusterIP }).trimmed(), QString("web.default.svc.cluster.local."));
    QVERIFY(lab.service("search")->spec.clusterIP.empty());
}

QTEST_GUILESS_MAIN(TestServiceTypes)
#include "tst_service_types.moc"
