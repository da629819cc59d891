#include "classroom/lesson_reader.h"

#include "classroom/lesson_fields.h"
#include "manifest/decode.h"
#include "manifest/validate.h"
#include "manifest/yaml_stall.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>
#include <sstream>

namespace clusterlab::app {

std::string LessonProblem::format() const
{
    std::ostringstream out;
    out << source << ":" << line << ":" << column << ": " << message;
    return out.str();
}

namespace {

using namespace lesson_fields;

/// viewName is a canvas view the lesson names: "lanes" or "nodes".
std::string viewName(const YAML::Node &node)
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
        } else if (verb == "view") {
            action.kind = Kind::View;
            action.target = viewName(value);
        } else {
            fail(entry.first,
                 "unknown action " + inQuotes(verb)
                         + " (expected one of: apply, show, kubectl, scale, "
                           "delete-pod, relabel, selector, send, highlight, select, "
                           "traffic, view)");
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

    /// readSend reads "send: {service, requests}".
    static void readSend(const YAML::Node &value, LessonAction &action)
    {
        checkFields(value, { "service", "requests" }, "send");
        action.kind = Kind::Send;
        action.target = required(value, "service", "send");
        action.count = number(requiredNode(value, "requests", "send"), "requests", 1, 1000);
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

/// Reader reads a lesson: its top-level fields, the files it carries, and its steps.
class Reader
{
public:
    explicit Reader(Lesson &lesson) : m_lesson(lesson) { }

    void read(const YAML::Node &root)
    {
        checkFields(root,
                    { "lesson", "title", "summary", "seed", "users", "view", "files", "steps" },
                    "the lesson");
        m_lesson.id = required(root, "lesson", "the lesson");
        m_lesson.title = required(root, "title", "the lesson");
        if (root["summary"])
            m_lesson.summary = text(root["summary"], "summary");
        if (const YAML::Node seed = root["seed"])
            m_lesson.seed = std::uint64_t(number(seed, "seed", 0, 1 << 30));
        if (const YAML::Node users = root["users"])
            m_lesson.usersRate = number(users, "users", 0, 200);
        if (const YAML::Node view = root["view"])
            m_lesson.view = viewName(view);
        if (const YAML::Node files = root["files"])
            readFiles(files);
        const YAML::Node steps = root["steps"];
        if (!steps)
            fail(root, "the lesson needs \"steps\"");
        if (!steps.IsSequence() || steps.size() == 0)
            fail(steps, "steps must be a list of at least one step");
        for (const YAML::Node &step : steps)
            m_lesson.steps.push_back(readStep(step));
    }

private:
    void readFiles(const YAML::Node &files)
    {
        if (!files.IsMap())
            fail(files, "files must map file names to their text, like backend-service.yaml: |");
        for (const auto &entry : files) {
            const std::string name = text(entry.first, "a file name");
            // The files are written to a folder of the lesson's own for the terminal: a
            // name is one plain file name, never a path out of it.
            if (name.empty() || name.front() == '.' || name.find('/') != std::string::npos
                || name.find('\\') != std::string::npos)
                fail(entry.first,
                     "a file name must be a plain name like backend-service.yaml, "
                     "not " + inQuotes(name));
            const std::string body = text(entry.second, "the text of " + name);
            // A manifest the lesson carries must decode: the class should never see a lesson
            // fail on its own YAML. Problems point into the lesson file.
            const manifest::DecodeReport report = manifest::decodeText(body, name);
            std::vector<manifest::Diagnostic> problems = report.diagnostics;
            for (const auto &decoded : report.objects)
                for (auto &d : manifest::validateDecoded(decoded))
                    problems.push_back(std::move(d));
            for (const auto &d : problems)
                if (d.severity == manifest::Severity::Error) {
                    YAML::Mark mark = entry.second.Mark();
                    // A block scalar's text starts on the line after its `|`.
                    mark.line += std::max(1, d.pos.line);
                    mark.column = entry.first.Mark().column + 1 + std::max(0, d.pos.column);
                    throw Invalid{ mark, name + ": " + d.message };
                }
            m_lesson.files.emplace_back(name, body);
        }
    }

    LessonStep readStep(const YAML::Node &node)
    {
        checkFields(node, { "title", "text", "predict", "do", "wait", "chart", "faults" },
                    "a step");
        LessonStep step;
        step.line = node.Mark().line + 1;
        step.title = required(node, "title", "a step");
        if (node["text"])
            step.text = text(node["text"], "text");
        if (const YAML::Node predict = node["predict"]) {
            checkFields(predict, { "question", "answer" }, "predict");
            step.question = required(predict, "question", "predict");
            step.answer = required(predict, "answer", "predict");
        }
        if (const YAML::Node actions = node["do"])
            step.actions = readActions(actions);
        if (const YAML::Node chart = node["chart"])
            step.chart = text(chart, "chart");
        if (const YAML::Node wait = node["wait"]) {
            if (wait.IsSequence())
                for (const YAML::Node &one : wait)
                    step.waits.push_back(readWait(one));
            else
                step.waits.push_back(readWait(wait));
        }
        if (const YAML::Node faults = node["faults"]) {
            if (!faults.IsSequence())
                fail(faults, "faults must be a list of {label, do}");
            for (const YAML::Node &fault : faults) {
                checkFields(fault, { "label", "do" }, "a fault");
                if (!fault["do"])
                    fail(fault, "a fault needs \"do\"");
                step.faults.push_back(
                        { required(fault, "label", "a fault"), readActions(fault["do"]) });
            }
        }
        return step;
    }

    std::vector<LessonAction> readActions(const YAML::Node &node) const
    {
        return ActionReader(m_lesson).read(node);
    }

    static LessonCondition readWait(const YAML::Node &node)
    {
        LessonCondition condition;
        if (node.IsScalar()) {
            if (node.Scalar() != "pods-ready")
                fail(node,
                     "unknown condition " + inQuotes(node.Scalar())
                             + " (expected pods-ready, served or endpoints)");
            return condition;
        }
        checkFields(node, { "served", "endpoints" }, "a condition");
        if (const YAML::Node served = node["served"]) {
            checkFields(served, { "service", "requests" }, "served");
            condition.kind = LessonCondition::Kind::Served;
            condition.service = required(served, "service", "served");
            condition.count =
                    number(requiredNode(served, "requests", "served"), "requests", 1, 100000);
        } else if (const YAML::Node endpoints = node["endpoints"]) {
            checkFields(endpoints, { "service", "ready" }, "endpoints");
            condition.kind = LessonCondition::Kind::Endpoints;
            condition.service = required(endpoints, "service", "endpoints");
            condition.count =
                    number(requiredNode(endpoints, "ready", "endpoints"), "ready", 0, 1000);
        } else {
            fail(node, "a condition needs served or endpoints");
        }
        return condition;
    }

    Lesson &m_lesson;
};

} // namespace

LessonRead readLesson(const std::string &text, const std::string &source)
{
    LessonRead out;
    const auto problem = [&](const YAML::Mark &mark, const std::string &message) {
        out.problems.push_back({ source, mark.line + 1, mark.column + 1, message });
    };
    Lesson lesson;
    lesson.source = source;
    try {
        // yaml-cpp 0.7 loops forever on some input (a stray `,`): look for that first.
        if (const auto stall = manifest::findParserStall(text)) {
            problem(*stall, "did not find expected node content");
            return out;
        }
        const YAML::Node root = YAML::Load(text);
        if (!root || root.IsNull()) {
            out.problems.push_back({ source, 1, 1, "the lesson is empty" });
            return out;
        }
        Reader(lesson).read(root);
    } catch (const Invalid &invalid) {
        problem(invalid.mark, invalid.message);
        return out;
    } catch (const YAML::Exception &e) {
        problem(e.mark, e.msg);
        return out;
    }
    out.lesson = std::move(lesson);
    return out;
}

} // namespace clusterlab::app
