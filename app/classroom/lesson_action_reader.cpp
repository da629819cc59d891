// The lesson reader's part for actions: what a step's do: list (and each fault's) may say.
#include "classroom/lesson_action_reader.h"

#include "classroom/lesson_fields.h"
#include "manifest/decode.h"
#include "model/label_selector.h"

#include <set>
#include <sstream>

namespace clusterlab::app {

namespace {

using namespace lesson_fields;

/// viewName is a canvas view the lesson names: "lanes" or "nodes".
std::string lessonViewNameOf(const YAML::Node &node)
{
    const std::string view = text(node, "view");
    if (view != "lanes" && view != "nodes")
        fail(node, "view must be \"lanes\" or \"nodes\", not " + inQuotes(view));
    return view;
}

/// ActionReader reads a step's actions (its do: list, and each fault's): the files they use
/// must be the lesson's own, and traffic: resume goes back to the lesson's users rate.
class ActionReader
{
public:
    explicit ActionReader(const Lesson &lesson) : m_lesson(lesson) { }

    std::vector<LessonAction> read(const YAML::Node &node) const
    {
        if (!node.IsSequence())
            fail(node, "do must be a list of actions, like - apply: backend-service.yaml");
        std::vector<LessonAction> out;
        for (const YAML::Node &one : node)
            out.push_back(readAction(one));
        return out;
    }

private:
    using Kind = LessonAction::Kind;

    LessonAction readAction(const YAML::Node &node) const
    {
        if (!node.IsMap() || node.size() != 1)
            fail(node,
                 "an action is one field, like - apply: backend-service.yaml or - "
                 "kubectl: get services");
        const auto entry = *node.begin();
        const std::string verb = entry.first.Scalar();
        const YAML::Node value = entry.second;
        LessonAction action;
        action.line = entry.first.Mark().line + 1;
        action.column = entry.first.Mark().column + 1;
        if (verb == "apply" || verb == "show") {
            action.kind = verb == "apply" ? Kind::Apply : Kind::Show;
            action.file = knownFile(value);
        } else if (verb == "kubectl") {
            readKubectl(value, action);
        } else if (verb == "scale") {
            readScale(value, action);
        } else if (verb == "delete-pod") {
            action.kind = Kind::DeletePod;
            action.target = text(value, "delete-pod");
        } else if (verb == "relabel") {
            readRelabel(value, action);
        } else if (verb == "selector") {
            readSelector(value, action);
        } else if (verb == "send") {
            readSend(value, action);
        } else if (verb == "highlight" || verb == "select") {
            action.kind = verb == "highlight" ? Kind::Highlight : Kind::Select;
            action.target = value.IsNull() ? std::string() : text(value, verb);
            if (action.target == "none")
                action.target.clear();
        } else if (verb == "traffic") {
            readTraffic(value, action);
        } else if (verb == "terminal") {
            action.kind = Kind::Terminal;
            action.command = text(value, "terminal");
            lessonPlaceholders(action.command, value);
        } else if (verb == "exec") {
            readExec(value, action);
        } else if (verb == "proxy-rules") {
            readProxyRules(value, action);
        } else if (verb == "view") {
            action.kind = Kind::View;
            action.target = lessonViewNameOf(value);
        } else {
            fail(entry.first,
                 "unknown action " + inQuotes(verb)
                         + " (expected one of: apply, show, kubectl, scale, "
                           "delete-pod, relabel, selector, send, highlight, select, "
                           "traffic, view, terminal, proxy-rules, exec)");
        }
        return action;
    }

    /// readKubectl reads "kubectl: get services" (the leading "kubectl " is optional).
    void readKubectl(const YAML::Node &value, LessonAction &action) const
    {
        action.kind = Kind::Kubectl;
        action.command = text(value, "kubectl");
        if (action.command.rfind("kubectl ", 0) == 0)
            action.command.erase(0, 8);
        checkKubectlFiles(value, action.command);
    }

    /// readScale reads "scale: {deployment, replicas}".
    static void readScale(const YAML::Node &value, LessonAction &action)
    {
        checkFields(value, { "deployment", "replicas" }, "scale");
        action.kind = Kind::Scale;
        action.target = required(value, "deployment", "scale");
        action.count = number(requiredNode(value, "replicas", "scale"), "replicas", 0, 100);
    }

