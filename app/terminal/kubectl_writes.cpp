// BuiltinKubectl's writes: create/apply/delete -f FILE, delete TYPE NAME, scale and label,
// printed as kubectl prints them.
#include "engine.h"
#include "manifest/decode.h"
#include "model/object.h"
#include "terminal/builtin_kubectl.h"

#include <QDir>
#include <QFileInfo>
#include <QUrl>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <functional>

namespace clusterlab::app {

namespace json = boost::json;

namespace {

constexpr auto kEngineWait = std::chrono::seconds(30);

/// errorLine words a refused write as kubectl does; context is "error when creating
/// \"file.yaml\": " for writes from a file, empty otherwise.
std::string errorLine(const cluster::Error &error, const std::string &context = {})
{
    if (error.code == cluster::Error::Code::Invalid)
        return "The " + error.message + "\n";
    return "Error from server (" + cluster::reasonOf(error.code) + "): " + context + error.message
            + "\n";
}

/// deletedLine is kubectl's `service "backend" deleted`.
std::string deletedLine(const std::string &kind, const std::string &name)
{
    std::string resource = cluster::resourceArg(kind, "");
    resource.pop_back(); // the '/'
    return resource + " \"" + name + "\" deleted\n";
}

cluster::ObjectResult onStrand(Engine &engine,
                               std::function<cluster::ObjectResult(cluster::Cluster &)> work)
{
    auto done = engine.call(std::move(work));
    if (done.wait_for(kEngineWait) != std::future_status::ready)
        return cluster::badRequest("the cluster is not answering");
    return done.get();
}

} // namespace

KubectlResult BuiltinKubectl::applyFiles(const KubectlArgs &args, bool create)
{
    if (args.files.isEmpty())
        return { 1, {}, "error: must specify one of -f and -k\n" };
    KubectlResult result;
    const QDir dir(m_workingDirectory.isEmpty() ? QDir::currentPath() : m_workingDirectory);
    for (const QString &file : args.files) {
        if (file == QLatin1String("-") || file.contains(QLatin1String("://"))) {
            result.err += "error: the built-in kubectl reads -f from files in the lesson folder, "
                          "not from stdin or URLs\n";
            result.exitCode = 1;
            continue;
        }
        const QString path = dir.absoluteFilePath(file);
        if (!QFileInfo::exists(path)) {
            result.err += "error: the path \"" + file.toStdString() + "\" does not exist\n";
            result.exitCode = 1;
            continue;
        }
        manifest::DecodeReport report = manifest::decodePath(path.toStdString());
        if (report.hasErrors()) {
            for (const auto &d : report.diagnostics)
                if (d.severity == manifest::Severity::Error)
                    result.err += "error: " + d.format() + "\n";
            result.exitCode = 1;
            continue;
        }
        auto done = m_engine.apply(std::move(report.objects),
                                   create ? cluster::ApplyMode::Create : cluster::ApplyMode::Apply);
        if (done.wait_for(kEngineWait) != std::future_status::ready)
            return { 1, result.out, result.err + "error: the cluster is not answering\n" };
        const cluster::ApplyResult applied = done.get();
        for (const auto &outcome : applied.outcomes)
            result.out += outcome + "\n";
        if (applied.ok)
            continue;
        result.exitCode = 1;
        const std::string context =
                std::string(create ? "error when creating" : "error when applying") + " \""
                + file.toStdString() + "\": ";
        for (const auto &error : applied.errors)
            result.err += errorLine(error, context);
        if (applied.errors.empty())
            for (const auto &d : applied.diagnostics)
                if (d.severity == manifest::Severity::Error)
                    result.err += "error: " + d.format() + "\n";
    }
    return result;
}

KubectlResult BuiltinKubectl::removeFiles(const KubectlArgs &args)
{
    KubectlResult result;
    const QDir dir(m_workingDirectory.isEmpty() ? QDir::currentPath() : m_workingDirectory);
    for (const QString &file : args.files) {
        const QString path = dir.absoluteFilePath(file);
        if (!QFileInfo::exists(path)) {
            result.err += "error: the path \"" + file.toStdString() + "\" does not exist\n";
            result.exitCode = 1;
            continue;
        }
        const manifest::DecodeReport report = manifest::decodePath(path.toStdString());
        for (const auto &decoded : report.objects) {
            const std::string kind = model::kindOf(decoded.object);
            const auto &meta = model::meta(decoded.object);
            const std::string ns =
                    meta.namespace_.empty() ? args.ns.toStdString() : meta.namespace_;
            const std::string name = meta.name;
            const auto removed = onStrand(m_engine, [kind, ns, name](cluster::Cluster &c) {
                return c.remove(kind, ns, name);
            });
            if (removed) {
                result.out += deletedLine(kind, name);
            } else {
                result.err += errorLine(removed.error(),
                                        "error when deleting \"" + file.toStdString() + "\": ");
                result.exitCode = 1;
            }
        }
    }
    return result;
}

KubectlResult BuiltinKubectl::remove(const KubectlArgs &args)
{
    const ResourceTargets targets = resolveTargets(args.positional);
    if (!targets.error.isEmpty() || targets.targets.empty())
        return { 1,
                 {},
                 targets.error.isEmpty() ? "error: you must specify the type of resource to "
                                           "delete, e.g. kubectl delete pod NAME\n"
                                         : targets.error.toStdString() + "\n" };
    KubectlResult result;
    for (const ResourceTarget &target : targets.targets) {
        QStringList names = target.names;
        if (names.isEmpty() && !args.selector.isEmpty()) {
            const std::string query =
                    "?labelSelector=" + QUrl::toPercentEncoding(args.selector).toStdString();
            const ApiReply list = m_api.get(collectionPath(*target.resource, args.ns) + query);
            if (const auto *items = list.body.is_object()
                        ? list.body.as_object().if_contains("items")
                        : nullptr)
                for (const auto &item : items->as_array())
                    names << QString::fromStdString(
                            std::string(item.at("metadata").at("name").as_string()));
            if (names.isEmpty())
                result.err += "No resources found\n";
        } else if (names.isEmpty()) {
            return { 1, {}, "error: resource(s) were provided, but no name was specified\n" };
        }
        const std::string kind = target.resource->kind;
        const std::string ns = args.ns.toStdString();
        for (const QString &n : names) {
            const std::string name = n.toStdString();
            const auto removed = onStrand(m_engine, [kind, ns, name](cluster::Cluster &c) {
                return c.remove(kind, ns, name);
            });
            if (removed) {
                result.out += deletedLine(kind, name);
            } else {
                result.err += errorLine(removed.error());
                result.exitCode = 1;
            }
        }
    }
    return result;
}

KubectlResult BuiltinKubectl::scale(const KubectlArgs &args)
{
    if (!args.replicas)
        return { 1, {}, "error: required flag(s) \"replicas\" not set\n" };
    const ResourceTargets targets = resolveTargets(args.positional);
    if (!targets.error.isEmpty())
        return { 1, {}, targets.error.toStdString() + "\n" };
    if (targets.targets.empty() || targets.targets.front().names.isEmpty())
        return { 1, {}, "error: resource(s) were provided, but no name was specified\n" };
    KubectlResult result;
    for (const ResourceTarget &target : targets.targets) {
        const std::string kind = target.resource->kind;
        if (!target.resource->scale) {
            result.err += "error: cannot scale a " + target.resource->singular() + "\n";
            result.exitCode = 1;
            continue;
        }
        const std::string ns = args.ns.toStdString();
        const std::int64_t replicas = *args.replicas;
        for (const QString &n : target.names) {
            const std::string name = n.toStdString();
            const auto scaled = onStrand(m_engine, [kind, ns, name, replicas](cluster::Cluster &c) {
                return c.scale(kind, ns, name, replicas);
            });
            if (scaled) {
                result.out += cluster::resourceArg(kind, name) + " scaled\n";
            } else {
                result.err += errorLine(scaled.error());
                result.exitCode = 1;
            }
        }
    }
    return result;
}

} // namespace clusterlab::app
