#include "api/table.h"

#include "api/encode.h"
#include "model/printers.h"

#include <boost/json/array.hpp>

#include <cctype>
#include <map>

namespace clusterlab::api {

namespace json = boost::json;

namespace {

struct ColumnInfo
{
    const char *name;
    const char *type = "string";
};

/// columnInfo names a column as pkg/printers/internalversion does ("Cluster-IP", "Port(s)")
/// and gives its type; kubectl upper-cases the names itself.
ColumnInfo columnInfo(const std::string &kind, const std::string &header)
{
    static const std::map<std::string, const char *> names = {
        { "NAME", "Name" },
        { "CLUSTER-IP", "Cluster-IP" },
        { "EXTERNAL-IP", "External-IP" },
        { "INTERNAL-IP", "Internal-IP" },
        { "PORT(S)", "Port(s)" },
        { "UP-TO-DATE", "Up-to-date" },
        { "NOMINATED NODE", "Nominated Node" },
        { "READINESS GATES", "Readiness Gates" },
        { "ADDRESSTYPE", "AddressType" },
        { "OS-IMAGE", "OS-Image" },
        { "KERNEL-VERSION", "Kernel-Version" },
        { "CONTAINER-RUNTIME", "Container-Runtime" },
        { "LAST SEEN", "Last Seen" },
        { "FIRST SEEN", "First Seen" },
        { "IP", "IP" },
    };
    const bool replicas = kind == "ReplicaSet" || kind == "ReplicationController";
    const bool integer =
            (replicas && (header == "DESIRED" || header == "CURRENT" || header == "READY"))
            || (kind == "Deployment" && (header == "UP-TO-DATE" || header == "AVAILABLE"))
            || header == "COUNT" || header == "DATA" || header == "SECRETS";
    if (auto it = names.find(header); it != names.end())
        return { it->second, integer ? "integer" : "string" };
    return { nullptr, integer ? "integer" : "string" };
}

std::string titleCase(const std::string &header)
{
    std::string out = header;
    bool start = true;
    for (char &c : out) {
        c = start ? char(std::toupper(static_cast<unsigned char>(c)))
                  : char(std::tolower(static_cast<unsigned char>(c)));
        start = c == ' ';
    }
    return out;
}

json::value cell(const std::string &text, bool integer)
{
    if (integer && !text.empty() && text.find_first_not_of("-0123456789") == std::string::npos) {
        try {
            return std::stoll(text);
        } catch (...) {
        }
    }
    return json::value(text);
}

} // namespace

bool wantsTable(const std::string &accept)
{
    return accept.find("as=Table") != std::string::npos;
}

json::object buildTable(const ApiResource &resource, const std::vector<model::ObjectPtr> &objects,
                        const std::string &resourceVersion, const TableOptions &options)
{
    const model::Table table =
            model::tableFor(resource.info->kind, objects, std::chrono::system_clock::now());
    json::array columns;
    std::vector<bool> integer;
    for (const auto &column : table.columns) {
        const ColumnInfo info = columnInfo(resource.kind, column.name);
        json::object definition;
        definition["name"] = info.name ? std::string(info.name) : titleCase(column.name);
        definition["type"] = info.type;
        definition["format"] = column.name == "NAME" ? "name" : "";
        definition["description"] = "";
        definition["priority"] = column.priority;
        integer.push_back(std::string(info.type) == "integer");
        columns.push_back(std::move(definition));
    }
    json::array rows;
    std::size_t index = 0;
    for (const auto &object : objects) {
        if (model::kindOf(*object) != resource.info->kind || index >= table.rows.size())
            continue;
        const auto &cells = table.rows[index++];
        json::array out;
        for (std::size_t i = 0; i < cells.size(); ++i)
            out.push_back(cell(cells[i], i < integer.size() && integer[i]));
        json::object row{ { "cells", std::move(out) } };
        if (options.includeObject == "Object") {
            const auto *event = std::get_if<model::Event>(object.get());
            row["object"] = event && resource.group == "events.k8s.io" ? encodeEventV1(*event)
                                                                       : encodeObject(*object);
        } else if (options.includeObject != "None") {
            row["object"] = partialObjectMetadata(*object);
        }
        rows.push_back(std::move(row));
    }
    json::object out;
    out["kind"] = "Table";
    out["apiVersion"] = "meta.k8s.io/v1";
    json::object meta;
    if (!resourceVersion.empty())
        meta["resourceVersion"] = resourceVersion;
    out["metadata"] = std::move(meta);
    if (options.columnDefinitions)
        out["columnDefinitions"] = std::move(columns);
    out["rows"] = std::move(rows);
    return out;
}

} // namespace clusterlab::api
