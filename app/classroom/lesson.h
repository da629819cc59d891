#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace clusterlab::app {

/// LessonAction is one thing a lesson step does to the cluster or the screen. Which fields
/// matter depends on kind; line and column point at the action in the lesson file.
struct LessonAction
{
    enum class Kind {
        Apply, ///< file: apply a lesson file, shown in the editor as it is applied
        Show, ///< file: open a lesson file in the editor without applying it
        Kubectl, ///< command: run `kubectl <command>` in the terminal panel, output shown
        Scale, ///< target (Deployment), count (replicas)
        DeletePod, ///< target (label selector, or pod name), pick the first by name
        Relabel, ///< target (label selector or pod name), labels to set (nullopt removes)
        Selector, ///< target (Service), labels: its new selector
        Send, ///< target (Service), count (requests), via, expectRefused: from this computer
        Highlight, ///< target ("svc/NAME", "deploy/NAME", "pod/NAME"; empty clears)
        Select, ///< target: select it on the canvas (the Inspector shows it)
        Traffic, ///< rate: users' requests per second (0 pauses)
        View, ///< target: "lanes" or "nodes"
        Terminal, ///< command: a command line for the terminal (dig, curl); ${…} filled in
        ProxyRules, ///< target: "iptables", "ipvs" or "nftables"; command: the rules' filter
        /// target (a Pod as kubectl exec names it: NAME, deploy/NAME, statefulset/NAME,
        /// svc/NAME, or a label selector: its first running Pod by name), container (-c),
        /// command (a shell command line): `kubectl exec` in the terminal panel, output shown
        Exec,
    };
    Kind kind = Kind::Apply;
    std::string file;
    std::string command;
    std::string target;
    std::string container; ///< Exec: the container (-c); empty: the Pod's only one
    int count = 0;
    double rate = 0;
    /// via (Send): empty for the ClusterIP; "nodes" (every node's IP, then 127.0.0.1, in
    /// turn), a node's name, "localhost", "node-with-pod", "node-without-pod" (on the node
    /// port), or "load-balancer" (the ingress address, on the Service port).
    std::string via;
    bool expectRefused = false; ///< Send: each request is tried once, a refusal is the point
    std::map<std::string, std::optional<std::string>> labels;
    int line = 0;
    int column = 0;
};

/// LessonCondition is what must be true before Next lights up.
struct LessonCondition
{
    enum class Kind {
        PodsReady, ///< every Pod Running and ready, every Deployment at its replicas
        Served, ///< service answered count connections since the step began
        Endpoints, ///< service has count ready endpoints
        LoadBalancer, ///< service has an address in status.loadBalancer.ingress
        Refused, ///< count of the step's requests to service were refused
    };
    Kind kind = Kind::PodsReady;
    std::string service;
    int count = 0;
};

/// LessonFault is a one-click "what goes wrong if…" button on a step.
struct LessonFault
{
    std::string label;
    std::vector<LessonAction> actions;
};

/// LessonStep is one screen of a lesson: what the class reads, what happens, and when the
/// teacher may go on. With a question, the actions wait until the answer is revealed.
struct LessonStep
{
    std::string title;
    std::string text;
    std::string question; ///< asked before the actions run; empty: they run at once
    std::string answer; ///< shown on reveal
    std::string chart; ///< a Service whose requests per Pod the step shows
    std::vector<LessonAction> actions;
    std::vector<LessonFault> faults;
    std::vector<LessonCondition> waits;
    int line = 0;
};

/// Lesson is a whole lesson as read from its file: the manifests it carries, the seed that
/// makes it replay identically, and its steps.
struct Lesson
{
    std::string id; ///< what `--lesson` accepts, e.g. "services-clusterip"
    std::string title;
    std::string summary;
    std::uint64_t seed = 1;
    double usersRate = 3;
    std::string view = "lanes";
    std::vector<std::pair<std::string, std::string>> files; ///< name, text, in file order
    std::vector<LessonStep> steps;
    std::string source; ///< the file it came from, for messages

    const std::string *fileText(const std::string &name) const
    {
        for (const auto &[fileName, text] : files)
            if (fileName == name)
                return &text;
        return nullptr;
    }
};

} // namespace clusterlab::app
