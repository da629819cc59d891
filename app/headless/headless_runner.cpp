#include "headless/headless_runner.h"

#include "engine.h"
#include "model/printers.h"

#include <atomic>
#include <chrono>
#include <csignal>
#include <ostream>
#include <thread>

namespace clusterlab::app {

namespace {

using namespace std::chrono_literals;

manifest::DecodeReport readInputs(const Options &options, const std::string &demoText)
{
    if (options.inputs.isEmpty())
        return manifest::decodeText(demoText, "three-tier.yaml (built-in demo)");
    manifest::DecodeReport report;
    for (const QString &input : options.inputs)
        report.append(manifest::decodePath(input.toStdString()));
    return report;
}

bool allPodsRunning(const std::vector<model::ObjectPtr> &pods)
{
    for (const auto &object : pods) {
        const auto &pod = std::get<model::Pod>(*object);
        if (pod.status.phase != "Running" || model::isPodTerminating(pod))
            return false;
    }
    return true;
}

/// waitForPods polls until every Pod is Running (readiness is not awaited), at most 30 s.
bool waitForPods(Engine &engine, std::ostream &err)
{
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    auto lastReport = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() < deadline) {
        const auto pods = engine.list("Pod").get();
        if (allPodsRunning(pods))
            return true;
        if (std::chrono::steady_clock::now() - lastReport > 2s) {
            int running = 0;
            for (const auto &p : pods)
                running += std::get<model::Pod>(*p).status.phase == "Running";
            err << "waiting for Pods: " << running << " of " << pods.size() << " Running\n";
            lastReport = std::chrono::steady_clock::now();
        }
        std::this_thread::sleep_for(20ms);
    }
    return false;
}

void printTables(Engine &engine, std::ostream &out)
{
    const auto now = std::chrono::system_clock::now();
    const auto services = engine.list("Service").get();
    const auto pods = engine.list("Pod").get();
    std::vector<model::ObjectPtr> defaultServices, defaultPods;
    for (const auto &s : services)
        if (model::meta(*s).namespace_ != "kube-system")
            defaultServices.push_back(s);
    out << model::formatTable(model::tableFor("Service", defaultServices, now), true, "service/");
    out << "\n";
    out << model::formatTable(model::tableFor("Pod", pods, now), true, "pod/");
}

/// printCommandsToTry shows the terminal commands that reach the cluster's Services, with the
/// ports the data plane really listens on (its NetworkFacts).
void printCommandsToTry(Engine &engine, std::ostream &out)
{
    if (!engine.options().dataPlane)
        return;
    const NetworkFacts facts = engine.networkFacts().get();
    out << "\nTry these from a terminal (ClusterIPs are reachable from this computer, unlike on a"
           " real cluster):\n";
    const int dnsPort = facts.dnsPort;
    const std::string dnsFlag = dnsPort == 53 ? "" : " -p " + std::to_string(dnsPort);
    bool dig = false;
    for (const auto &object : engine.list("Service").get()) {
        const auto &svc = std::get<model::Service>(*object);
        if (svc.metadata.namespace_ == "default" && svc.spec.type == "ExternalName")
            out << "  dig @127.96.0.10" << dnsFlag << " " << svc.metadata.name
                << ".default.svc.cluster.local   # a CNAME to " << svc.spec.externalName << "\n";
        if (svc.metadata.namespace_ != "default" || svc.metadata.name == "kubernetes"
            || svc.spec.ports.empty() || svc.spec.clusterIP.empty() || svc.spec.clusterIP == "None")
            continue;
        if (const auto nodePort = svc.spec.ports.front().nodePort; nodePort != 0)
            out << "  curl http://127.244.1.1:" << nodePort << "/   # " << svc.metadata.name
                << "'s node port, on every node's IP and 127.0.0.1\n";
        for (const auto &ingress : svc.status.loadBalancerIngress)
            out << "  curl http://" << ingress.ip
                << (svc.spec.ports.front().port == 80
                            ? std::string()
                            : ":" + std::to_string(svc.spec.ports.front().port))
                << "/   # " << svc.metadata.name << "'s LoadBalancer address\n";
        const auto &port = svc.spec.ports.front();
        const int listening = facts.boundPort(svc.spec.clusterIP, int(port.port));
        const int bound = listening > 0 ? listening : int(port.port);
        const std::string ip = svc.spec.clusterIP;
        if (port.port == 6379 || svc.metadata.name.find("redis") != std::string::npos)
            out << "  redis-cli -h " << ip << " -p " << bound << " PING\n";
        else if (port.port == 3306 || svc.metadata.name.find("mysql") != std::string::npos)
            out << "  mariadb -h " << ip << " -P " << bound << " -u root -e 'SELECT @@hostname'\n";
        else
            out << "  curl http://" << ip << (bound == 80 ? "" : ":" + std::to_string(bound))
                << "/\n";
        if (!dig) {
            out << "  dig @127.96.0.10" << dnsFlag << " " << svc.metadata.name
                << ".default.svc.cluster.local\n";
            dig = true;
        }
    }
}

/// printKubectl says how to point kubectl at the simulated cluster, then the lecture's commands.
void printKubectl(const Engine &engine, std::ostream &out)
{
    std::string kubeconfig = engine.kubeconfigPath();
    if (kubeconfig.empty())
        return;
    if (kubeconfig.find_first_of(" '\"$") != std::string::npos)
        kubeconfig = "'" + kubeconfig + "'";
    out << "\nkubectl works against this cluster (Kubernetes API on 127.0.0.1:"
        << engine.options().apiPort << ") after:\n"
        << "  export KUBECONFIG=" << kubeconfig << "\n"
        << "then, as in the lecture:\n"
        << "  kubectl create -f backend-service.yaml\n"
        << "  kubectl get services                  # or: kubectl get svc -o wide\n"
        << "  kubectl get pods -o wide\n"
        << "  kubectl describe service backend\n"
        << "  kubectl scale deployment backend --replicas=5\n"
        << "  kubectl delete pod <a backend Pod>    # a new Pod, a new IP; the Service stays\n"
        << "  kubectl get pods -w\n";
}

/// printProxyRules prints kube-proxy's rules for the node asked for; false when there is no
/// such node. `last` keeps the text printed before, so an unchanged listing is not repeated.
bool printProxyRules(Engine &engine, const Options &options, std::ostream &out, std::ostream &err,
                     std::string &last)
{
    const auto mode = parseProxyMode(options.proxyRules.toStdString());
    const ProxyRulesView view = engine.proxyRules(*mode, options.node.toStdString()).get();
    if (view.node.empty()) {
        err << "no node named " << options.node.toStdString() << " (see kubectl get nodes)\n";
        return false;
    }
    std::string text = view.text(true);
    if (text == last)
        return true;
    last = text;
    out << "\n# kube-proxy in " << toString(view.mode) << " mode on " << view.node << " ("
        << view.nodeIP << "): the rules it would program now"
        << (view.mode == ProxyMode::Iptables ? ", with ClusterLab's counts [connections:bytes]"
                                             : "")
        << "\n";
    if (!view.lastConnection.empty())
        out << "# last connection: " << view.lastConnection << "; it matched "
            << view.matched.size() << " rules\n";
    out << text;
    out.flush();
    return true;
}

int waitForSignal()
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    int signal = 0;
    sigwait(&set, &signal);
    return signal;
}

} // namespace

