#include "terminal/kubectl_get.h"

#include "state/object_yaml.h"
#include "terminal/api_client.h"
#include "terminal/json_text.h"
#include "terminal/kubectl_jsonpath.h"
#include "terminal/table_text.h"

#include <QUrl>

#include <boost/json/array.hpp>

#include <algorithm>

namespace clusterlab::app {

namespace json = boost::json;

namespace {

/// sortedKeys orders every object's keys alphabetically, as kubectl's -o yaml prints them.
json::value sortedKeys(const json::value &value)
{
    if (value.is_array()) {
        json::array out;
        for (const auto &item : value.as_array())
            out.push_back(sortedKeys(item));
        return out;
    }
    if (!value.is_object())
        return value;
    std::vector<std::string> keys;
    for (const auto &entry : value.as_object())
        keys.emplace_back(entry.key());
    std::sort(keys.begin(), keys.end());
    json::object out;
    for (const auto &key : keys)
        out[key] = sortedKeys(value.as_object().at(key));
    return out;
}

std::string yamlText(const json::value &value)
{
    QString text = jsonToYaml(sortedKeys(value));
    if (!text.endsWith(QLatin1Char('\n')))
        text += QLatin1Char('\n');
    return text.toStdString();
}

std::string noResources(const KubectlArgs &args, bool namespaced)
{
    if (args.allNamespaces || !namespaced)
        return "No resources found\n";
    return "No resources found in " + args.ns.toStdString() + " namespace.\n";
}

std::string selectorQuery(const KubectlArgs &args)
{
    return args.selector.isEmpty()
            ? std::string()
            : "?labelSelector=" + QUrl::toPercentEncoding(args.selector).toStdString();
}

/// listOf wraps items in the `kind: List` kubectl prints for several objects.
json::object listOf(json::array items)
{
    json::object list;
    list["apiVersion"] = "v1";
    list["items"] = std::move(items);
    list["kind"] = "List";
    list["metadata"] = json::object{ { "resourceVersion", "" } };
    return list;
}

/// namesOf is -o name: `service/backend` per item.
std::string namesOf(const json::array &items)
{
    std::string out;
    for (const auto &item : items) {
        const auto &meta = item.as_object().at("metadata").as_object();
        const api::ApiResource *resource = findResource(
                QString::fromStdString(std::string(item.as_object().at("kind").as_string())));
        out += (resource ? qualifiedName(*resource) : std::string()) + "/"
                + std::string(meta.at("name").as_string()) + "\n";
    }
    return out;
}

} // namespace

KubectlGet::KubectlGet(ApiClient &api) : m_api(api) { }

KubectlResult KubectlGet::run(const KubectlArgs &args)
{
    if (args.positional.isEmpty())
        return kubectlFailure(
                "error: you must specify the type of resource to get, e.g. kubectl get pods");
    if (args.output == QLatin1String("jsonpath") || args.output == QLatin1String("jsonpath="))
        return kubectlFailure("error: template format specified but no template given");
    if (args.output == QLatin1String("yaml") || args.output == QLatin1String("json")
        || args.output == QLatin1String("name")
        || args.output.startsWith(QLatin1String("jsonpath=")))
        return objects(args);
    if (!args.output.isEmpty() && args.output != QLatin1String("wide"))
        return kubectlFailure(QStringLiteral("error: -o %1 is not in the built-in subset: use -o "
                                             "wide, -o yaml, -o json, -o jsonpath=TEMPLATE or -o "
                                             "name")
                                      .arg(args.output)
                                      .toStdString());
    return tables(args);
}

KubectlResult KubectlGet::tables(const KubectlArgs &args)
{
    const ResourceTargets targets = resolveTargets(args.positional);
    if (!targets.error.isEmpty())
        return kubectlFailure(targets.error.toStdString());
    const QString ns = args.allNamespaces ? QString() : args.ns;
    const std::string query = selectorQuery(args);
    KubectlResult result;
    bool namespaced = false;
    for (const ResourceTarget &target : targets.targets) {
        namespaced = namespaced || target.resource->namespaced;
        json::object table;
        if (target.names.isEmpty()) {
            ApiReply reply = m_api.get(collectionPath(*target.resource, ns) + query, true);
            if (!reply.ok())
                return { 1, result.out, result.err + reply.errorText() + "\n" };
            table = reply.body.as_object();
        }
        for (const QString &name : target.names) {
            ApiReply reply = m_api.get(collectionPath(*target.resource, args.ns, name), true);
            if (!reply.ok()) {
                result.fail(reply.errorText());
                continue;
            }
            if (table.empty()) {
                table = reply.body.as_object();
            } else if (auto *rows = reply.body.as_object().if_contains("rows")) {
                for (const auto &row : rows->as_array())
                    table["rows"].as_array().push_back(row);
            }
        }
        if (tableRowCount(table) == 0)
            continue;
        TableStyle style;
        style.wide = args.output == QLatin1String("wide");
        style.namespaceColumn = args.allNamespaces && target.resource->namespaced;
        if (targets.severalTypes)
            style.namePrefix = qualifiedName(*target.resource) + "/";
        if (!result.out.empty())
            result.out += "\n";
        result.out += formatTableText(table, style);
    }
    if (result.out.empty() && result.exitCode == 0)
        result.err += noResources(args, namespaced);
    return result;
}

KubectlResult KubectlGet::objects(const KubectlArgs &args)
{
    const ResourceTargets targets = resolveTargets(args.positional);
    if (!targets.error.isEmpty())
        return kubectlFailure(targets.error.toStdString());
    const QString ns = args.allNamespaces ? QString() : args.ns;
    const std::string query = selectorQuery(args);
    KubectlResult result;
    json::array items;
    for (const ResourceTarget &target : targets.targets) {
        auto add = [&](json::value object) {
            object.as_object()["apiVersion"] = target.resource->groupVersion();
            object.as_object()["kind"] = target.resource->kind;
            items.push_back(std::move(object));
        };
        if (target.names.isEmpty()) {
            ApiReply reply = m_api.get(collectionPath(*target.resource, ns) + query);
            if (!reply.ok())
                return kubectlFailure(reply.errorText());
            for (const auto &item : reply.body.as_object().at("items").as_array())
                add(item);
        }
        for (const QString &name : target.names) {
            ApiReply reply = m_api.get(collectionPath(*target.resource, args.ns, name));
            if (reply.ok())
                add(reply.body);
            else
                result.fail(reply.errorText());
        }
    }
    if (args.output == QLatin1String("name")) {
        if (items.empty() && result.exitCode == 0 && !targets.targets.empty())
            result.err += noResources(args, targets.targets.front().resource->namespaced);
        result.out += namesOf(items);
        return result;
    }
    const bool single = targets.targets.size() == 1 && targets.targets.front().names.size() == 1;
    json::value printed;
    if (single && items.size() == 1)
        printed = items.front();
    else if (!items.empty() || result.exitCode == 0)
        printed = listOf(std::move(items));
    else
        return result;
    if (args.output == QLatin1String("json")) {
        result.out = goJson(printed, 4);
    } else if (args.output.startsWith(QLatin1String("jsonpath="))) {
        const JsonPathResult path = runJsonPath(args.output.mid(9).toStdString(), printed);
        if (!path.error.empty())
            return { 1, result.out, result.err + "error: " + path.error + "\n" };
        result.out = path.text;
    } else {
        result.out = yamlText(printed);
    }
    return result;
}

} // namespace clusterlab::app
