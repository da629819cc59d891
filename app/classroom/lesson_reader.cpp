#include "classroom/lesson_reader.h"

#include "classroom/lesson_action_reader.h"
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
            m_lesson.view = lessonViewName(view);
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
        return readLessonActions(node, m_lesson);
    }

    static LessonCondition readWait(const YAML::Node &node)
    {
        LessonCondition condition;
        if (node.IsScalar()) {
            if (node.Scalar() != "pods-ready")
                fail(node,
                     "unknown condition " + inQuotes(node.Scalar())
                             + " (expected pods-ready, served, endpoints, load-balancer or "
                               "refused)");
            return condition;
        }
        checkFields(node, { "served", "endpoints", "load-balancer", "refused" }, "a condition");
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
        } else if (const YAML::Node balancer = node["load-balancer"]) {
            checkFields(balancer, { "service" }, "load-balancer");
            condition.kind = LessonCondition::Kind::LoadBalancer;
            condition.service = required(balancer, "service", "load-balancer");
        } else if (const YAML::Node refused = node["refused"]) {
            checkFields(refused, { "service", "requests" }, "refused");
            condition.kind = LessonCondition::Kind::Refused;
            condition.service = required(refused, "service", "refused");
            condition.count =
                    number(requiredNode(refused, "requests", "refused"), "requests", 1, 1000);
        } else {
            fail(node, "a condition needs served, endpoints, load-balancer or refused");
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
