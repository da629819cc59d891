// tst_terminal_kubectl_writes: the built-in kubectl's writes against a real engine on loopback.
// They go through the API server's own handler, as the real kubectl's do: create, apply
// (kubectl's client-side apply: created, configured, unchanged, fields the file drops
// removed), delete, scale and label print kubectl's lines, are recorded in managedFields
// under kubectl's field managers in the engine's one API state, and an invalid write gets
// the API's own message and changes nothing.
#include "api/engine_view.h"
#include "terminal/command_policy.h"
#include "terminal_lab.h"

#include <QTest>

#include <set>
#include <string>

using namespace clusterlab;
using namespace clusterlab::app;
using namespace terminal_test;

namespace {

/// kInvalidPort is the backend Service with a port no Service may have.
constexpr const char *kInvalidPort = R"(apiVersion: v1
kind: Service
metadata:
  name: backend
spec:
  selector:
    app: backend
  ports:
  - port: 70000
    targetPort: 80
)";

/// demoDocument is the demo's manifest of one object, as written there.
std::string demoDocument(const std::string &kind, const std::string &name)
{
    const std::string text = demoText();
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find("\n---", start);
        const std::string document = text.substr(start, end - start) + "\n";
        if (document.find("kind: " + kind + "\n") != std::string::npos
            && document.find("\n  name: " + name + "\n") != std::string::npos)
            return document;
        if (end == std::string::npos)
            break;
        start = end + 4;
    }
    return {};
}

/// ServiceNow is what the engine holds of a Service: its first port and resourceVersion.
struct ServiceNow
{
    std::int64_t port = 0;
    std::uint64_t resourceVersion = 0;
    bool operator==(const ServiceNow &) const = default;
};

} // namespace

class TestTerminalKubectlWrites : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void builtinApplyIsKubectlsClientSideApply();
    void builtinWritesAreRecordedUnderKubectlsManagers();
    void builtinInvalidWritesGetTheApisMessage();
    void builtinCreateAndApplyFromTheWorkingDirectory();
    void builtinScaleLabelAndDeleteReachTheEngine();

private:
    void writeFile(const QString &name, const std::string &text);
    /// managersOf reads who owns field of an object from the engine's API state, on the strand.
    std::set<std::string> managersOf(const std::string &kind, const std::string &name,
                                     const std::string &field);
    std::optional<ServiceNow> service(const std::string &name);
    int backendReplicaSets();

    TerminalLab m_lab;
};

void TestTerminalKubectlWrites::initTestCase()
{
    m_lab.start();
}

void TestTerminalKubectlWrites::cleanupTestCase()
{
    m_lab.stop();
}

void TestTerminalKubectlWrites::writeFile(const QString &name, const std::string &text)
{
    QFile file(m_lab.dir.filePath(name));
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(text.data(), qint64(text.size()));
}

std::set<std::string> TestTerminalKubectlWrites::managersOf(const std::string &kind,
                                                            const std::string &name,
                                                            const std::string &field)
{
    const std::shared_ptr<api::ApiState> state = m_lab.engine->apiState();
    return m_lab.engine
            ->call([state, kind, name, field](cluster::Cluster &c) {
                const auto object = c.store().get(kind, "default", name);
                return object ? state->managers.managersOf(model::meta(*object).uid, field)
                              : std::set<std::string>();
            })
            .get();
}

std::optional<ServiceNow> TestTerminalKubectlWrites::service(const std::string &name)
{
    for (const auto &object : m_lab.engine->list("Service").get())
        if (const auto *svc = std::get_if<model::Service>(object.get());
            svc && svc->metadata.name == name && svc->metadata.namespace_ == "default")
            return ServiceNow{ svc->spec.ports.empty() ? 0 : svc->spec.ports.front().port,
                               svc->metadata.resourceVersion };
    return std::nullopt;
}

int TestTerminalKubectlWrites::backendReplicaSets()
{
    int count = 0;
    for (const auto &object : m_lab.engine->list("ReplicaSet").get())
        count += model::meta(*object).name.starts_with("backend-") ? 1 : 0;
    return count;
}

