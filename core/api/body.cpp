#include "api/body.h"

#include "api/encode.h"
#include "manifest/decode.h"
#include "manifest/yaml_reader.h"

#include <boost/json/parse.hpp>

#include <cctype>

namespace clusterlab::api {

namespace json = boost::json;

std::string mediaType(std::string_view contentType)
{
    std::string out(contentType.substr(0, contentType.find(';')));
    while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back())))
        out.pop_back();
    std::size_t start = 0;
    while (start < out.size() && std::isspace(static_cast<unsigned char>(out[start])))
        ++start;
    out.erase(0, start);
    for (char &c : out)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::variant<json::value, StatusError> parseBody(std::string_view body, bool yaml)
{
    if (!yaml) {
        boost::system::error_code ec;
        json::value value = json::parse(body, ec);
        if (!ec)
            return value;
        // JSON is YAML: a body sent as JSON with YAML-only syntax is still refused as JSON.
        return badRequest("error decoding request body as JSON: " + ec.message());
    }
    manifest::ReadResult read = manifest::readYaml(body, "request body");
    for (const auto &d : read.diagnostics)
        if (d.severity == manifest::Severity::Error)
            return badRequest("error converting YAML to JSON: yaml: line "
                              + std::to_string(d.pos.line) + ": " + d.message);
    if (read.documents.empty())
        return badRequest("the request body is empty");
    if (read.documents.size() > 1)
        return badRequest("the request body holds " + std::to_string(read.documents.size())
                          + " YAML documents; send one object");
    return std::move(read.documents.front().value);
}

namespace {

/// keep returns patched with the unchanged parts taken from raw; nullopt when the value is
/// an unchanged server default that raw does not have.
std::optional<json::value> keep(const json::value &patched, const json::value *encoded,
                                const json::value *raw)
{
    if (encoded && patched == *encoded)
        return raw ? std::optional<json::value>(*raw) : std::nullopt;
    if (!patched.is_object() || !encoded || !encoded->is_object())
        return patched;
    const json::object &p = patched.get_object();
    const json::object &e = encoded->get_object();
    const json::object *r = raw && raw->is_object() ? &raw->get_object() : nullptr;
    json::object out;
    if (r)
        for (const auto &[key, value] : *r)
            if (const auto *next = p.if_contains(key))
                if (auto kept = keep(*next, e.if_contains(key), &value))
                    out[key] = std::move(*kept);
    for (const auto &[key, value] : p)
        if (!(r && r->contains(key)))
            if (auto kept = keep(value, e.if_contains(key), nullptr))
                out[key] = std::move(*kept);
    return json::value(std::move(out));
}

} // namespace

json::object keepTemplateAsWritten(json::object document, const json::object &encoded,
                                   const json::object &raw)
{
    auto templateOf = [](const json::object &o) -> const json::value * {
        const auto *spec = o.if_contains("spec");
        return spec && spec->is_object() ? spec->get_object().if_contains("template") : nullptr;
    };
    const json::value *current = templateOf(encoded);
    const json::value *written = templateOf(raw);
    auto *spec = document.if_contains("spec");
    if (!current || !written || !spec || !spec->is_object())
        return document;
    if (auto *tmpl = spec->get_object().if_contains("template"))
        if (auto kept = keep(*tmpl, current, written))
            *tmpl = std::move(*kept);
    return document;
}

std::string resourceVersionOf(const json::object &document)
{
    if (const auto *meta = document.if_contains("metadata"); meta && meta->is_object())
        if (const auto *rv = meta->get_object().if_contains("resourceVersion");
            rv && rv->is_string())
            return std::string(rv->get_string());
    return {};
}

std::variant<Decoded, StatusError> decodeBody(json::object document, const ApiResource &resource,
                                              const std::string &fieldValidation)
{
    const std::string expectedVersion = resource.groupVersion();
    auto text = [&](const char *key) -> std::string {
        const auto *v = document.if_contains(key);
        return v && v->is_string() ? std::string(v->get_string()) : std::string();
    };
    if (text("apiVersion").empty())
        document["apiVersion"] = expectedVersion;
    if (text("kind").empty())
        document["kind"] = resource.kind;
    if (text("apiVersion") != expectedVersion)
        return badRequest("the API version in the data (" + text("apiVersion")
                          + ") does not match the expected API version (" + expectedVersion + ")");
    if (text("kind") != resource.kind)
        return badRequest("the kind in the data (" + text("kind")
                          + ") does not match the expected kind (" + resource.kind + ")");
    const std::string rvText = resourceVersionOf(document);
    std::uint64_t rv = 0;
    for (char c : rvText) {
        if (!std::isdigit(static_cast<unsigned char>(c)))
            return badRequest("metadata.resourceVersion: Invalid value: \"" + rvText
                              + "\": must be a number");
        rv = rv * 10 + std::uint64_t(c - '0');
    }
    stripServerFields(document);

    std::vector<manifest::Diagnostic> diagnostics;
    auto object = manifest::decodeObject(document, "request", {}, diagnostics);
    Decoded out;
    std::string unknown;
    for (const auto &d : diagnostics) {
        if (d.severity == manifest::Severity::Error)
            return badRequest(d.message);
        if (d.message.starts_with("unknown field")) {
            unknown += (unknown.empty() ? "" : ", ") + d.message;
            out.warnings.push_back(d.message);
        }
    }
    if (!object)
        return badRequest(resource.kind + " in version \"" + resource.version
                          + "\" cannot be handled as a " + resource.kind);
    if (!unknown.empty() && fieldValidation == "Strict")
        return badRequest(resource.kind + " in version \"" + resource.version
                          + "\" cannot be handled as a " + resource.kind
                          + ": strict decoding error: " + unknown);
    if (fieldValidation == "Ignore" || fieldValidation == "Strict")
        out.warnings.clear();
    model::meta(*object).resourceVersion = rv;
    out.object = std::move(*object);
    return out;
}

} // namespace clusterlab::api