    /// readRelabel reads "relabel: {pods, set, remove}": labels to set and keys to remove.
    static void readRelabel(const YAML::Node &value, LessonAction &action)
    {
        checkFields(value, { "pods", "set", "remove" }, "relabel");
        action.kind = Kind::Relabel;
        action.target = required(value, "pods", "relabel");
        if (value["set"])
            action.labels = labelMap(value["set"], "set");
        if (const YAML::Node remove = value["remove"]) {
            if (!remove.IsSequence())
                fail(remove, "remove must be a list of label keys");
            for (const YAML::Node &key : remove)
                action.labels[text(key, "a label key")] = std::nullopt;
        }
        if (action.labels.empty())
            fail(value, "relabel needs set or remove");
    }

    /// readSelector reads "selector: {service, set}": a Service's new selector.
    static void readSelector(const YAML::Node &value, LessonAction &action)
    {
        checkFields(value, { "service", "set" }, "selector");
        action.kind = Kind::Selector;
        action.target = required(value, "service", "selector");
        if (!value["set"])
            fail(value, "selector needs set: the Service's new selector");
        action.labels = labelMap(value["set"], "set");
    }

    /// readSend reads "send: {service, requests, via, expect}".
    static void readSend(const YAML::Node &value, LessonAction &action)
    {
        checkFields(value, { "service", "requests", "via", "expect" }, "send");
        action.kind = Kind::Send;
        action.target = required(value, "service", "send");
        action.count = number(requiredNode(value, "requests", "send"), "requests", 1, 1000);
        if (const YAML::Node via = value["via"]) {
            action.via = text(via, "via");
            static const std::set<std::string> named = { "cluster-ip",       "nodes",
                                                         "localhost",        "node-with-pod",
                                                         "node-without-pod", "load-balancer" };
            if (action.via == "cluster-ip")
                action.via.clear();
            else if (!named.count(action.via) && action.via.rfind("node-", 0) != 0)
                fail(via,
                     "via must be cluster-ip, nodes, localhost, a node's name (node-2), "
                     "node-with-pod, node-without-pod or load-balancer, not "
                             + inQuotes(action.via));
        }
        if (const YAML::Node expect = value["expect"]) {
            const std::string outcome = text(expect, "expect");
            if (outcome != "answered" && outcome != "refused")
                fail(expect, "expect must be answered or refused, not " + inQuotes(outcome));
            action.expectRefused = outcome == "refused";
        }
    }

    /// readExec reads "exec: {pod, container, command}": the Pod as kubectl exec names it (a
    /// workload the lesson's files define, a Pod they define by name, or a label selector).
    void readExec(const YAML::Node &value, LessonAction &action) const
    {
        checkFields(value, { "pod", "container", "command" }, "exec");
        action.kind = Kind::Exec;
        const YAML::Node pod = requiredNode(value, "pod", "exec");
        action.target = text(pod, "pod");
        action.command = required(value, "command", "exec");
        if (action.command.find_first_not_of(" \t\n") == std::string::npos)
            fail(requiredNode(value, "command", "exec"),
                 "exec's command is empty: write the command line to run in the Pod, like "
                 "curl -s http://backend");
        if (value["container"])
            action.container = text(value["container"], "container");
        checkExecPod(pod, action.target);
    }

    /// checkExecPod refuses a Pod the lesson cannot have: TYPE/NAME of a kind or a name its
    /// files do not define, a bare name that is no Pod of its files, a malformed selector.
    void checkExecPod(const YAML::Node &node, const std::string &ref) const
    {
        static const std::string forms = " (exec's pod is deploy/NAME, statefulset/NAME, "
                                         "svc/NAME, a Pod's name or a label selector like "
                                         "app=frontend)";
        if (ref.find('=') != std::string::npos) {
            model::LabelSelector selector;
            std::string error;
            if (!model::parseSelectorString(ref, selector, error))
                fail(node, "exec's pod " + inQuotes(ref) + " is not a label selector: " + error);
            return;
        }
        static const std::map<std::string, std::string> kinds = {
            { "deploy", "Deployment" },
            { "deployment", "Deployment" },
            { "deployments", "Deployment" },
            { "sts", "StatefulSet" },
            { "statefulset", "StatefulSet" },
            { "statefulsets", "StatefulSet" },
            { "svc", "Service" },
            { "service", "Service" },
            { "services", "Service" },
            { "po", "Pod" },
            { "pod", "Pod" },
            { "pods", "Pod" },
        };
        const auto slash = ref.find('/');
        const std::string type = slash == std::string::npos ? "pod" : ref.substr(0, slash);
        const std::string name = slash == std::string::npos ? ref : ref.substr(slash + 1);
        const auto kind = kinds.find(type);
        if (kind == kinds.end() || name.empty())
            fail(node, "exec's pod " + inQuotes(ref) + " names no Pod" + forms);
        if (!definesObject(kind->second, name))
            fail(node,
                 "the lesson's files define no " + kind->second + " " + inQuotes(name)
                         + (kind->second == "Pod" ? " (a Deployment's Pods get generated names: "
                                                    "write deploy/NAME)"
                                                  : forms));
    }

