#include "terminal/table_text.h"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cctype>
#include <vector>

namespace clusterlab::app {

namespace json = boost::json;

namespace {

// kubectl's printers.GetNewTabWriter: minwidth 6, padding 3.
constexpr std::size_t kMinWidth = 6;
constexpr std::size_t kPadding = 3;

std::string cellText(const json::value &cell)
{
    if (cell.is_string())
        return std::string(cell.as_string());
    if (cell.is_null())
        return "<none>";
    return json::serialize(cell);
}

std::string upper(std::string text)
{
    for (char &c : text)
        c = char(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

std::string rowNamespace(const json::value &row)
{
    const auto *object = row.as_object().if_contains("object");
    if (!object || !object->is_object())
        return {};
    const auto *meta = object->as_object().if_contains("metadata");
    if (!meta || !meta->is_object())
        return {};
    const auto *ns = meta->as_object().if_contains("namespace");
    return ns && ns->is_string() ? std::string(ns->as_string()) : std::string();
}

} // namespace

std::size_t tableRowCount(const json::object &table)
{
    const auto *rows = table.if_contains("rows");
    return rows && rows->is_array() ? rows->as_array().size() : 0;
}

std::string formatTableText(const json::object &table, const TableStyle &style)
{
    std::vector<std::string> header;
    std::vector<std::size_t> shown;
    if (style.namespaceColumn)
        header.push_back("NAMESPACE");
    const auto *columns = table.if_contains("columnDefinitions");
    if (columns && columns->is_array()) {
        const auto &defs = columns->as_array();
        for (std::size_t i = 0; i < defs.size(); ++i) {
            const auto &def = defs[i].as_object();
            const auto *priority = def.if_contains("priority");
            if (!style.wide && priority && priority->is_int64() && priority->as_int64() > 0)
                continue;
            shown.push_back(i);
            const auto *name = def.if_contains("name");
            header.push_back(upper(name && name->is_string() ? std::string(name->as_string())
                                                             : std::string()));
        }
    }
    std::vector<std::vector<std::string>> lines;
    if (style.headers)
        lines.push_back(header);
    const auto *rows = table.if_contains("rows");
    if (rows && rows->is_array()) {
        for (const auto &row : rows->as_array()) {
            std::vector<std::string> line;
            if (style.namespaceColumn)
                line.push_back(rowNamespace(row));
            const auto *cells = row.as_object().if_contains("cells");
            for (std::size_t column : shown) {
                const bool has = cells && cells->is_array() && column < cells->as_array().size();
                std::string text = has ? cellText(cells->as_array()[column]) : std::string();
                if (column == 0)
                    text = style.namePrefix + text;
                line.push_back(std::move(text));
            }
            lines.push_back(std::move(line));
        }
    }
    std::vector<std::size_t> widths(header.size(), 0);
    for (const auto &line : lines)
        for (std::size_t c = 0; c < line.size() && c < widths.size(); ++c)
            widths[c] = std::max(widths[c], std::max(line[c].size() + kPadding, kMinWidth));
    std::string out;
    for (const auto &line : lines) {
        for (std::size_t c = 0; c < line.size(); ++c) {
            out += line[c];
            if (c + 1 < line.size())
                out.append(widths[c] - line[c].size(), ' ');
        }
        out += '\n';
    }
    return out;
}

} // namespace clusterlab::app
