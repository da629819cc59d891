#include "manifest/decode.h"

#include "manifest/decode_objects.h"
#include "manifest/decode_pod.h"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace clusterlab::manifest {

namespace json = boost::json;
namespace fs = std::filesystem;

bool DecodeReport::hasErrors() const
{
    return std::any_of(diagnostics.begin(), diagnostics.end(), [](const Diagnostic &d) {
        return d.severity == Severity::Error;
    });
}

void DecodeReport::append(DecodeReport other)
{
    for (auto &o : other.objects)
        objects.push_back(std::move(o));
    for (auto &d : other.diagnostics)
        diagnostics.push_back(std::move(d));
}

namespace {

std::string groupOf(const std::string &apiVersion)
{
    const auto slash = apiVersion.find('/');
    return slash == std::string::npos ? std::string() : apiVersion.substr(0, slash);
}

Diagnostic makeError(const std::string &source, SourcePos pos, std::string message,
                     std::string field = {})
{
    return Diagnostic{ Severity::Error, source, pos, std::move(field), std::move(message), {} };
}

template <typename T, typename ReadFn>
model::Object readTyped(const json::object &document, DecodeContext &ctx, ReadFn &&read)
{
    T object;
    object.raw = document;
    {
        FieldReader r(&document, "", T::kKind, ctx);
        r.accept({ "apiVersion", "kind" });
        r.object("metadata", "ObjectMeta", [&](FieldReader &m) {
            detail::readObjectMeta(m, object.metadata);
        });
        read(r, object);
    }
    return object;
}

model::Object readPod(const json::object &document, DecodeContext &ctx)
{
    return readTyped<model::Pod>(document, ctx, [](FieldReader &r, model::Pod &pod) {
        r.object("spec", "PodSpec", [&](FieldReader &s) {
            detail::readPodSpec(s, pod.spec);
        });
        r.accept({ "status" });
    });
}

std::optional<model::Object> dispatch(const std::string &kind, const json::object &document,
                                      DecodeContext &ctx)
{
    using namespace detail;
    if (kind == "Pod")
        return readPod(document, ctx);
    if (kind == "Service")
        return readTyped<model::Service>(document, ctx, readService);
    if (kind == "Deployment")
        return readTyped<model::Deployment>(document, ctx, readDeployment);
    if (kind == "ReplicaSet")
        return readTyped<model::ReplicaSet>(document, ctx, readReplicaSet);
    if (kind == "StatefulSet")
        return readTyped<model::StatefulSet>(document, ctx, readStatefulSet);
    if (kind == "ReplicationController")
        return readTyped<model::ReplicationController>(document, ctx, readReplicationController);
    if (kind == "Endpoints")
        return readTyped<model::Endpoints>(document, ctx, readEndpoints);
    if (kind == "EndpointSlice")
        return readTyped<model::EndpointSlice>(document, ctx, readEndpointSlice);
    if (kind == "Node")
        return readTyped<model::Node>(document, ctx, readNode);
    if (kind == "Event")
        return readTyped<model::Event>(document, ctx, readEvent);
    if (kind == "Namespace")
        return readTyped<model::Namespace>(document, ctx, [](FieldReader &r, model::Namespace &) {
            r.accept({ "spec", "status" });
        });
    model::StoredObject stored;
    stored.kind = kind;
    stored.raw = document;
    {
        FieldReader r(&document, "", kind, ctx);
        r.accept({ "apiVersion", "kind" });
        r.object("metadata", "ObjectMeta", [&](FieldReader &m) {
            detail::readObjectMeta(m, stored.metadata);
        });
        readStored(r, kind);
    }
    return stored;
}

} // namespace