void TestTerminalKubectlWrites::builtinApplyIsKubectlsClientSideApply()
{
    std::string deployment = demoDocument("Deployment", "backend");
    QVERIFY(!deployment.empty());
    writeFile(QStringLiteral("backend-deployment.yaml"), deployment);
    const int replicaSets = backendReplicaSets();
    // The demo made it without kubectl's annotation: the first apply adds it, and only that.
    Ran ran =
            runCommand(*m_lab.builtin, QStringLiteral("kubectl apply -f backend-deployment.yaml"));
    QCOMPARE(ran.exitCode, 0);
    QCOMPARE(ran.output, QStringLiteral("deployment.apps/backend configured\n"));
    QCOMPARE(backendReplicaSets(), replicaSets); // the Pod template is as it was: no rollout
    QCOMPARE(managersOf("Deployment", "backend",
                        ".metadata.annotations.kubectl.kubernetes.io/last-applied-configuration"),
             std::set<std::string>{ "kubectl-client-side-apply|Update" });
    ran = runCommand(*m_lab.builtin, QStringLiteral("kubectl apply -f backend-deployment.yaml"));
    QCOMPARE(ran.output, QStringLiteral("deployment.apps/backend unchanged\n"));
    // The real kubectl reads the annotation as its own.
    if (m_lab.panel->kubectlMode() == KubectlMode::Real) {
        ran = runCommand(*m_lab.panel, QStringLiteral("kubectl apply -f backend-deployment.yaml"));
        QCOMPARE(ran.output, QStringLiteral("deployment.apps/backend unchanged\n"));
    }
    // A label the file no longer has goes, as with kubectl's three-way patch.
    const std::string labels = "labels: {app: backend, tier: backend}\nspec:";
    const std::size_t at = deployment.find(labels);
    QVERIFY(at != std::string::npos);
    deployment.replace(at, labels.size(), "labels: {app: backend}\nspec:");
    writeFile(QStringLiteral("backend-deployment.yaml"), deployment);
    ran = runCommand(*m_lab.builtin, QStringLiteral("kubectl apply -f backend-deployment.yaml"));
    QCOMPARE(ran.output, QStringLiteral("deployment.apps/backend configured\n"));
    ran = runCommand(*m_lab.builtin,
                     QStringLiteral("kubectl get deploy backend -o jsonpath={.metadata.labels}"));
    QCOMPARE(ran.output, QStringLiteral("{\"app\":\"backend\"}"));
    QCOMPARE(backendReplicaSets(), replicaSets);
}

void TestTerminalKubectlWrites::builtinWritesAreRecordedUnderKubectlsManagers()
{
    Ran ran = runCommand(*m_lab.builtin,
                         QStringLiteral("kubectl scale deployment backend --replicas=2"));
    QCOMPARE(ran.output, QStringLiteral("deployment.apps/backend scaled\n"));
    ran = runCommand(*m_lab.builtin,
                     QStringLiteral("kubectl scale deployment backend --replicas=3"));
    QCOMPARE(ran.output, QStringLiteral("deployment.apps/backend scaled\n"));
    QCOMPARE(managersOf("Deployment", "backend", ".spec.replicas"),
             std::set<std::string>{ "kubectl-scale|Update" });
    QTRY_COMPARE_WITH_TIMEOUT(m_lab.podNames("backend").size(), 3, 10000);

    const QString pod = m_lab.podNames("backend").front();
    ran = runCommand(*m_lab.builtin, QStringLiteral("kubectl label pod %1 managed=yes").arg(pod));
    QCOMPARE(ran.output, QStringLiteral("pod/%1 labeled\n").arg(pod));
    QCOMPARE(managersOf("Pod", pod.toStdString(), ".metadata.labels.managed"),
             std::set<std::string>{ "kubectl-label|Update" });
    ran = runCommand(*m_lab.builtin, QStringLiteral("kubectl label pod %1 managed-").arg(pod));
    QCOMPARE(ran.output, QStringLiteral("pod/%1 unlabeled\n").arg(pod));
}

void TestTerminalKubectlWrites::builtinInvalidWritesGetTheApisMessage()
{
    // Applied once as it is, the Service carries kubectl's annotation, so the real kubectl
    // below patches it as the built-in one does.
    Ran ran = runCommand(*m_lab.builtin, QStringLiteral("kubectl apply -f backend-service.yaml"));
    QCOMPARE(ran.output, QStringLiteral("service/backend configured\n"));
    writeFile(QStringLiteral("invalid-port.yaml"), kInvalidPort);
    const auto before = service("backend");
    QVERIFY(before);
    QCOMPARE(before->port, std::int64_t(80));
    ran = runCommand(*m_lab.builtin, QStringLiteral("kubectl apply -f invalid-port.yaml"));
    QCOMPARE(ran.exitCode, 1);
    QCOMPARE(
            ran.output,
            QStringLiteral("The Service \"backend\" is invalid: spec.ports[0].port: Invalid value: "
                           "70000: must be between 1 and 65535, inclusive\n"));
    QCOMPARE(service("backend"), before);
    if (m_lab.panel->kubectlMode() == KubectlMode::Real) {
        const Ran real =
                runCommand(*m_lab.panel, QStringLiteral("kubectl apply -f invalid-port.yaml"));
        QCOMPARE(real.exitCode, 1);
        QCOMPARE(real.output, ran.output);
        QCOMPARE(service("backend"), before);
    }
    // Created, it is refused the same way, and nothing is created.
    std::string other = kInvalidPort;
    other.replace(other.find("name: backend"), 13, "name: other");
    writeFile(QStringLiteral("invalid-other.yaml"), other);
    const Ran created =
            runCommand(*m_lab.builtin, QStringLiteral("kubectl create -f invalid-other.yaml"));
    QCOMPARE(created.exitCode, 1);
    QCOMPARE(created.output,
             QStringLiteral("The Service \"other\" is invalid: spec.ports[0].port: Invalid value: "
                            "70000: must be between 1 and 65535, inclusive\n"));
    QVERIFY(!service("other"));
}

