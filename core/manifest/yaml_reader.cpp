#include "manifest/yaml_reader.h"

#include "manifest/yaml_stall.h"

#include <boost/json/parse.hpp>
#include <yaml-cpp/yaml.h>

#include <array>
#include <charconv>
#include <cmath>
#include <optional>
#include <set>
#include <utility>

namespace clusterlab::manifest {

namespace json = boost::json;

namespace {

SourcePos toPos(const YAML::Mark &mark)
{
    if (mark.is_null())
        return {};
    return { mark.line + 1, mark.column + 1 };
}

/// goYamlWording maps yaml-cpp's parser messages to the go-yaml words kubectl prints.
std::string goYamlWording(const std::string &msg)
{
    static const std::array<std::pair<const char *, const char *>, 8> table{ {
            { "illegal map value", "mapping values are not allowed in this context" },
            { "end of map not found", "did not find expected key" },
            { "end of sequence not found", "did not find expected '-' indicator" },
            { "end of map flow not found", "did not find expected ',' or '}'" },
            { "end of sequence flow not found", "did not find expected ',' or ']'" },
            { "unknown escape character", "found unknown escape character" },
            { "unknown token", "found character that cannot start any token" },
            { "block sequence entries are not allowed in this context",
              "block sequence entries are not allowed in this context" },
    } };
    for (const auto &[from, to] : table)
        if (msg.rfind(from, 0) == 0)
            return to;
    return msg;
}

bool isOneOf(const std::string &s, std::initializer_list<const char *> words)
{
    for (const char *w : words)
        if (s == w)
            return true;
    return false;
}

/// resolvePlain types a plain (unquoted) scalar as go-yaml v2 does (YAML 1.1).
json::value resolvePlain(const std::string &s)
{
    if (isOneOf(s, { "", "~", "null", "Null", "NULL" }))
        return nullptr;
    if (isOneOf(s, { "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON" }))
        return true;
    if (isOneOf(s, { "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF" }))
        return false;
    std::string digits;
    for (char c : s)
        if (c != '_')
            digits += c;
    const char *b = digits.data();
    const char *e = b + digits.size();
    bool negative = false;
    if (b != e && (*b == '+' || *b == '-')) {
        negative = *b == '-';
        ++b;
    }
    int base = 10;
    if (e - b > 2 && b[0] == '0' && (b[1] == 'x' || b[1] == 'X')) {
        base = 16;
        b += 2;
    } else if (e - b > 2 && b[0] == '0' && b[1] == 'o') {
        base = 8;
        b += 2;
    } else if (e - b > 1 && b[0] == '0') {
        base = 8;
    }
    std::int64_t iv = 0;
    if (b != e) {
        auto [p, ec] = std::from_chars(b, e, iv, base);
        if (ec == std::errc() && p == e)
            return negative ? -iv : iv;
    }
    if (isOneOf(s, { ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF" }))
        return HUGE_VAL;
    if (isOneOf(s, { "-.inf", "-.Inf", "-.INF" }))
        return -HUGE_VAL;
    const bool looksNumeric = !s.empty()
            && s.find_first_not_of("0123456789+-.eE_") == std::string::npos
            && s.find_first_of("0123456789") != std::string::npos;
    if (looksNumeric) {
        double dv = 0;
        auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), dv);
        if (ec == std::errc() && p == digits.data() + digits.size())
            return dv;
    }
    return json::string(s);
}

struct ReadError
{
    SourcePos pos;
    std::string message;
};

class Converter
{
public:
    Converter(const ReadLimits &limits, PositionMap &positions, std::size_t &nodes)
        : m_limits(limits), m_positions(positions), m_nodes(nodes)
    {
    }

    json::value convert(const YAML::Node &node, const std::string &path, int depth)
    {
        checkLimits(node, depth);
        switch (node.Type()) {
        case YAML::NodeType::Null:
        case YAML::NodeType::Undefined:
            return nullptr;
        case YAML::NodeType::Scalar:
            return scalar(node);
        case YAML::NodeType::Sequence:
            return sequence(node, path, depth);
        case YAML::NodeType::Map:
            return mapping(node, path, depth);
        }
        return nullptr;
    }

private:
    /// checkLimits counts node against the alias-expansion budget and refuses it when it is
    /// nested too deep.
    void checkLimits(const YAML::Node &node, int depth)
    {
        if (++m_nodes > m_limits.maxNodes)
            throw ReadError{ toPos(node.Mark()),
                             "document expands to more than " + std::to_string(m_limits.maxNodes)
                                     + " nodes (too many aliases); refusing to expand it" };
        if (depth > m_limits.maxDepth)
            throw ReadError{ toPos(node.Mark()),
                             "document is nested more than " + std::to_string(m_limits.maxDepth)
                                     + " levels deep" };
    }

    /// sequence converts a YAML sequence item by item, noting where each item was written.
    json::value sequence(const YAML::Node &node, const std::string &path, int depth)
    {
        json::array out;
        std::size_t i = 0;
        for (const auto &item : node) {
            const std::string itemPath = path + "[" + std::to_string(i++) + "]";
            m_positions.set(itemPath, { {}, toPos(item.Mark()) });
            out.push_back(convert(item, itemPath, depth + 1));
        }
        return out;
    }

    json::value scalar(const YAML::Node &node)
    {
        const std::string &tag = node.Tag();
        const std::string &text = node.Scalar();
        if (tag == "!" || tag == "tag:yaml.org,2002:str")
            return json::string(text);
        if (tag == "tag:yaml.org,2002:int" || tag == "tag:yaml.org,2002:float"
            || tag == "tag:yaml.org,2002:bool" || tag == "tag:yaml.org,2002:null" || tag == "?")
            return resolvePlain(text);
        return json::string(text);
    }

    static std::string keyText(const YAML::Node &key)
    {
        if (key.IsScalar())
            return key.Scalar();
        return {};
    }

    json::value mapping(const YAML::Node &node, const std::string &path, int depth)
    {
        json::object out;
        std::vector<const YAML::Node *> merges;
        std::vector<YAML::Node> mergeNodes;
        for (auto it = node.begin(); it != node.end(); ++it) {
            const YAML::Node key = it->first;
            if (!key.IsScalar())
                throw ReadError{ toPos(key.Mark()),
                                 "complex (non-scalar) mapping keys are not supported" };
            const std::string name = keyText(key);
            if (name == "<<" && key.Tag() == "?") {
                mergeNodes.push_back(it->second);
                continue;
            }
            if (out.contains(name))
                throw ReadError{ toPos(key.Mark()),
                                 "line " + std::to_string(key.Mark().line + 1) + ": key \"" + name
                                         + "\" already set in map" };
            const std::string childPath = path.empty() ? name : path + "." + name;
            m_positions.set(childPath, { toPos(key.Mark()), toPos(it->second.Mark()) });
            out[name] = convert(it->second, childPath, depth + 1);
        }
        for (const auto &merge : mergeNodes)
            applyMerge(out, merge, path, depth);
        return out;
    }

    void applyMerge(json::object &out, const YAML::Node &merge, const std::string &path, int depth)
    {
        std::vector<YAML::Node> sources;
        if (merge.IsMap()) {
            sources.push_back(merge);
        } else if (merge.IsSequence()) {
            for (const auto &item : merge)
                sources.push_back(item);
        }
        for (const auto &source : sources) {
            if (!source.IsMap())
                throw ReadError{ toPos(source.Mark()),
                                 "map merge requires map or sequence of maps as the value" };
            json::value merged = mapping(source, path, depth);
            for (auto &[k, v] : merged.as_object())
                if (!out.contains(k))
                    out[k] = v;
        }
    }

    const ReadLimits &m_limits;
    PositionMap &m_positions;
    std::size_t &m_nodes;
};

/// flowDepthExceeds guards yaml-cpp's recursive parser against "[[[[...]]]]" bombs.
bool flowDepthExceeds(std::string_view text, int limit, SourcePos &where)
{
    int depth = 0;
    int line = 1, column = 0;
    char quote = 0;
    bool comment = false;
    for (char c : text) {
        ++column;
        if (c == '\n') {
            ++line;
            column = 0;
            comment = false;
            continue;
        }
        if (comment)
            continue;
        if (quote) {
            if (c == quote)
                quote = 0;
            continue;
        }
        if (c == '#')
            comment = true;
        else if (c == '"' || (c == '\'' && depth > 0))
            quote = c;
        else if (c == '[' || c == '{') {
            if (++depth > limit) {
                where = { line, column };
                return true;
            }
        } else if ((c == ']' || c == '}') && depth > 0)
            --depth;
    }
    return false;
}

Diagnostic error(const std::string &source, SourcePos pos, std::string message)
{
    return Diagnostic{ Severity::Error, source, pos, {}, std::move(message), {} };
}

bool readAsJson(std::string_view text, const std::string &source, ReadResult &result)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos || (text[first] != '{' && text[first] != '['))
        return false;
    boost::system::error_code ec;
    json::value value = json::parse(text, ec);
    if (ec)
        return false;
    result.documents.push_back({ std::move(value), {}, { 1, 1 } });
    (void)source;
    return true;
}

/// checkSize refuses text over the byte limit, and flow collections nested deeper than the
/// depth limit, before yaml-cpp sees them.
std::optional<Diagnostic> checkSize(std::string_view text, const std::string &source,
                                    const ReadLimits &limits)
{
    if (text.size() > limits.maxBytes)
        return error(source, { 1, 1 },
                     "the file is " + std::to_string(text.size()) + " bytes; the limit is "
                             + std::to_string(limits.maxBytes)
                             + " bytes (request entity too large)");
    SourcePos deep;
    if (flowDepthExceeds(text, limits.maxDepth, deep))
        return error(source, deep,
                     "document is nested more than " + std::to_string(limits.maxDepth)
                             + " levels deep");
    return std::nullopt;
}

/// loadNodes parses text into yaml-cpp's documents. When yaml-cpp cannot (or would loop
/// forever), there are none: text is read as JSON if it is JSON, else the parse error goes
/// into result in go-yaml's words.
std::optional<std::vector<YAML::Node>> loadNodes(std::string_view text, const std::string &source,
                                                 ReadResult &result)
{
    try {
        const std::string owned(text);
        if (const auto stall = findParserStall(owned)) {
            if (readAsJson(text, source, result))
                return std::nullopt;
            const SourcePos pos = toPos(*stall);
            result.diagnostics.push_back(error(source, pos,
                                               "error converting YAML to JSON: yaml: line "
                                                       + std::to_string(pos.line)
                                                       + ": did not find expected node content"));
            return std::nullopt;
        }
        return YAML::LoadAll(owned);
    } catch (const YAML::Exception &e) {
        if (readAsJson(text, source, result))
            return std::nullopt;
        const SourcePos pos = toPos(e.mark);
        result.diagnostics.push_back(error(source, pos,
                                           "error converting YAML to JSON: yaml: line "
                                                   + std::to_string(pos.line) + ": "
                                                   + goYamlWording(e.msg)));
        return std::nullopt;
    }
}

/// convertNodes converts each non-empty document into result. A document that breaks a limit
/// or a YAML rule becomes a diagnostic; expanding past the node budget ends the stream.
void convertNodes(const std::vector<YAML::Node> &nodes, const std::string &source,
                  const ReadLimits &limits, ReadResult &result)
{
    std::size_t budget = 0;
    for (const auto &node : nodes) {
        if (node.IsNull() || !node.IsDefined())
            continue;
        YamlDocument doc;
        doc.start = toPos(node.Mark());
        try {
            Converter converter(limits, doc.positions, budget);
            doc.value = converter.convert(node, "", 0);
        } catch (const ReadError &e) {
            result.diagnostics.push_back(
                    error(source, e.pos,
                          e.message.rfind("line ", 0) == 0
                                  ? "error converting YAML to JSON: yaml: " + e.message
                                  : e.message));
            if (budget > limits.maxNodes)
                return;
            continue;
        } catch (const YAML::Exception &e) {
            result.diagnostics.push_back(error(source, toPos(e.mark), e.msg));
            continue;
        }
        if (!doc.value.is_null())
            result.documents.push_back(std::move(doc));
    }
}

} // namespace

ReadResult readYaml(std::string_view text, const std::string &source, const ReadLimits &limits)
{
    ReadResult result;
    if (auto refused = checkSize(text, source, limits)) {
        result.diagnostics.push_back(std::move(*refused));
        return result;
    }
    if (const auto nodes = loadNodes(text, source, result))
        convertNodes(*nodes, source, limits, result);
    return result;
}

} // namespace clusterlab::manifest
