#include "manifest/validation_support.h"

#include <boost/json/object.hpp>

#include <cstdio>

namespace clusterlab::manifest::detail {

namespace json = boost::json;

void ErrorList::add(const std::string &path, const char *reason, std::string body, std::string at,
                    bool atKey)
{
    m_errors.push_back({ FieldError{ path, reason, std::move(body) }, std::move(at), atKey });
}

void ErrorList::required(const std::string &path, const std::string &detail)
{
    add(path, "FieldValueRequired",
        detail.empty() ? "Required value" : "Required value: " + detail);
}

void ErrorList::forbidden(const std::string &path, const std::string &detail)
{
    add(path, "FieldValueForbidden", detail.empty() ? "Forbidden" : "Forbidden: " + detail);
}

void ErrorList::invalid(const std::string &path, const std::string &value,
                        const std::string &detail, std::string at, bool atKey)
{
    std::string body = "Invalid value: " + value;
    if (!detail.empty())
        body += ": " + detail;
    add(path, "FieldValueInvalid", std::move(body), std::move(at), atKey);
}

void ErrorList::notSupported(const std::string &path, const std::string &value,
                             const std::vector<std::string> &supported)
{
    std::string body = "Unsupported value: " + value;
    for (std::size_t i = 0; i < supported.size(); ++i)
        body += (i ? ", " : ": supported values: ") + goString(supported[i]);
    add(path, "FieldValueNotSupported", std::move(body));
}

void ErrorList::duplicate(const std::string &path, const std::string &value)
{
    add(path, "FieldValueDuplicate", "Duplicate value: " + value);
}

void ErrorList::tooLong(const std::string &path, int maxLength)
{
    add(path, "FieldValueTooLong",
        "Too long: must have at most " + std::to_string(maxLength) + " bytes");
}

void ErrorList::invalidEach(const std::string &path, const std::string &value,
                            const std::vector<std::string> &messages, const std::string &at,
                            bool atKey)
{
    for (const auto &msg : messages)
        invalid(path, value, msg, at, atKey);
}

void ErrorList::append(const ErrorList &other)
{
    m_errors.insert(m_errors.end(), other.m_errors.begin(), other.m_errors.end());
}

std::vector<FieldError> ErrorList::fieldErrors() const
{
    std::vector<FieldError> out;
    out.reserve(m_errors.size());
    for (const auto &e : m_errors)
        out.push_back(e.error);
    return out;
}

std::string child(const std::string &path, std::string_view name)
{
    return path.empty() ? std::string(name) : path + "." + std::string(name);
}

std::string index(const std::string &path, std::size_t i)
{
    return path + "[" + std::to_string(i) + "]";
}

namespace {

/// decodeRune reads one UTF-8 sequence; returns its length, or 0 for an invalid byte.
std::size_t decodeRune(std::string_view s, std::size_t i, char32_t &rune)
{
    const auto b0 = static_cast<unsigned char>(s[i]);
    std::size_t len = b0 < 0x80 ? 1
            : (b0 >> 5) == 0x6  ? 2
            : (b0 >> 4) == 0xe  ? 3
            : (b0 >> 3) == 0x1e ? 4
                                : 0;
    if (len == 0 || i + len > s.size())
        return 0;
    rune = len == 1 ? b0 : b0 & (0x7f >> len);
    for (std::size_t k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b >> 6) != 0x2)
            return 0;
        rune = (rune << 6) | (b & 0x3f);
    }
    const char32_t minimum[] = { 0, 0, 0x80, 0x800, 0x10000 };
    if (rune < minimum[len] || rune > 0x10ffff || (rune >= 0xd800 && rune <= 0xdfff))
        return 0;
    return len;
}

/// isPrint approximates Go's unicode.IsPrint for runes outside ASCII: spaces other than U+0020
/// and format/control characters are escaped.
bool isPrint(char32_t r)
{
    if (r < 0x80)
        return r >= 0x20 && r < 0x7f;
    if (r < 0xa1 || r == 0xad || r == 0x1680 || (r >= 0x2000 && r <= 0x200f)
        || (r >= 0x2028 && r <= 0x202f) || (r >= 0x205f && r <= 0x206f) || r == 0x3000
        || r == 0xfeff || (r >= 0xfff9 && r <= 0xfffb) || (r >= 0xe000 && r <= 0xf8ff))
        return false;
    return true;
}

std::string hex(const char *format, unsigned value)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, format, value);
    return buf;
}

} // namespace

std::string goString(std::string_view s)
{
    std::string out = "\"";
    for (std::size_t i = 0; i < s.size();) {
        char32_t r = 0;
        const std::size_t len = decodeRune(s, i, r);
        if (len == 0) {
            out += hex("\\x%02x", static_cast<unsigned char>(s[i]));
            ++i;
            continue;
        }
        if (r == '"' || r == '\\') {
            out += '\\';
            out += static_cast<char>(r);
        } else if (isPrint(r)) {
            out.append(s.substr(i, len));
        } else {
            switch (r) {
            case '\a':
                out += "\\a";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\v':
                out += "\\v";
                break;
            default:
                if (r < 0x20 || r == 0x7f)
                    out += hex("\\x%02x", static_cast<unsigned>(r));
                else if (r < 0x10000)
                    out += hex("\\u%04x", static_cast<unsigned>(r));
                else
                    out += hex("\\U%08x", static_cast<unsigned>(r));
            }
        }
        i += len;
    }
    return out + "\"";
}