void TestTerminalKubectlWrites::builtinCreateAndApplyFromTheWorkingDirectory()
{
    Ran ran = runCommand(*m_lab.builtin, QStringLiteral("kubectl delete svc backend"));
    QCOMPARE(ran.output, QStringLiteral("service \"backend\" deleted\n"));
    QTRY_COMPARE(m_lab.clusterIP("backend"), QString());
    ran = runCommand(*m_lab.builtin, QStringLiteral("kubectl create -f backend-service.yaml"));
    QCOMPARE(ran.exitCode, 0);
    QCOMPARE(ran.output, QStringLiteral("service/backend created\n"));
    QVERIFY(inServiceRange(m_lab.clusterIP("backend")));
    ran = runCommand(*m_lab.builtin, QStringLiteral("kubectl create -f backend-service.yaml"));
    QCOMPARE(ran.exitCode, 1);
    QCOMPARE(ran.output,
             QStringLiteral("Error from server (AlreadyExists): error when creating "
                            "\"backend-service.yaml\": services \"backend\" already exists\n"));
    ran = runCommand(*m_lab.builtin, QStringLiteral("kubectl apply -f backend-service.yaml"));
    QCOMPARE(ran.exitCode, 0);
    QVERIFY2(ran.output == QLatin1String("service/backend unchanged\n")
                     || ran.output == QLatin1String("service/backend configured\n"),
             qPrintable(ran.output));
    ran = runCommand(*m_lab.builtin, QStringLiteral("kubectl apply -f missing.yaml"));
    QCOMPARE(ran.output, QStringLiteral("error: the path \"missing.yaml\" does not exist\n"));
}

void TestTerminalKubectlWrites::builtinScaleLabelAndDeleteReachTheEngine()
{
    Ran ran = runCommand(*m_lab.builtin,
                         QStringLiteral("kubectl scale deployment backend --replicas=2"));
    QCOMPARE(ran.output, QStringLiteral("deployment.apps/backend scaled\n"));
    QTRY_COMPARE_WITH_TIMEOUT(m_lab.podNames("backend").size(), 2, 10000);

    const QString pod = m_lab.podNames("backend").front();
    ran = runCommand(*m_lab.builtin, QStringLiteral("kubectl label pod %1 lesson=one").arg(pod));
    QCOMPARE(ran.output, QStringLiteral("pod/%1 labeled\n").arg(pod));
    ran = runCommand(*m_lab.builtin, QStringLiteral("kubectl get pods -l lesson=one -o name"));
    QCOMPARE(ran.output, QStringLiteral("pod/%1\n").arg(pod));
    ran = runCommand(*m_lab.builtin, QStringLiteral("kubectl label pod %1 lesson=two").arg(pod));
    QCOMPARE(ran.exitCode, 1);
    QCOMPARE(ran.output,
             QStringLiteral(
                     "error: 'lesson' already has a value (one), and --overwrite is false\n"));
    ran = runCommand(*m_lab.builtin,
                     QStringLiteral("kubectl label pod/%1 lesson=two --overwrite").arg(pod));
    QCOMPARE(ran.output, QStringLiteral("pod/%1 labeled\n").arg(pod));
    ran = runCommand(*m_lab.builtin, QStringLiteral("kubectl label pod %1 lesson-").arg(pod));
    QCOMPARE(ran.output, QStringLiteral("pod/%1 unlabeled\n").arg(pod));
    ran = runCommand(*m_lab.builtin, QStringLiteral("kubectl get pods -l lesson -o name"));
    QCOMPARE(ran.output, QStringLiteral("No resources found in default namespace.\n"));

    ran = runCommand(*m_lab.builtin, QStringLiteral("kubectl delete pod %1").arg(pod));
    QCOMPARE(ran.output, QStringLiteral("pod \"%1\" deleted\n").arg(pod));
    QTRY_VERIFY_WITH_TIMEOUT(!m_lab.podNames("backend").contains(pod), 10000);
    // The Deployment replaces it.
    QTRY_COMPARE_WITH_TIMEOUT(m_lab.podNames("backend").size(), 2, 10000);
    ran = runCommand(*m_lab.builtin, QStringLiteral("kubectl delete pod %1").arg(pod));
    QCOMPARE(ran.exitCode, 1);
    QVERIFY2(ran.output.contains(QStringLiteral("(NotFound): pods \"%1\" not found").arg(pod)),
             qPrintable(ran.output));

    ran = runCommand(*m_lab.builtin, QStringLiteral("kubectl scale deploy/backend --replicas=3"));
    QCOMPARE(ran.exitCode, 0);
    QTRY_COMPARE_WITH_TIMEOUT(m_lab.podNames("backend").size(), 3, 10000);
}

QTEST_MAIN(TestTerminalKubectlWrites)
#include "tst_terminal_kubectl_writes.moc"
