#include "manifest/field_reader.h"

#include <cmath>
#include <limits>

namespace clusterlab::manifest {

namespace json = boost::json;

namespace {

const char *jsonKindOf(const json::value &v)
{
    switch (v.kind()) {
    case json::kind::string:
        return "string";
    case json::kind::bool_:
        return "bool";
    case json::kind::array:
        return "array";
    case json::kind::object:
        return "object";
    case json::kind::null:
        return "null";
    default:
        return "number";
    }
}

/// stripIndices turns "spec.ports[0].port" into Go's "spec.ports.port".
std::string stripIndices(const std::string &path)
{
    std::string out;
    bool skipping = false;
    for (char c : path) {
        if (c == '[')
            skipping = true;
        else if (c == ']')
            skipping = false;
        else if (!skipping)
            out += c;
    }
    return out;
}

} // namespace

void DecodeContext::typeError(const std::string &path, const std::string &goPath,
                              const char *jsonKind, const std::string &goType)
{
    failed = true;
    Diagnostic d;
    d.source = source;
    d.pos = positions ? positions->find(path) : SourcePos{};
    d.fieldPath = path;
    d.message = kind + " in version \"" + apiVersion + "\" cannot be handled as a " + kind
            + ": json: cannot unmarshal " + jsonKind + " into Go struct field " + goPath
            + " of type " + goType;
    diagnostics.push_back(std::move(d));
}

void DecodeContext::unknownField(const std::string &path)
{
    Diagnostic d;
    d.severity = Severity::Warning;
    d.source = source;
    d.pos = positions ? positions->findKey(path) : SourcePos{};
    d.fieldPath = path;
    d.message = "unknown field \"" + path + "\"";
    diagnostics.push_back(std::move(d));
}

FieldReader::FieldReader(const json::object *object, std::string path, std::string goStruct,
                         DecodeContext &context)
    : m_object(object), m_path(std::move(path)), m_goStruct(std::move(goStruct)), m_context(context)
{
}

FieldReader::~FieldReader()
{
    if (!m_object)
        return;
    for (const auto &[key, value] : *m_object)
        if (!m_read.count(std::string(key)))
            m_context.unknownField(childPath(std::string(key).c_str()));
}

bool FieldReader::has(const char *key) const
{
    if (!m_object)
        return false;
    auto it = m_object->find(key);
    return it != m_object->end() && !it->value().is_null();
}

const json::value *FieldReader::take(const char *key)
{
    m_read.insert(key);
    if (!m_object)
        return nullptr;
    auto it = m_object->find(key);
    if (it == m_object->end() || it->value().is_null())
        return nullptr;
    return &it->value();
}

std::string FieldReader::childPath(const char *key) const
{
    return m_path.empty() ? std::string(key) : m_path + "." + key;
}

std::string FieldReader::goPath(const char *key) const
{
    return m_goStruct + "." + stripIndices(childPath(key));
}

void FieldReader::mismatch(const char *key, const json::value &v, const std::string &goType)
{
    m_context.typeError(childPath(key), goPath(key), jsonKindOf(v), goType);
}

std::string FieldReader::str(const char *key, std::string fallback)
{
    const json::value *v = take(key);
    if (!v)
        return fallback;
    if (!v->is_string()) {
        mismatch(key, *v, "string");
        return fallback;
    }
    return std::string(v->get_string());
}

namespace {

bool integerOf(const json::value &v, std::int64_t &out)
{
    if (v.is_int64()) {
        out = v.get_int64();
        return true;
    }
    if (v.is_uint64()
        && v.get_uint64() <= std::uint64_t(std::numeric_limits<std::int64_t>::max())) {
        out = std::int64_t(v.get_uint64());
        return true;
    }
    if (v.is_double() && std::trunc(v.get_double()) == v.get_double()
        && std::abs(v.get_double()) < 9.2e18) {
        out = std::int64_t(v.get_double());
        return true;
    }
    return false;
}

} // namespace

std::int64_t FieldReader::int32(const char *key, std::int64_t fallback)
{
    const json::value *v = take(key);
    if (!v)
        return fallback;
    std::int64_t out = 0;
    if (!integerOf(*v, out) || out > std::numeric_limits<std::int32_t>::max()
        || out < std::numeric_limits<std::int32_t>::min()) {
        mismatch(key, *v, "int32");
        return fallback;
    }
    return out;
}

std::int64_t FieldReader::int64(const char *key, std::int64_t fallback)
{
    const json::value *v = take(key);
    if (!v)
        return fallback;
    std::int64_t out = 0;
    if (!integerOf(*v, out)) {
        mismatch(key, *v, "int64");
        return fallback;
    }
    return out;
}

bool FieldReader::boolean(const char *key, bool fallback)
{
    const json::value *v = take(key);
    if (!v)
        return fallback;
    if (!v->is_bool()) {
        mismatch(key, *v, "bool");
        return fallback;
    }
    return v->get_bool();
}

model::IntOrString FieldReader::intOrString(const char *key, model::IntOrString fallback)
{
    const json::value *v = take(key);
    if (!v)
        return fallback;
    if (v->is_string())
        return model::IntOrString::fromString(std::string(v->get_string()));
    std::int64_t out = 0;
    if (integerOf(*v, out))
        return model::IntOrString::fromInt(out);
    mismatch(key, *v, "intstr.IntOrString");
    return fallback;
}

std::optional<model::Labels> FieldReader::optionalStringMap(const char *key)
{
    const json::value *v = take(key);
    if (!v)
        return std::nullopt;
    if (!v->is_object()) {
        mismatch(key, *v, "map[string]string");
        return std::nullopt;
    }
    model::Labels out;
    for (const auto &[k, item] : v->get_object()) {
        if (item.is_null())
            continue;
        if (!item.is_string()) {
            m_context.typeError(childPath(key) + "." + std::string(k), goPath(key),
                                jsonKindOf(item), "string");
            continue;
        }
        out.emplace(std::string(k), std::string(item.get_string()));
    }
    return out;
}

model::Labels FieldReader::stringMap(const char *key)
{
    return optionalStringMap(key).value_or(model::Labels{});
}

std::vector<std::string> FieldReader::strings(const char *key)
{
    std::vector<std::string> out;
    const json::value *v = take(key);
    if (!v)
        return out;
    if (!v->is_array()) {
        mismatch(key, *v, "[]string");
        return out;
    }
    for (const auto &item : v->get_array()) {
        if (!item.is_string()) {
            mismatch(key, item, "string");
            continue;
        }
        out.emplace_back(item.get_string());
    }
    return out;
}

bool FieldReader::object(const char *key, const char *goStruct,
                         const std::function<void(FieldReader &)> &fn)
{
    const json::value *v = take(key);
    if (!v)
        return false;
    if (!v->is_object()) {
        mismatch(key, *v, std::string("v1.") + goStruct);
        return false;
    }
    FieldReader child(&v->get_object(), childPath(key), goStruct, m_context);
    fn(child);
    return true;
}

void FieldReader::array(const char *key, const char *goStruct, const char *goItem,
                        const std::function<void(FieldReader &)> &fn)
{
    const json::value *v = take(key);
    if (!v)
        return;
    if (!v->is_array()) {
        mismatch(key, *v, std::string("[]v1.") + goItem);
        return;
    }
    std::size_t i = 0;
    for (const auto &item : v->get_array()) {
        const std::string itemPath = childPath(key) + "[" + std::to_string(i++) + "]";
        if (item.is_null())
            continue;
        if (!item.is_object()) {
            m_context.typeError(itemPath, goPath(key), jsonKindOf(item),
                                std::string("v1.") + goItem);
            continue;
        }
        FieldReader child(&item.get_object(), itemPath, goItem, m_context);
        fn(child);
    }
    (void)goStruct;
}

void FieldReader::accept(std::initializer_list<const char *> keys)
{
    for (const char *k : keys)
        m_read.insert(k);
}

} // namespace clusterlab::manifest
