#include "terminal/describe_text.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>

namespace clusterlab::app {

namespace json = boost::json;

// kubectl describe's tabwriter pads by 2.
constexpr std::size_t kPadding = 2;

void DescribeText::add(const std::string &key, const std::string &value, int indent)
{
    m_lines.push_back({ indent, key.empty() ? key : key + ":", value, true });
}

void DescribeText::section(const std::string &heading, int indent)
{
    m_lines.push_back({ indent, heading + ":", {}, false });
}

void DescribeText::raw(const std::string &line)
{
    m_lines.push_back({ 0, line, {}, false });
}

void DescribeText::table(const std::vector<std::vector<std::string>> &rows, int indent)
{
    std::vector<std::size_t> widths;
    for (const auto &row : rows) {
        widths.resize(std::max(widths.size(), row.size()), 0);
        for (std::size_t c = 0; c < row.size(); ++c)
            widths[c] = std::max(widths[c], row[c].size() + kPadding);
    }
    for (const auto &row : rows) {
        std::string line(std::size_t(indent) * 2, ' ');
        for (std::size_t c = 0; c < row.size(); ++c)
            line += c + 1 < row.size() ? row[c] + std::string(widths[c] - row[c].size(), ' ')
                                       : row[c];
        raw(line);
    }
}

void DescribeText::addMap(const std::string &key, const json::value *map, const char *separator)
{
    if (!map || !map->is_object() || map->as_object().empty()) {
        add(key, "<none>");
        return;
    }
    bool first = true;
    for (const auto &entry : map->as_object()) {
        const std::string value = entry.value().is_string() ? std::string(entry.value().as_string())
                                                            : json::serialize(entry.value());
        add(first ? key : std::string(), std::string(entry.key()) + separator + value);
        first = false;
    }
}

std::string DescribeText::text() const
{
    std::string out;
    std::size_t i = 0;
    while (i < m_lines.size()) {
        const Line &line = m_lines[i];
        if (!line.aligned) {
            out += std::string(std::size_t(line.indent) * 2, ' ') + line.key + "\n";
            ++i;
            continue;
        }
        std::size_t end = i;
        std::size_t width = 0;
        while (end < m_lines.size() && m_lines[end].aligned && m_lines[end].indent == line.indent)
            width = std::max(width, m_lines[end++].key.size());
        for (; i < end; ++i) {
            const Line &l = m_lines[i];
            std::string text = std::string(std::size_t(l.indent) * 2, ' ') + l.key;
            text.append(width + kPadding - l.key.size(), ' ');
            out += text + l.value + "\n";
        }
    }
    return out;
}

const json::value *jsonAt(const json::value &root, const std::string &path)
{
    const json::value *at = &root;
    std::size_t start = 0;
    while (at && start <= path.size()) {
        const std::size_t dot = path.find('.', start);
        const std::string key = path.substr(start, dot == std::string::npos ? dot : dot - start);
        at = at->is_object() ? at->as_object().if_contains(key) : nullptr;
        if (dot == std::string::npos)
            break;
        start = dot + 1;
    }
    return at;
}

std::string textAt(const json::value &root, const std::string &path, const std::string &fallback)
{
    const json::value *at = jsonAt(root, path);
    if (!at || at->is_null())
        return fallback;
    if (at->is_string())
        return std::string(at->as_string());
    return json::serialize(*at);
}

} // namespace clusterlab::app
