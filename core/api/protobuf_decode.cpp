#include "api/protobuf_decode.h"

#include "api/protobuf_schema.h"
#include "api/wire_reader.h"

#include <boost/beast/core/detail/base64.hpp>
#include <boost/json/array.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace clusterlab::api {

namespace json = boost::json;

namespace {

using detail::Field;
using detail::Kind;
using detail::kKeepZero;
using detail::kRepeated;
using detail::Schema;
using detail::schemaFor;
using detail::Tag;
using detail::Wire;
using detail::WireError;
using detail::WireReader;

json::value intOrString(std::string_view data)
{
    WireReader r(data);
    std::uint64_t type = 0;
    std::int32_t intVal = 0;
    std::string strVal;
    while (!r.atEnd()) {
        const Tag tag = r.tag();
        if (tag.field == 1 || tag.field == 2) {
            WireReader::expect(tag, Wire::Varint);
            const std::uint64_t v = r.varint();
            if (tag.field == 1)
                type = v;
            else
                intVal = static_cast<std::int32_t>(v);
        } else if (tag.field == 3) {
            WireReader::expect(tag, Wire::Bytes);
            strVal = r.text();
        } else {
            r.skip(tag);
        }
    }
    if (type == 1)
        return json::string(strVal);
    if (type != 0)
        throw WireError{
            "IntOrString type " + std::to_string(type) + " is neither 0 (int) nor 1 (string)", {}
        };
    return intVal;
}

/// base64 is how JSON carries a bytes value (Secret data, ConfigMap binaryData): the standard
/// alphabet with padding, as Go's encoding/json writes []byte.
std::string base64(std::string_view bytes)
{
    namespace b64 = boost::beast::detail::base64;
    std::string out(b64::encoded_size(bytes.size()), '\0');
    out.resize(b64::encode(out.data(), bytes.data(), bytes.size()));
    return out;
}

/// mapEntry reads one entry of a map<string, string>, map<string, bytes> or
/// map<string, Quantity> field.
void mapEntry(std::string_view data, Kind kind, json::object &map)
{
    WireReader r(data);
    std::string key;
    std::string value;
    while (!r.atEnd()) {
        const Tag tag = r.tag();
        if (tag.field == 1) {
            WireReader::expect(tag, Wire::Bytes);
            key = r.text();
        } else if (tag.field == 2 && kind == Kind::StringMap) {
            WireReader::expect(tag, Wire::Bytes);
            value = r.text();
        } else if (tag.field == 2 && kind == Kind::BytesMap) {
            WireReader::expect(tag, Wire::Bytes);
            value = base64(r.lengthDelimited());
        } else if (tag.field == 2) {
            WireReader::expect(tag, Wire::Bytes);
            WireReader quantity(r.lengthDelimited());
            while (!quantity.atEnd()) {
                const Tag q = quantity.tag();
                if (q.field != 1) {
                    quantity.skip(q);
                    continue;
                }
                WireReader::expect(q, Wire::Bytes);
                value = quantity.text();
            }
        } else {
            r.skip(tag);
        }
    }
    map[key] = json::string(value);
}

bool isZero(const json::value &v)
{
    return (v.is_string() && v.get_string().empty()) || (v.is_int64() && v.get_int64() == 0)
            || (v.is_bool() && !v.get_bool());
}

void decodeMessage(std::string_view data, Schema schema, json::object &out,
                   const std::string &path);

json::value fieldValue(WireReader &r, const Field &f, const std::string &path)
{
    switch (f.kind) {
    case Kind::Int32:
        return std::int64_t(static_cast<std::int32_t>(r.varint()));
    case Kind::Int64:
        return static_cast<std::int64_t>(r.varint());
    case Kind::Bool:
        return r.varint() != 0;
    case Kind::IntOrString:
        return intOrString(r.lengthDelimited());
    case Kind::Message: {
        json::object o;
        decodeMessage(r.lengthDelimited(), Schema(f.message, f.messageSize), o, path);
        return o;
    }
    case Kind::String:
    case Kind::StringMap:
    case Kind::BytesMap:
    case Kind::QuantityMap:
        break;
    }
    return json::string(r.text());
}

/// decodeMessage reads the fields of one message into out; fields not in schema are skipped.
void decodeMessage(std::string_view data, Schema schema, json::object &out, const std::string &path)
{
    WireReader r(data);
    while (!r.atEnd()) {
        std::string at = path;
        try {
            const Tag tag = r.tag();
            const Field *f = nullptr;
            for (const Field &candidate : schema)
                if (candidate.number == tag.field)
                    f = &candidate;
            if (!f) {
                r.skip(tag);
                continue;
            }
            at = path.empty() ? std::string(f->name) : path + "." + std::string(f->name);
            const bool varint =
                    f->kind == Kind::Int32 || f->kind == Kind::Int64 || f->kind == Kind::Bool;
            WireReader::expect(tag, varint ? Wire::Varint : Wire::Bytes);
            json::value &slot = out[f->name];
            if (f->kind == Kind::StringMap || f->kind == Kind::BytesMap
                || f->kind == Kind::QuantityMap) {
                if (!slot.is_object())
                    slot = json::object();
                mapEntry(r.lengthDelimited(), f->kind, slot.get_object());
            } else if (f->flags & kRepeated) {
                if (!slot.is_array())
                    slot = json::array();
                json::array &items = slot.get_array();
                at += "[" + std::to_string(items.size()) + "]";
                items.push_back(fieldValue(r, *f, at));
            } else {
                slot = fieldValue(r, *f, at);
                if (!(f->flags & kKeepZero) && isZero(slot))
                    out.erase(f->name);
            }
        } catch (WireError &e) {
            if (e.path.empty())
                e.path = at;
            throw;
        }
    }
}

} // namespace

