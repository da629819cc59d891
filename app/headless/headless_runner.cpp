#include "headless/headless_runner.h"

#include "engine.h"
#include "model/printers.h"

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

    Engine engine({ options.nodes, options.seed, options.pace.value_or(0.05), 0 });
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
    printTables(engine, out);
    out.flush();
    if (options.once) {
        engine.stop();
        return 0;
    }
    out << "\nClusterLab is running. Press Ctrl+C to stop.\n";
    out.flush();
    const int signal = waitForSignal();
    err << "stopping (" << (signal == SIGINT ? "SIGINT" : "SIGTERM") << ")\n";
    engine.stop();
    err << "stopped cleanly\n";
    return 0;
}

} // namespace clusterlab::app