std::string goInt(std::int64_t v)
{
    return std::to_string(v);
}

std::string goStringMap(const model::Labels &labels, bool isNil)
{
    if (isNil && labels.empty())
        return "map[string]string(nil)";
    std::string out = "map[string]string{";
    bool first = true;
    for (const auto &[k, v] : labels) {
        out += (first ? "" : ", ") + goString(k) + ":" + goString(v);
        first = false;
    }
    return out + "}";
}

std::string goStringSlice(const std::vector<std::string> &values, bool isNil)
{
    if (isNil && values.empty())
        return "[]string(nil)";
    std::string out = "[]string{";
    for (std::size_t i = 0; i < values.size(); ++i)
        out += (i ? ", " : "") + goString(values[i]);
    return out + "}";
}

std::string goIntOrString(const model::IntOrString &v)
{
    return "intstr.IntOrString{Type:" + std::string(v.isString ? "1" : "0")
            + ", IntVal:" + std::to_string(v.isString ? 0 : v.intVal)
            + ", StrVal:" + goString(v.isString ? v.strVal : std::string()) + "}";
}

std::string goLabelSelector(const std::optional<model::LabelSelector> &selector,
                            const json::value *raw)
{
    if (!selector)
        return goString("null");
    const json::object *obj = raw && raw->is_object() ? &raw->get_object() : nullptr;
    const bool labelsNil = !obj || !rawHas(*obj, "matchLabels");
    const bool exprNil = !obj || !rawHas(*obj, "matchExpressions");
    std::string out = "v1.LabelSelector{MatchLabels:"
            + goStringMap(selector->matchLabels, labelsNil) + ", MatchExpressions:";
    if (exprNil && selector->matchExpressions.empty())
        return out + "[]v1.LabelSelectorRequirement(nil)}";
    out += "[]v1.LabelSelectorRequirement{";
    for (std::size_t i = 0; i < selector->matchExpressions.size(); ++i) {
        const auto &req = selector->matchExpressions[i];
        const bool valuesNil = !obj || !rawHas(*obj, index("matchExpressions", i) + ".values");
        out += (i ? ", " : "") + std::string("v1.LabelSelectorRequirement{Key:") + goString(req.key)
                + ", Operator:" + goString(req.op)
                + ", Values:" + goStringSlice(req.values, valuesNil) + "}";
    }
    return out + "}}";
}

namespace {

/// stepKey consumes the longest key of obj that path continues from, so keys with dots match.
const json::value *stepKey(const json::object &obj, std::string_view &path)
{
    const json::value *next = nullptr;
    std::size_t best = 0;
    for (const auto &kv : obj) {
        const std::string_view k = kv.key();
        if (k.size() >= best && path.substr(0, k.size()) == k
            && (path.size() == k.size() || path[k.size()] == '.' || path[k.size()] == '[')) {
            best = k.size();
            next = &kv.value();
        }
    }
    if (next)
        path.remove_prefix(best);
    return next;
}

const json::value *walk(const json::value *cur, std::string_view path)
{
    while (cur && !path.empty()) {
        if (path.front() == '.') {
            path.remove_prefix(1);
        } else if (path.front() == '[') {
            const auto close = path.find(']');
            if (close == std::string_view::npos || !cur->is_array())
                return nullptr;
            std::size_t i = 0;
            for (char c : path.substr(1, close - 1))
                i = i * 10 + static_cast<std::size_t>(c - '0');
            if (i >= cur->get_array().size())
                return nullptr;
            cur = &cur->get_array()[i];
            path.remove_prefix(close + 1);
        } else {
            cur = cur->is_object() ? stepKey(cur->get_object(), path) : nullptr;
        }
    }
    return cur;
}

} // namespace

const json::value *rawAt(const json::value &root, std::string_view path)
{
    return walk(&root, path);
}

const json::value *rawAt(const json::object &root, std::string_view path)
{
    if (path.empty())
        return nullptr;
    return walk(stepKey(root, path), path);
}

bool rawHas(const json::object &root, std::string_view path)
{
    const json::value *v = rawAt(root, path);
    return v && !v->is_null();
}

std::optional<std::string> rawString(const json::object &root, std::string_view path)
{
    const json::value *v = rawAt(root, path);
    if (!v || !v->is_string())
        return std::nullopt;
    return std::string(v->get_string());
}

std::optional<std::int64_t> rawInt(const json::object &root, std::string_view path)
{
    const json::value *v = rawAt(root, path);
    if (v && v->is_int64())
        return v->get_int64();
    if (v && v->is_uint64())
        return static_cast<std::int64_t>(v->get_uint64());
    return std::nullopt;
}

std::optional<model::Labels> rawStringMap(const json::object &root, std::string_view path)
{
    const json::value *v = rawAt(root, path);
    if (!v || !v->is_object())
        return std::nullopt;
    model::Labels out;
    for (const auto &kv : v->get_object())
        if (kv.value().is_string())
            out.emplace(std::string(kv.key()), std::string(kv.value().get_string()));
    return out;
}

} // namespace clusterlab::manifest::detail
