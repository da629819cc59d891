#include "cli/options.h"

#include <functional>

namespace clusterlab::app {

QString helpText()
{
    return QStringLiteral(
            "Usage: clusterlab [OPTIONS] [FILE|DIR ...]\n"
            "\n"
            "ClusterLab runs a small simulated Kubernetes cluster on this computer's loopback\n"
            "network. With no FILE it opens the built-in demo: a frontend, backend, Redis and\n"
            "MySQL tier, each behind a ClusterIP Service.\n"
            "\n"
            "Options:\n"
            "  --headless        no window: apply the manifests, print the Services and Pods\n"
            "                    (like kubectl get services,pods -o wide), keep serving until\n"
            "                    Ctrl+C\n"
            "  --once            with --headless: print the tables and exit\n"
            "  --seed N          seed every random choice (names, IPs, scheduling) so a run\n"
            "                    replays the same (default 1)\n"
            "  --pace F          speed of Pod start-up and shutdown: 1 = realistic, 0 = instant\n"
            "                    (default 1 in the window, 0.05 headless)\n"
            "  --nodes N         number of simulated nodes (default 3)\n"
            "  --api-port N      serve the Kubernetes API for kubectl on 127.0.0.1:N\n"
            "                    (default 6443; 0 turns it off; off with --screenshot\n"
            "                    unless given, so a lesson's kubectl exec can be pictured)\n"
            "  --kubeconfig PATH write kubectl's kubeconfig there instead of ClusterLab's own\n"
            "                    file under $XDG_RUNTIME_DIR (removed when ClusterLab stops)\n"
            "  --merge-kubeconfig  also add the context \"clusterlab\" to ~/.kube/config and\n"
            "                    make it current (taken out again when ClusterLab stops)\n"
            "  --users-rate R    requests per second the simulated users send to the entry\n"
            "                    Services (default 3; 0 = no generated traffic)\n"
            "  --screenshot FILE write a 1920x1080 PNG of the window after --after SECONDS\n"
            "                    (default 3) of running, then exit (needs no display)\n"
            "  --lesson NAME|FILE  open a lesson (classroom mode): a built-in one\n"
            "                    (services-clusterip, named-targetport, session-affinity,\n"
            "                    services-nodeport, services-loadbalancer,\n"
            "                    services-traffic-policy, services-dns, services-kube-proxy)\n"
            "                    or a lesson file; it uses its own manifests and seed\n"
            "  --step N          with --lesson: start at step N (the steps before it are\n"
            "                    replayed at once)\n"
            "  --presentation    with --lesson: start in presentation mode (F11 toggles it)\n"
            "  --proxy-rules MODE  with --headless: print the rules a real kube-proxy in MODE\n"
            "                    (iptables, ipvs or nftables) would program for these Services,\n"
            "                    with ClusterLab's connection counts on them; again when they\n"
            "                    change, until Ctrl+C (once with --once)\n"
            "  --node NAME       with --proxy-rules: the node whose rules to print (default\n"
            "                    node-1)\n"
            "  --version         print the version and exit\n"
            "  --help            print this help and exit\n"
            "\n"
            "A manifest that fails to load prints each problem as FILE:LINE:COLUMN: message\n"
            "and ClusterLab exits with status 1.\n");
}

namespace {

/// ValueOf takes the argument after the option being read, or sets the error when there is none.
using ValueOf = std::function<std::optional<QString>(const char *name)>;

/// failIf sets the error message when bad, unless an earlier error is set.
void failIf(bool bad, Options &options, const char *message)
{
    if (bad && options.error.isEmpty())
        options.error = QString::fromLatin1(message);
}

/// readFlag reads an option without a value; it answers whether arg is one.
bool readFlag(const QString &arg, Options &options)
{
    if (arg == "--headless")
        options.headless = true;
    else if (arg == "--once")
        options.once = true;
    else if (arg == "--version" || arg == "-v")
        options.showVersion = true;
    else if (arg == "--help" || arg == "-h")
        options.showHelp = true;
    else if (arg == "--merge-kubeconfig")
        options.mergeKubeconfig = true;
    else if (arg == "--presentation")
        options.presentation = true;
    else
        return false;
    return true;
}

/// readNumber reads an option whose value is a number, and checks its range; it answers
/// whether arg is one.
bool readNumber(const QString &arg, const ValueOf &value, Options &options)
{
    bool ok = false;
    if (arg == "--seed") {
        if (auto v = value("--seed"))
            options.seed = v->toULongLong(&ok);
        options.seedGiven = true;
        failIf(!ok, options, "--seed needs a whole number");
    } else if (arg == "--pace") {
        if (auto v = value("--pace"))
            options.pace = v->toDouble(&ok);
        failIf(!ok || *options.pace < 0, options, "--pace needs a number of 0 or more");
    } else if (arg == "--nodes") {
        if (auto v = value("--nodes"))
            options.nodes = v->toInt(&ok);
        failIf(!ok || options.nodes < 1 || options.nodes > 250, options,
               "--nodes needs a number from 1 to 250");
    } else if (arg == "--users-rate") {
        if (auto v = value("--users-rate"))
            options.usersRate = v->toDouble(&ok);
        failIf(!ok || *options.usersRate < 0, options, "--users-rate needs a number of 0 or more");
    } else if (arg == "--api-port") {
        if (auto v = value("--api-port"))
            options.apiPort = v->toInt(&ok);
        options.apiPortGiven = true;
        failIf(!ok || options.apiPort < 0 || options.apiPort > 65535, options,
               "--api-port needs a port from 0 to 65535");
    } else if (arg == "--after") {
        if (auto v = value("--after"))
            options.screenshotAfter = v->toDouble(&ok);
        failIf(!ok || options.screenshotAfter < 0, options,
               "--after needs a number of seconds, 0 or more");
    } else if (arg == "--step") {
        if (auto v = value("--step"))
            options.lessonStep = v->toInt(&ok);
        failIf(!ok || options.lessonStep < 1, options, "--step needs a step number, 1 or more");
    } else {
        return false;
    }
    return true;
}

/// readText reads an option whose value is a file or a name; it answers whether arg is one.
bool readText(const QString &arg, const ValueOf &value, Options &options)
{
    if (arg == "--kubeconfig") {
        if (auto v = value("--kubeconfig"))
            options.kubeconfig = *v;
    } else if (arg == "--screenshot") {
        if (auto v = value("--screenshot"))
            options.screenshot = *v;
    } else if (arg == "--lesson") {
        if (auto v = value("--lesson"))
            options.lesson = *v;
    } else if (arg == "--proxy-rules") {
        if (auto v = value("--proxy-rules"))
            options.proxyRules = *v;
        failIf(options.proxyRules != "iptables" && options.proxyRules != "ipvs"
                       && options.proxyRules != "nftables",
               options, "--proxy-rules needs a mode: iptables, ipvs or nftables");
    } else if (arg == "--node") {
        if (auto v = value("--node"))
            options.node = *v;
    } else {
        return false;
    }
    return true;
}

/// checkCombinations refuses options that do not go together.
void checkCombinations(Options &options)
{
    failIf(!options.screenshot.isEmpty() && options.headless, options,
           "--screenshot draws the window; leave out --headless");
    failIf(options.lesson.isEmpty() && (options.presentation || options.lessonStep != 1), options,
           "--step and --presentation go with --lesson");
    failIf(!options.lesson.isEmpty() && options.headless, options,
           "--lesson opens the window; leave out --headless");
    failIf(!options.lesson.isEmpty() && !options.inputs.isEmpty(), options,
           "--lesson brings its own manifests; leave out the files");
    failIf(options.once && !options.headless, options, "--once only makes sense with --headless");
    failIf(!options.proxyRules.isEmpty() && !options.headless, options,
           "--proxy-rules prints to the terminal: add --headless (the window has the Rules panel)");
    failIf(!options.node.isEmpty() && options.proxyRules.isEmpty(), options,
           "--node goes with --proxy-rules");
}

} // namespace

Options parseOptions(const QStringList &arguments)
{
    Options options;
    for (int i = 1; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        const ValueOf value = [&](const char *name) -> std::optional<QString> {
            if (i + 1 >= arguments.size()) {
                options.error = QStringLiteral("option %1 needs a value").arg(QLatin1String(name));
                return std::nullopt;
            }
            return arguments.at(++i);
        };
        const bool known = readFlag(arg, options) || readNumber(arg, value, options)
                || readText(arg, value, options);
        if (!known && arg.startsWith("-") && arg != "-")
            options.error = QStringLiteral("unknown option %1 (see clusterlab --help)").arg(arg);
        else if (!known)
            options.inputs << arg;
        if (!options.error.isEmpty())
            break;
    }
    checkCombinations(options);
    return options;
}

} // namespace clusterlab::app