std::optional<model::Object> decodeObject(const json::object &document, const std::string &source,
                                          const PositionMap &positions,
                                          std::vector<Diagnostic> &out)
{
    const auto *kindValue = document.if_contains("kind");
    const auto *versionValue = document.if_contains("apiVersion");
    const std::string kind =
            kindValue && kindValue->is_string() ? std::string(kindValue->get_string()) : "";
    const std::string apiVersion = versionValue && versionValue->is_string()
            ? std::string(versionValue->get_string())
            : "";
    const SourcePos top = positions.find("");
    if (kind.empty()) {
        out.push_back(makeError(
                source, positions.find("kind").valid() ? positions.find("kind") : top,
                "Object 'Kind' is missing in '" + json::serialize(document).substr(0, 200) + "'",
                "kind"));
        return std::nullopt;
    }
    if (apiVersion.empty()) {
        out.push_back(makeError(source, top,
                                "Object 'apiVersion' is missing in '"
                                        + json::serialize(document).substr(0, 200) + "'",
                                "apiVersion"));
        return std::nullopt;
    }
    const model::KindInfo *info = model::kindInfo(kind);
    if (!info) {
        out.push_back(
                Diagnostic{ Severity::Warning,
                            source,
                            positions.find("kind"),
                            "kind",
                            "kind " + kind + " (" + apiVersion + ") is not supported yet; skipped",
                            {} });
        return std::nullopt;
    }
    if (apiVersion != model::apiVersionOf(*info)) {
        std::string name;
        if (auto *m = document.if_contains("metadata"); m && m->is_object())
            if (auto *n = m->get_object().if_contains("name"); n && n->is_string())
                name = std::string(n->get_string());
        out.push_back(makeError(source, positions.find("apiVersion"),
                                "resource mapping not found for name: \"" + name
                                        + "\" namespace: \"\" from \"" + source
                                        + "\": no matches for kind \"" + kind + "\" in version \""
                                        + apiVersion + "\"",
                                "apiVersion"));
        return std::nullopt;
    }
    (void)groupOf;
    DecodeContext ctx{ kind, info->version, source, &positions, {}, false };
    auto object = dispatch(kind, document, ctx);
    if (auto *stored = object ? std::get_if<model::StoredObject>(&*object) : nullptr)
        stored->apiVersion = apiVersion;
    for (auto &d : ctx.diagnostics)
        out.push_back(std::move(d));
    if (ctx.failed)
        return std::nullopt;
    if (object && info->namespaced && model::meta(*object).namespace_.empty())
        model::meta(*object).namespace_ = "default";
    return object;
}

namespace {

void decodeDocument(const json::value &value, const PositionMap &positions, SourcePos start,
                    const std::string &source, DecodeReport &report)
{
    if (!value.is_object()) {
        report.diagnostics.push_back(
                makeError(source, start,
                          "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal "
                          "array into Go value of type map[string]interface {}"));
        return;
    }
    const json::object &document = value.get_object();
    const auto *kind = document.if_contains("kind");
    if (kind && kind->is_string() && kind->get_string().ends_with("List")
        && document.contains("items")) {
        const auto &items = document.at("items");
        if (!items.is_array())
            return;
        for (std::size_t i = 0; i < items.get_array().size(); ++i) {
            const std::string prefix = "items[" + std::to_string(i) + "]";
            decodeDocument(items.get_array()[i], positions.rebase(prefix), positions.find(prefix),
                           source, report);
        }
        return;
    }
    if (auto object = decodeObject(document, source, positions, report.diagnostics))
        report.objects.push_back({ std::move(*object), source, start, positions });
}

} // namespace

DecodeReport decodeText(std::string_view text, const std::string &source)
{
    DecodeReport report;
    ReadResult read = readYaml(text, source);
    report.diagnostics = std::move(read.diagnostics);
    for (auto &doc : read.documents) {
        // Positions of the document root are stored under "" only for nested values.
        doc.positions.set("", { {}, doc.start });
        decodeDocument(doc.value, doc.positions, doc.start, source, report);
    }
    return report;
}

namespace {

DecodeReport decodeFile(const fs::path &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        DecodeReport report;
        report.diagnostics.push_back(makeError(
                path.string(), { 0, 0 }, "the path \"" + path.string() + "\" does not exist"));
        return report;
    }
    std::ostringstream text;
    text << in.rdbuf();
    return decodeText(text.str(), path.string());
}

} // namespace

DecodeReport decodePath(const fs::path &path)
{
    std::error_code ec;
    if (!fs::is_directory(path, ec))
        return decodeFile(path);
    std::vector<fs::path> files;
    for (const auto &entry : fs::directory_iterator(path, ec)) {
        const auto ext = entry.path().extension().string();
        if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml" || ext == ".json"))
            files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    DecodeReport report;
    if (files.empty())
        report.diagnostics.push_back(
                makeError(path.string(), { 0, 0 },
                          "error reading [" + path.string()
                                  + "]: recognized file extensions are [.json .yaml .yml]"));
    for (const auto &file : files)
        report.append(decodeFile(file));
    return report;
}

} // namespace clusterlab::manifest
