#include "terminal/kubectl_manifest_writes.h"

#include "manifest/decode.h"
#include "model/object.h"
#include "terminal/api_client.h"
#include "terminal/client_side_apply.h"
#include "terminal/describe_text.h"
#include "terminal/kubectl_object_writes.h"

#include <QDir>
#include <QFileInfo>

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <numeric>

namespace clusterlab::app {

namespace json = boost::json;

namespace {

/// context is kubectl's `error when creating "file.yaml": ` before a server's message.
std::string context(const char *doing, const std::string &file)
{
    return std::string("error when ") + doing + " \"" + file + "\": ";
}

} // namespace

KubectlManifestWrites::KubectlManifestWrites(ApiClient &api, QString workingDirectory)
    : m_api(api), m_workingDirectory(std::move(workingDirectory))
{
}

KubectlResult KubectlManifestWrites::create(const KubectlArgs &args)
{
    return write(args, Verb::Create);
}

KubectlResult KubectlManifestWrites::apply(const KubectlArgs &args)
{
    return write(args, Verb::Apply);
}

KubectlResult KubectlManifestWrites::remove(const KubectlArgs &args)
{
    return write(args, Verb::Delete);
}

KubectlResult KubectlManifestWrites::write(const KubectlArgs &args, Verb verb)
{
    if (args.files.isEmpty())
        return kubectlFailure("error: must specify one of -f and -k");
    KubectlResult result;
    for (const QString &file : args.files) {
        const std::vector<ManifestObject> objects = readFile(file, args, result);
        // Namespaces first, so the objects that go in them find them; lines in file order.
        std::vector<std::size_t> order(objects.size());
        std::iota(order.begin(), order.end(), 0);
        if (verb != Verb::Delete)
            std::stable_partition(order.begin(), order.end(), [&objects](std::size_t i) {
                return objects[i].resource->kind == "Namespace";
            });
        std::vector<KubectlResult> outcomes(objects.size());
        const std::string name = file.toStdString();
        for (const std::size_t i : order) {
            const ManifestObject &object = objects[i];
            if (verb == Verb::Create)
                outcomes[i] = createOne(object, name);
            else if (verb == Verb::Apply)
                outcomes[i] = applyOne(object, name);
            else
                outcomes[i] = KubectlObjectWrites(m_api).deleteOne(
                        *object.resource, object.ns, object.name, context("deleting", name));
        }
        for (const KubectlResult &outcome : outcomes)
            result.append(outcome);
    }
    return result;
}

std::vector<KubectlManifestWrites::ManifestObject>
KubectlManifestWrites::readFile(const QString &file, const KubectlArgs &args,
                                KubectlResult &result) const
{
    if (file == QLatin1String("-") || file.contains(QLatin1String("://"))) {
        result.fail("error: the built-in kubectl reads -f from files in the lesson folder, not "
                    "from stdin or URLs");
        return {};
    }
    const QDir dir(m_workingDirectory.isEmpty() ? QDir::currentPath() : m_workingDirectory);
    const QString path = dir.absoluteFilePath(file);
    if (!QFileInfo::exists(path)) {
        result.fail("error: the path \"" + file.toStdString() + "\" does not exist");
        return {};
    }
    const manifest::DecodeReport report = manifest::decodePath(path.toStdString());
    if (report.hasErrors()) {
        for (const auto &d : report.diagnostics)
            if (d.severity == manifest::Severity::Error)
                result.fail("error: " + d.format());
        return {};
    }
    std::vector<ManifestObject> objects;
    for (const auto &decoded : report.objects) {
        const std::string kind = model::kindOf(decoded.object);
        ManifestObject object;
        object.resource = findResource(QString::fromStdString(kind));
        if (!object.resource) {
            result.fail("error: the server doesn't have a resource type \"" + kind + "\"");
            continue;
        }
        object.name = model::meta(decoded.object).name;
        object.document = model::rawOf(decoded.object);
        if (object.resource->namespaced) {
            // As written, else -n; kubectl sends it in the body too.
            object.ns = textAt(object.document, "metadata.namespace");
            if (object.ns.empty())
                object.ns = args.ns.toStdString();
            json::value &meta = object.document["metadata"];
            if (!meta.is_object())
                meta = json::object();
            meta.as_object()["namespace"] = object.ns;
        }
        objects.push_back(std::move(object));
    }
    return objects;
}

KubectlResult KubectlManifestWrites::createOne(const ManifestObject &object,
                                               const std::string &file)
{
    const std::string target = collectionPath(*object.resource, QString::fromStdString(object.ns));
    const ApiReply reply = m_api.send("POST", withFieldManager(target, "kubectl-create"),
                                      json::serialize(object.document));
    if (!reply.ok())
        return kubectlFailure(reply.errorText(context("creating", file)));
    return { 0,
             qualifiedName(*object.resource) + "/" + textAt(reply.body, "metadata.name")
                     + " created\n",
             {} };
}

KubectlResult KubectlManifestWrites::applyOne(const ManifestObject &object, const std::string &file)
{
    // kubectl apply: GET the object; POST it when absent, else PATCH it with the patch
    // computed from the file and the configuration applied last.
    const std::string manager = "kubectl-client-side-apply";
    const QString ns = QString::fromStdString(object.ns);
    const ApiReply live = object.name.empty()
            ? ApiReply{ 404, {} }
            : m_api.get(collectionPath(*object.resource, ns, QString::fromStdString(object.name)));
    const std::string kind = qualifiedName(*object.resource);
    if (live.status == 404) {
        const std::string target = collectionPath(*object.resource, ns);
        const ApiReply created = m_api.send("POST", withFieldManager(target, manager),
                                            json::serialize(withLastApplied(object.document)));
        if (!created.ok())
            return kubectlFailure(created.errorText(context("creating", file)));
        return { 0, kind + "/" + textAt(created.body, "metadata.name") + " created\n", {} };
    }
    if (!live.ok())
        return kubectlFailure(live.errorText(context("retrieving current configuration of", file)));
    const std::string target =
            collectionPath(*object.resource, ns, QString::fromStdString(object.name));
    const ApiReply patched = m_api.send("PATCH", withFieldManager(target, manager),
                                        json::serialize(applyPatch(object.document, live.body)),
                                        "application/merge-patch+json");
    if (!patched.ok())
        return kubectlFailure(patched.errorText(context("applying", file)));
    const bool unchanged = sameConfiguration(live.body, patched.body);
    return { 0, kind + "/" + object.name + (unchanged ? " unchanged\n" : " configured\n"), {} };
}

} // namespace clusterlab::app
