#include "model/label_selector.h"

#include <algorithm>
#include <cctype>

namespace clusterlab::model {

bool matches(const LabelSelector &selector, const Labels &labels)
{
    for (const auto &[key, value] : selector.matchLabels) {
        auto it = labels.find(key);
        if (it == labels.end() || it->second != value)
            return false;
    }
    for (const auto &req : selector.matchExpressions) {
        auto it = labels.find(req.key);
        const bool has = it != labels.end();
        const bool inValues = has
                && std::find(req.values.begin(), req.values.end(), it->second) != req.values.end();
        if (req.op == "In" && !inValues)
            return false;
        if (req.op == "NotIn" && inValues)
            return false;
        if (req.op == "Exists" && !has)
            return false;
        if (req.op == "DoesNotExist" && has)
            return false;
    }
    return true;
}

bool matchesMap(const Labels &selector, const Labels &labels)
{
    if (selector.empty())
        return false;
    for (const auto &[key, value] : selector) {
        auto it = labels.find(key);
        if (it == labels.end() || it->second != value)
            return false;
    }
    return true;
}

std::string formatLabels(const Labels &labels)
{
    if (labels.empty())
        return "<none>";
    std::string out;
    for (const auto &[key, value] : labels) {
        if (!out.empty())
            out += ',';
        out += key + '=' + value;
    }
    return out;
}

std::string formatSelector(const LabelSelector &selector)
{
    std::string out = selector.matchLabels.empty() ? "" : formatLabels(selector.matchLabels);
    for (const auto &req : selector.matchExpressions) {
        if (!out.empty())
            out += ',';
        if (req.op == "Exists") {
            out += req.key;
        } else if (req.op == "DoesNotExist") {
            out += '!' + req.key;
        } else {
            out += req.key + (req.op == "In" ? " in (" : " notin (");
            for (size_t i = 0; i < req.values.size(); ++i)
                out += (i ? "," : "") + req.values[i];
            out += ')';
        }
    }
    return out.empty() ? "<none>" : out;
}

namespace {

std::string trim(const std::string &s)
{
    size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b])))
        ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1])))
        --e;
    return s.substr(b, e - b);
}

std::vector<std::string> splitTopLevel(const std::string &text)
{
    std::vector<std::string> parts;
    std::string current;
    int depth = 0;
    for (char c : text) {
        if (c == '(')
            ++depth;
        if (c == ')')
            --depth;
        if (c == ',' && depth == 0) {
            parts.push_back(current);
            current.clear();
        } else {
            current += c;
        }
    }
    parts.push_back(current);
    return parts;
}

bool parseSetRequirement(const std::string &term, LabelSelectorRequirement &req)
{
    const auto open = term.find('(');
    const auto close = term.rfind(')');
    if (open == std::string::npos || close == std::string::npos || close < open)
        return false;
    const std::string head = trim(term.substr(0, open));
    const auto space = head.find(' ');
    if (space == std::string::npos)
        return false;
    req.key = trim(head.substr(0, space));
    const std::string op = trim(head.substr(space));
    if (op == "in")
        req.op = "In";
    else if (op == "notin")
        req.op = "NotIn";
    else
        return false;
    for (const auto &v : splitTopLevel(term.substr(open + 1, close - open - 1)))
        req.values.push_back(trim(v));
    return !req.key.empty();
}

} // namespace

bool parseSelectorString(const std::string &text, LabelSelector &out, std::string &error)
{
    out = {};
    if (trim(text).empty())
        return true;
    for (const auto &rawTerm : splitTopLevel(text)) {
        const std::string term = trim(rawTerm);
        if (term.empty()) {
            error = "found '', expected: identifier";
            return false;
        }
        LabelSelectorRequirement req;
        if (term.find('(') != std::string::npos) {
            if (!parseSetRequirement(term, req)) {
                error = "unable to parse requirement: " + term;
                return false;
            }
        } else if (auto p = term.find("!="); p != std::string::npos) {
            req = { trim(term.substr(0, p)), "NotIn", { trim(term.substr(p + 2)) } };
        } else if (auto q = term.find("=="); q != std::string::npos) {
            req = { trim(term.substr(0, q)), "In", { trim(term.substr(q + 2)) } };
        } else if (auto r = term.find('='); r != std::string::npos) {
            req = { trim(term.substr(0, r)), "In", { trim(term.substr(r + 1)) } };
        } else if (term[0] == '!') {
            req = { trim(term.substr(1)), "DoesNotExist", {} };
        } else {
            req = { term, "Exists", {} };
        }
        if (req.key.empty()) {
            error = "unable to parse requirement: " + term;
            return false;
        }
        out.matchExpressions.push_back(std::move(req));
    }
    return true;
}

} // namespace clusterlab::model
