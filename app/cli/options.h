#pragma once

#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>

namespace clusterlab::app {

/// Options is the parsed command line of `clusterlab`.
struct Options
{
    bool headless = false;
    bool once = false;
    bool showVersion = false;
    bool showHelp = false;
    QStringList inputs; ///< manifest files or directories; empty = the built-in demo
    std::uint64_t seed = 1;
    bool seedGiven = false; ///< --seed was given (it overrides a lesson's own seed)
    std::optional<double> pace; ///< unset: realistic in the window, fast headless
    int nodes = 3;
    int apiPort = 6443; ///< the Kubernetes API for kubectl; 0 turns it off
    bool apiPortGiven = false; ///< --api-port was given (a screenshot run keeps the API then)
    QString kubeconfig; ///< where to write the kubeconfig; empty: ClusterLab's own file
    bool mergeKubeconfig = false; ///< also add the context to ~/.kube/config
    std::optional<double> usersRate; ///< requests/s the simulated users send; unset: default
    QString screenshot; ///< --screenshot FILE.png: render the window to it, then exit
    double screenshotAfter = 3.0; ///< --after SECONDS of running before the screenshot
    QString lesson; ///< --lesson NAME|FILE: open a lesson (classroom mode)
    int lessonStep = 1; ///< --step N (1-based)
    bool presentation = false; ///< --presentation: start in presentation mode
    QString proxyRules; ///< --proxy-rules iptables|ipvs|nftables: print kube-proxy's rules
    QString node; ///< --node NAME: whose rules --proxy-rules prints (default: the first)
    QString error; ///< set when the command line is wrong
};

/// parseOptions reads argv as `clusterlab --help` documents it; never exits the process.
Options parseOptions(const QStringList &arguments);

/// helpText is what --help prints.
QString helpText();

} // namespace clusterlab::app
