// BuiltinKubectl::label: `kubectl label TYPE NAME k=v [k-] [--overwrite]`, sent as the JSON
// merge patch of metadata.labels that kubectl sends.
#include "terminal/builtin_kubectl.h"
#include "terminal/describe_text.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace clusterlab::app {

namespace json = boost::json;

KubectlResult BuiltinKubectl::label(const KubectlArgs &args)
{
    QStringList words = args.positional;
    QStringList changes;
    while (!words.isEmpty()
           && (words.back().contains(QLatin1Char('='))
               || words.back().endsWith(QLatin1Char('-')))) {
        changes.prepend(words.takeLast());
    }
    if (changes.isEmpty())
        return { 1, {}, "error: at least one label update is required\n" };
    const ResourceTargets targets = resolveTargets(words);
    if (!targets.error.isEmpty())
        return { 1, {}, targets.error.toStdString() + "\n" };
    if (targets.targets.empty() || targets.targets.front().names.isEmpty())
        return { 1, {}, "error: resource(s) were provided, but no name was specified\n" };
    KubectlResult result;
    for (const ResourceTarget &target : targets.targets) {
        for (const QString &name : target.names) {
            const std::string path = collectionPath(*target.resource, args.ns, name);
            const ApiReply current = m_api.get(path);
            if (!current.ok()) {
                result.err += current.errorText() + "\n";
                result.exitCode = 1;
                continue;
            }
            const json::value *labelsNow = jsonAt(current.body, "metadata.labels");
            const json::object noLabels;
            const json::object &existing =
                    labelsNow && labelsNow->is_object() ? labelsNow->as_object() : noLabels;
            json::object labels;
            bool removing = false;
            bool refused = false;
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
                if (had && old != value && !args.overwrite) {
                    result.err += "error: '" + key + "' already has a value (" + old
                            + "), and --overwrite is false\n";
                    refused = true;
                    break;
                }
                labels[key] = value;
            }
            if (refused) {
                result.exitCode = 1;
                continue;
            }
            json::object patch{ { "metadata", json::object{ { "labels", labels } } } };
            const ApiReply patched = m_api.send("PATCH", path, json::serialize(patch),
                                                "application/merge-patch+json");
            if (!patched.ok()) {
                result.err += patched.errorText() + "\n";
                result.exitCode = 1;
                continue;
            }
            const bool onlyRemoving = removing && changes.filter(QStringLiteral("=")).isEmpty();
            result.out += qualifiedName(*target.resource) + "/" + name.toStdString()
                    + (onlyRemoving ? " unlabeled\n" : " labeled\n");
        }
    }
    return result;
}

} // namespace clusterlab::app
