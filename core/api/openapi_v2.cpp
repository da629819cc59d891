#include "api/discovery.h"
#include "api/openapi.h"

#include <boost/json/array.hpp>

namespace clusterlab::api {

namespace json = boost::json;

namespace {

std::string varint(std::uint64_t value)
{
    std::string out;
    do {
        unsigned char byte = value & 0x7f;
        value >>= 7;
        if (value)
            byte |= 0x80;
        out += char(byte);
    } while (value);
    return out;
}

/// field encodes one length-delimited protobuf field (wire type 2): every field the
/// gnostic document needs is a string or a message.
std::string field(int number, const std::string &payload)
{
    return varint(std::uint64_t(number) << 3 | 2) + varint(payload.size()) + payload;
}

std::string gvkYaml(const ApiResource &r)
{
    return "group: \"" + r.group + "\"\nkind: " + r.kind + "\nversion: " + r.version + "\n";
}

std::string operationId(const ApiResource &r)
{
    return "patch" + r.kind;
}

} // namespace

std::string objectPathTemplate(const std::string &groupVersion, const std::string &resource,
                               bool namespaced)
{
    const std::string prefix = groupVersion.find('/') == std::string::npos
            ? "/api/" + groupVersion
            : "/apis/" + groupVersion;
    return prefix + (namespaced ? "/namespaces/{namespace}/" : "/") + resource + "/{name}";
}

std::string openApiV2Protobuf()
{
    std::string paths;
    for (const auto &r : apiResources()) {
        if (r.createOnly)
            continue;
        const std::string query =
                field(2, "query") + field(4, "fieldValidation") + field(6, "string");
        const std::string parameter = field(1, field(2, field(3, query)));
        const std::string extension =
                field(1, "x-kubernetes-group-version-kind") + field(2, field(2, gvkYaml(r)));
        const std::string operation =
                field(5, operationId(r)) + field(8, parameter) + field(13, extension);
        const std::string pathItem = field(8, operation);
        paths += field(2,
                       field(1, objectPathTemplate(r.groupVersion(), r.resource, r.namespaced))
                               + field(2, pathItem));
    }
    return field(1, "2.0") + field(2, field(1, "Kubernetes") + field(2, kGitVersion))
            + field(8, paths);
}

json::object openApiV2Json()
{
    json::object paths;
    for (const auto &r : apiResources()) {
        if (r.createOnly)
            continue;
        json::object operation{
            { "operationId", operationId(r) },
            { "parameters",
              json::array{ json::object{
                      { "name", "fieldValidation" }, { "in", "query" }, { "type", "string" } } } },
            { "x-kubernetes-group-version-kind",
              { { "group", r.group }, { "version", r.version }, { "kind", r.kind } } }
        };
        paths[objectPathTemplate(r.groupVersion(), r.resource, r.namespaced)] =
                json::object{ { "patch", std::move(operation) } };
    }
    return { { "swagger", "2.0" },
             { "info", { { "title", "Kubernetes" }, { "version", kGitVersion } } },
             { "paths", std::move(paths) } };
}

} // namespace clusterlab::api