bool protobufDecodes(const ApiResource &resource)
{
    return schemaFor(resource).has_value();
}

std::variant<json::object, StatusError> decodeProtobuf(std::string_view body,
                                                       const ApiResource &resource)
{
    const std::string cannot = resource.kind + " in version \"" + resource.version
            + "\" cannot be handled as a " + resource.kind + ": ";
    constexpr std::string_view kMagic("k8s\0", 4);
    if (!body.starts_with(kMagic))
        return badRequest(cannot
                          + "provided data does not appear to be a protobuf message, expected "
                            "prefix [107 56 115 0]");
    const auto schema = schemaFor(resource);
    if (!schema)
        return unsupportedMediaType(std::string(kProtobufMediaType));
    try {
        // runtime.Unknown: the envelope every Kubernetes protobuf body is wrapped in.
        json::object typeMeta;
        std::string_view raw;
        std::string contentEncoding;
        std::string contentType;
        WireReader r(body.substr(kMagic.size()));
        while (!r.atEnd()) {
            const Tag tag = r.tag();
            if (tag.field >= 1 && tag.field <= 4)
                WireReader::expect(tag, Wire::Bytes);
            if (tag.field == 1) {
                constexpr Field kTypeMeta[] = { detail::scalar(1, "apiVersion"),
                                                detail::scalar(2, "kind") };
                decodeMessage(r.lengthDelimited(), kTypeMeta, typeMeta, "typeMeta");
            } else if (tag.field == 2) {
                raw = r.lengthDelimited();
            } else if (tag.field == 3 || tag.field == 4) {
                (tag.field == 3 ? contentEncoding : contentType) = r.text();
            } else {
                r.skip(tag);
            }
        }
        if (!contentEncoding.empty())
            throw WireError{ "unsupported contentEncoding \"" + contentEncoding + "\"",
                             "contentEncoding" };
        if (!contentType.empty() && contentType != kProtobufMediaType)
            throw WireError{ "unsupported contentType \"" + contentType + "\"", "contentType" };
        json::object out = typeMeta;
        const auto *kind = typeMeta.if_contains("kind");
        // A body of another kind is not decoded: decodeBody refuses its kind, as for JSON.
        if (!kind || kind->get_string() == resource.kind)
            decodeMessage(raw, *schema, out, {});
        return out;
    } catch (const WireError &e) {
        return badRequest(cannot + "malformed protobuf" + (e.path.empty() ? "" : " at " + e.path)
                          + ": " + e.message);
    }
}

} // namespace clusterlab::api