int runHeadless(const Options &options, const std::string &demoText, std::ostream &out,
                std::ostream &err)
{
    // Block the stop signals before any thread starts, so only sigwait() sees them.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);

    manifest::DecodeReport report = readInputs(options, demoText);
    for (const auto &d : report.diagnostics)
        err << d.format() << "\n";
    if (report.hasErrors())
        return 1;

    EngineOptions engineOptions;
    engineOptions.nodes = options.nodes;
    engineOptions.seed = options.seed;
    engineOptions.pace = options.pace.value_or(0.05);
    engineOptions.usersRate = options.usersRate.value_or(3.0);
    engineOptions.apiPort = options.once ? 0 : options.apiPort;
    engineOptions.kubeconfigPath = options.kubeconfig.toStdString();
    engineOptions.mergeKubeconfig = options.mergeKubeconfig;
    Engine engine(engineOptions);
    engine.start();
    const cluster::ApplyResult result =
            engine.apply(std::move(report.objects), cluster::ApplyMode::Apply).get();
    for (const auto &d : result.diagnostics)
        err << d.format() << "\n";
    if (!result.ok) {
        engine.stop();
        return 1;
    }
    for (const auto &line : result.outcomes)
        out << line << "\n";
    out << "\n";
    if (!waitForPods(engine, err))
        err << "some Pods are still not Running after 30 s\n";
    for (const auto &notice : engine.notices())
        err << notice << "\n";
    printTables(engine, out);
    out.flush();
    std::string rules;
    if (!options.proxyRules.isEmpty() && !printProxyRules(engine, options, out, err, rules)) {
        engine.stop();
        return 1;
    }
    if (options.once) {
        engine.stop();
        return 0;
    }
    printCommandsToTry(engine, out);
    printKubectl(engine, out);
    out << "\nClusterLab is running. Press Ctrl+C to stop.\n";
    out.flush();
    std::atomic<bool> stopping{ false };
    std::thread reprint;
    if (!options.proxyRules.isEmpty())
        reprint = std::thread([&] {
            for (int tick = 1; !stopping.load(); ++tick) {
                std::this_thread::sleep_for(100ms);
                if (tick % 50 == 0) // every 5 s, when something changed
                    printProxyRules(engine, options, out, err, rules);
            }
        });
    const int signal = waitForSignal();
    stopping = true;
    if (reprint.joinable())
        reprint.join();
    err << "stopping (" << (signal == SIGINT ? "SIGINT" : "SIGTERM") << ")\n";
    engine.stop();
    err << "stopped cleanly\n";
    return 0;
}

} // namespace clusterlab::app
