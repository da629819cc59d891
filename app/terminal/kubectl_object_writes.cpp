#include "terminal/kubectl_object_writes.h"

#include "terminal/api_client.h"
#include "terminal/describe_text.h"

#include <QUrl>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <optional>

namespace clusterlab::app {

namespace json = boost::json;

namespace {

constexpr const char *kMergePatch = "application/merge-patch+json";

/// refuseUnnamed is kubectl's error when scale or label, which need names, got none.
std::optional<KubectlResult> refuseUnnamed(const ResourceTargets &targets)
{
    if (!targets.error.isEmpty())
        return kubectlFailure(targets.error.toStdString());
    if (targets.targets.empty() || targets.targets.front().names.isEmpty())
        return kubectlFailure("error: resource(s) were provided, but no name was specified");
    return std::nullopt;
}

} // namespace

KubectlObjectWrites::KubectlObjectWrites(ApiClient &api) : m_api(api) { }

KubectlResult KubectlObjectWrites::deleteOne(const api::ApiResource &resource,
                                             const std::string &ns, const std::string &name,
                                             const std::string &context)
{
    // kubectl's default --cascade=background.
    const json::object options{ { "kind", "DeleteOptions" },
                                { "apiVersion", "v1" },
                                { "propagationPolicy", "Background" } };
    const ApiReply reply = m_api.send(
            "DELETE",
            collectionPath(resource, QString::fromStdString(ns), QString::fromStdString(name)),
            json::serialize(options));
    if (!reply.ok())
        return kubectlFailure(reply.errorText(context));
    return { 0, qualifiedName(resource) + " \"" + name + "\" deleted\n", {} };
}

KubectlResult KubectlObjectWrites::remove(const KubectlArgs &args)
{
    const ResourceTargets targets = resolveTargets(args.positional);
    if (!targets.error.isEmpty())
        return kubectlFailure(targets.error.toStdString());
    if (targets.targets.empty())
        return kubectlFailure("error: you must specify the type of resource to delete, e.g. "
                              "kubectl delete pod NAME");
    KubectlResult result;
    for (const ResourceTarget &target : targets.targets) {
        QStringList names = target.names;
        if (names.isEmpty() && !args.selector.isEmpty()) {
            const std::string query =
                    "?labelSelector=" + QUrl::toPercentEncoding(args.selector).toStdString();
            const ApiReply list = m_api.get(collectionPath(*target.resource, args.ns) + query);
            if (const json::value *items = jsonAt(list.body, "items"); items && items->is_array())
                for (const auto &item : items->as_array())
                    names << QString::fromStdString(textAt(item, "metadata.name"));
            if (names.isEmpty())
                result.err += "No resources found\n";
        } else if (names.isEmpty()) {
            return kubectlFailure("error: resource(s) were provided, but no name was specified");
        }
        for (const QString &name : names)
            result.append(deleteOne(*target.resource, args.ns.toStdString(), name.toStdString()));
    }
    return result;
}

KubectlResult KubectlObjectWrites::scale(const KubectlArgs &args)
{
    if (!args.replicas)
        return kubectlFailure("error: required flag(s) \"replicas\" not set");
    const ResourceTargets targets = resolveTargets(args.positional);
    if (auto refused = refuseUnnamed(targets))
        return *refused;
    const json::object patch{ { "spec", json::object{ { "replicas", *args.replicas } } } };
    KubectlResult result;
    for (const ResourceTarget &target : targets.targets) {
        if (!target.resource->scale) {
            result.fail("error: cannot scale a " + target.resource->singular());
            continue;
        }
        for (const QString &name : target.names) {
            const std::string path = collectionPath(*target.resource, args.ns, name) + "/scale";
            const ApiReply reply = m_api.send("PATCH", withFieldManager(path, "kubectl-scale"),
                                              json::serialize(patch), kMergePatch);
            if (reply.ok())
                result.out +=
                        qualifiedName(*target.resource) + "/" + name.toStdString() + " scaled\n";
            else
                result.fail(reply.errorText());
        }
    }
    return result;
}

KubectlResult KubectlObjectWrites::label(const KubectlArgs &args)
{
    QStringList words = args.positional;
    QStringList changes;
    while (!words.isEmpty()
           && (words.back().contains(QLatin1Char('='))
               || words.back().endsWith(QLatin1Char('-')))) {
        changes.prepend(words.takeLast());
    }
    if (changes.isEmpty())
        return kubectlFailure("error: at least one label update is required");
    const ResourceTargets targets = resolveTargets(words);
    if (auto refused = refuseUnnamed(targets))
        return *refused;
    KubectlResult result;
    for (const ResourceTarget &target : targets.targets)
        for (const QString &name : target.names)
            result.append(labelOne(*target.resource, args.ns, name, changes, args.overwrite));
    return result;
}

KubectlResult KubectlObjectWrites::labelOne(const api::ApiResource &resource, const QString &ns,
                                            const QString &name, const QStringList &changes,
                                            bool overwrite)
{
    const std::string path = collectionPath(resource, ns, name);
    const ApiReply current = m_api.get(path);
    if (!current.ok())
        return kubectlFailure(current.errorText());
    const json::value *labelsNow = jsonAt(current.body, "metadata.labels");
    const json::object noLabels;
    const json::object &existing =
            labelsNow && labelsNow->is_object() ? labelsNow->as_object() : noLabels;
    KubectlResult result;
    json::object labels;
    bool removing = false;
    for (const QString &change : changes) {
        if (change.endsWith(QLatin1Char('-')) && !change.contains(QLatin1Char('='))) {
            const std::string key = change.chopped(1).toStdString();
            if (!existing.contains(key))
                result.err += "label \"" + key + "\" not found.\n";
            labels[key] = nullptr;
            removing = true;
            continue;
        }
        const std::string key = change.section(QLatin1Char('='), 0, 0).toStdString();
        const std::string value = change.section(QLatin1Char('='), 1).toStdString();
        const json::value *had = existing.if_contains(key);
        const std::string old =
                had && had->is_string() ? std::string(had->as_string()) : std::string();
        if (had && old != value && !overwrite) {
            result.fail("error: '" + key + "' already has a value (" + old
                        + "), and --overwrite is false");
            return result;
        }
        labels[key] = value;
    }
    // kubectl label sends the JSON merge patch of metadata.labels.
    const json::object patch{ { "metadata", json::object{ { "labels", labels } } } };
    const ApiReply patched = m_api.send("PATCH", withFieldManager(path, "kubectl-label"),
                                        json::serialize(patch), kMergePatch);
    if (!patched.ok()) {
        result.fail(patched.errorText());
        return result;
    }
    const bool onlyRemoving = removing && changes.filter(QStringLiteral("=")).isEmpty();
    result.out += qualifiedName(resource) + "/" + name.toStdString()
            + (onlyRemoving ? " unlabeled\n" : " labeled\n");
    return result;
}

} // namespace clusterlab::app