    /// definesObject: one of the lesson's files holds a kind object called name.
    bool definesObject(const std::string &kind, const std::string &name) const
    {
        for (const auto &[fileName, body] : m_lesson.files)
            for (const auto &decoded : manifest::decodeText(body, fileName).objects)
                if (model::kindOf(decoded.object) == kind
                    && model::meta(decoded.object).name == name)
                    return true;
        return false;
    }

    /// readProxyRules reads "proxy-rules: iptables" or "proxy-rules: {mode, filter}".
    static void readProxyRules(const YAML::Node &value, LessonAction &action)
    {
        action.kind = Kind::ProxyRules;
        if (value.IsMap()) {
            checkFields(value, { "mode", "filter" }, "proxy-rules");
            if (value["filter"])
                action.command = text(value["filter"], "filter");
        }
        // A new handle, not an assignment: assigning a YAML::Node replaces what it refers to.
        const YAML::Node mode =
                value.IsMap() ? requiredNode(value, "mode", "proxy-rules") : YAML::Node(value);
        action.target = text(mode, "proxy-rules");
        if (action.target != "iptables" && action.target != "ipvs" && action.target != "nftables")
            fail(mode,
                 "proxy-rules mode must be iptables, ipvs or nftables, not "
                         + inQuotes(action.target));
    }

    /// readTraffic reads "traffic: pause", "traffic: resume" or a rate in requests per second.
    void readTraffic(const YAML::Node &value, LessonAction &action) const
    {
        action.kind = Kind::Traffic;
        const std::string rate = text(value, "traffic");
        if (rate == "pause")
            action.rate = 0;
        else if (rate == "resume")
            action.rate = m_lesson.usersRate > 0 ? m_lesson.usersRate : 3;
        else
            action.rate = number(value, "traffic (pause, resume or requests per second)", 0, 200);
    }

    std::string knownFile(const YAML::Node &node) const
    {
        const std::string name = text(node, "a file name");
        if (!m_lesson.fileText(name))
            fail(node, "the lesson carries no file " + inQuotes(name) + " (add it under files:)");
        return name;
    }

    void checkKubectlFiles(const YAML::Node &node, const std::string &command) const
    {
        std::istringstream words(command);
        std::string word, previous;
        while (words >> word) {
            if ((previous == "-f" || previous == "--filename") && !m_lesson.fileText(word))
                fail(node,
                     "the lesson carries no file " + inQuotes(word) + " (add it under files:)");
            previous = word;
        }
    }

    const Lesson &m_lesson;
};

} // namespace

std::vector<LessonAction> readLessonActions(const YAML::Node &node, const Lesson &lesson)
{
    return ActionReader(lesson).read(node);
}

std::string lessonViewName(const YAML::Node &node)
{
    return lessonViewNameOf(node);
}

std::vector<std::pair<std::string, std::string>> lessonPlaceholders(const std::string &command,
                                                                    const YAML::Node &node)
{
    static const std::set<std::string> fields = { "clusterIP", "clusterIPName", "nodePort",
                                                  "loadBalancerIP", "ip" };
    std::vector<std::pair<std::string, std::string>> out;
    for (std::size_t at = command.find("${"); at != std::string::npos;
         at = command.find("${", at + 2)) {
        const std::size_t end = command.find('}', at);
        if (end == std::string::npos)
            fail(node, "a ${ without its }: write ${backend.clusterIP}");
        const std::string inside = command.substr(at + 2, end - at - 2);
        const std::size_t dot = inside.rfind('.');
        const std::string field = dot == std::string::npos ? std::string() : inside.substr(dot + 1);
        if (dot == 0 || !fields.count(field))
            fail(node,
                 "unknown placeholder ${" + inside
                         + "} (expected ${SERVICE.clusterIP}, ${SERVICE.clusterIPName}, "
                           "${SERVICE.nodePort}, "
                           "${SERVICE.loadBalancerIP} or ${NODE.ip})");
        out.emplace_back(inside.substr(0, dot), field);
    }
    return out;
}

} // namespace clusterlab::app
