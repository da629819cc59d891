#include "terminal/kubectl_jsonpath.h"

#include "terminal/json_text.h"

#include <boost/json.hpp>

#include <algorithm>
#include <charconv>
#include <limits>
#include <optional>
#include <vector>

namespace json = boost::json;

namespace clusterlab::app {

namespace {

/// Step is one step of a path: a key, every child, or an index or slice [start:end:step].
struct Step
{
    enum class Kind { Field, Wildcard, Slice };
    Kind kind = Kind::Field;
    std::string name;
    std::optional<long> start, end, step;
    bool single = false; ///< [n]: end is n+1, derived
};

/// Node is one piece of a template: text, a path, `range PATH` or `end`.
struct Node
{
    enum class Kind { Text, Path, Range, End };
    Kind kind = Kind::Text;
    std::string text;
    std::vector<Step> steps;
    std::size_t rangeEnd = 0; ///< Range: the index of its End (or the node count)
};

struct Failure
{
    std::string message;
};

/// closing finds the `close` that ends what starts at `from`, skipping quoted text.
std::size_t closing(const std::string &text, std::size_t from, char close)
{
    char quote = 0;
    for (std::size_t i = from; i < text.size(); ++i) {
        const char c = text[i];
        if (quote) {
            if (c == '\\')
                ++i;
            else if (c == quote)
                quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == close) {
            return i;
        }
    }
    return std::string::npos;
}

std::string unquote(const std::string &quoted)
{
    std::string out;
    for (std::size_t i = 1; i + 1 < quoted.size(); ++i) {
        char c = quoted[i];
        if (c == '\\' && i + 2 < quoted.size()) {
            const char e = quoted[++i];
            c = e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
        }
        out += c;
    }
    return out;
}

std::optional<long> number(const std::string &text)
{
    std::string trimmed = text;
    trimmed.erase(0, trimmed.find_first_not_of(' '));
    trimmed.erase(trimmed.find_last_not_of(' ') + 1);
    if (trimmed.empty())
        return std::nullopt;
    long value = 0;
    const auto result = std::from_chars(trimmed.data(), trimmed.data() + trimmed.size(), value);
    if (result.ec != std::errc() || result.ptr != trimmed.data() + trimmed.size())
        throw Failure{ "invalid array index " + trimmed };
    return value;
}

Step bracket(const std::string &inside)
{
    if (inside.empty())
        throw Failure{ "invalid array index " };
    if (inside.front() == '?')
        throw Failure{ "filters ([?(...)]) are not in the built-in kubectl's JSONPath subset" };
    if (closing(inside, 0, ',') != std::string::npos)
        throw Failure{ "unions ([a,b]) are not in the built-in kubectl's JSONPath subset" };
    Step step;
    if (inside == "*") {
        step.kind = Step::Kind::Wildcard;
        return step;
    }
    if (inside.front() == '\'' || inside.front() == '"') {
        step.name = unquote(inside);
        return step;
    }
    step.kind = Step::Kind::Slice;
    std::vector<std::string> parts{ "" };
    for (char c : inside) {
        if (c == ':')
            parts.emplace_back();
        else
            parts.back() += c;
    }
    if (parts.size() > 3)
        throw Failure{ "invalid array index " + inside };
    step.start = number(parts[0]);
    if (parts.size() == 1) {
        if (!step.start || *step.start == std::numeric_limits<long>::max())
            throw Failure{ "invalid array index " + inside };
        step.end = *step.start + 1;
        step.single = true;
    } else {
        step.end = number(parts[1]);
        if (parts.size() == 3)
            step.step = number(parts[2]);
    }
    return step;
}

std::vector<Step> parsePath(const std::string &path)
{
    std::vector<Step> steps;
    std::size_t i = 0;
    if (i < path.size() && (path[i] == '$' || path[i] == '@'))
        ++i;
    while (i < path.size()) {
        if (path.compare(i, 2, "..") == 0)
            throw Failure{ "recursive descent (..) is not in the built-in kubectl's JSONPath "
                           "subset" };
        if (path[i] == '[') {
            const std::size_t end = closing(path, i + 1, ']');
            if (end == std::string::npos)
                throw Failure{ "unclosed array expect ]" };
            steps.push_back(bracket(path.substr(i + 1, end - i - 1)));
            i = end + 1;
        } else if (path[i] == '.') {
            ++i;
            if (i < path.size() && path[i] == '*') {
                steps.push_back({ Step::Kind::Wildcard, {}, {}, {}, {}, false });
                ++i;
                continue;
            }
            Step step;
            while (i < path.size() && path[i] != '.' && path[i] != '[') {
                if (path[i] == '\\' && i + 1 < path.size())
                    ++i; // kubernetes\.io/name: an escaped dot is part of the key
                step.name += path[i++];
            }
            if (!step.name.empty())
                steps.push_back(std::move(step));
        } else {
            throw Failure{ "unrecognized character in action: '" + std::string(1, path[i]) + "'" };
        }
    }
    return steps;
}

std::vector<Node> parse(const std::string &tmpl)
{
    std::vector<Node> nodes;
    std::vector<std::size_t> openRanges;
    std::size_t i = 0;
    while (i < tmpl.size()) {
        const std::size_t open = tmpl.find('{', i);
        if (open != i) {
            nodes.push_back({ Node::Kind::Text, tmpl.substr(i, open - i), {}, 0 });
            if (open == std::string::npos)
                break;
        }
        const std::size_t close = closing(tmpl, open + 1, '}');
        if (close == std::string::npos)
            throw Failure{ "unclosed action" };
        std::string action = tmpl.substr(open + 1, close - open - 1);
        action.erase(0, action.find_first_not_of(' '));
        action.erase(action.find_last_not_of(' ') + 1);
        i = close + 1;
        if (action.empty())
            continue; // `{}` prints nothing, as client-go drops an empty action
        Node node;
        if (action == "end") {
            if (openRanges.empty())
                throw Failure{ "not in range, nothing to end" };
            nodes[openRanges.back()].rangeEnd = nodes.size();
            openRanges.pop_back();
            node.kind = Node::Kind::End;
        } else if (action.rfind("range ", 0) == 0) {
            node.kind = Node::Kind::Range;
            node.steps = parsePath(action.substr(6));
            openRanges.push_back(nodes.size());
        } else if (!action.empty() && action.front() == '"') {
            if (action.find('\n') != std::string::npos)
                throw Failure{ "unterminated quoted string" }; // as Go's strconv.Unquote
            node.text = unquote(action);
        } else {
            node.kind = Node::Kind::Path;
            node.steps = parsePath(action);
        }
        nodes.push_back(std::move(node));
    }
    for (const std::size_t open : openRanges)
        nodes[open].rangeEnd = nodes.size();
    return nodes;
}

/// goTypeName is how Go names the type of a decoded JSON value in its error messages.
std::string goTypeName(const json::value &value)
{
    switch (value.kind()) {
    case json::kind::object:
        return "map[string]interface {}";
    case json::kind::string:
        return "string";
    case json::kind::bool_:
        return "bool";
    case json::kind::double_:
        return "float64";
    default:
        return "int64";
    }
}

using Values = std::vector<const json::value *>;

Values slice(const Values &input, const Step &step)
{
    Values out;
    for (const json::value *value : input) {
        if (value->is_null())
            continue;
        if (!value->is_array())
            throw Failure{ goTypeName(*value) + " is not array or slice" };
        const auto &array = value->get_array();
        const long length = long(array.size());
        long start = step.start.value_or(0);
        long end = step.end.value_or(length);
        if (start < 0)
            start += length;
        if (step.end && (end < 0 || (end == 0 && step.single)))
            end += length;
        if (start == end)
            continue;
        if (start >= length || start < 0)
            throw Failure{ "array index out of bounds: index " + std::to_string(start) + ", length "
                           + std::to_string(length) };
        if (end > length || end < 0)
            throw Failure{ "array index out of bounds: index " + std::to_string(end - 1)
                           + ", length " + std::to_string(length) };
        if (start > end)
            throw Failure{ "starting index " + std::to_string(start)
                           + " is greater than ending index " + std::to_string(end) };
        const long stride = step.step.value_or(1);
        if (stride <= 0)
            throw Failure{ "step must be > 0" };
        for (long k = start; k < end; k = stride >= end - k ? end : k + stride)
            out.push_back(&array[std::size_t(k)]);
    }
    return out;
}

Values walk(const std::vector<Step> &steps, Values values)
{
    for (const Step &step : steps) {
        Values next;
        if (step.kind == Step::Kind::Slice) {
            next = slice(values, step);
        } else if (step.kind == Step::Kind::Wildcard) {
            for (const json::value *value : values) {
                if (value->is_array()) {
                    for (const auto &item : value->get_array())
                        next.push_back(&item);
                } else if (value->is_object()) {
                    std::vector<std::string_view> keys;
                    for (const auto &entry : value->get_object())
                        keys.push_back(entry.key());
                    std::sort(keys.begin(), keys.end());
                    for (const auto key : keys)
                        next.push_back(&value->get_object().at(key));
                }
            }
        } else {
            for (const json::value *value : values)
                if (const auto *object = value->if_object())
                    if (const auto *found = object->if_contains(step.name))
                        next.push_back(found);
        }
        values = std::move(next);
    }
    return values;
}

void execute(const std::vector<Node> &nodes, std::size_t begin, std::size_t end,
             const json::value &current, std::string &out)
{
    for (std::size_t i = begin; i < end; ++i) {
        const Node &node = nodes[i];
        switch (node.kind) {
        case Node::Kind::Text:
            out += node.text;
            break;
        case Node::Kind::End:
            break;
        case Node::Kind::Path: {
            const Values values = walk(node.steps, { &current });
            for (std::size_t k = 0; k < values.size(); ++k) {
                if (k > 0)
                    out += ' ';
                out += goText(*values[k]);
            }
            break;
        }
        case Node::Kind::Range:
            for (const json::value *item : walk(node.steps, { &current }))
                execute(nodes, i + 1, node.rangeEnd, *item, out);
            i = node.rangeEnd;
            break;
        }
    }
}

} // namespace

JsonPathResult runJsonPath(const std::string &tmpl, const json::value &object)
{
    std::vector<Node> nodes;
    try {
        nodes = parse(tmpl);
    } catch (const Failure &failure) {
        return { {}, "error parsing jsonpath " + tmpl + ", " + failure.message };
    }
    JsonPathResult result;
    try {
        execute(nodes, 0, nodes.size(), object, result.text);
    } catch (const Failure &failure) {
        return { {},
                 "error executing jsonpath \"" + tmpl
                         + "\": Error executing template: " + failure.message
                         + ". Printing more information for debugging the template:\n"
                           "\ttemplate was:\n\t\t"
                         + tmpl };
    }
    return result;
}

} // namespace clusterlab::app
