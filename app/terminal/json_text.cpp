#include "terminal/json_text.h"

#include <boost/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <vector>

namespace json = boost::json;

namespace clusterlab::app {

namespace {

/// Shortest is a double's shortest round-trip digits and decimal exponent: value =
/// 0.digits × 10^point (Go's decimal form, digits without leading or trailing zeros).
struct Shortest
{
    std::string digits;
    int point = 0;
};

Shortest shortest(double value)
{
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, std::fabs(value),
                                      std::chars_format::scientific);
    const std::string text(buffer, result.ptr);
    const auto e = text.find('e');
    Shortest out;
    for (char c : text.substr(0, e))
        if (c != '.')
            out.digits += c;
    while (out.digits.size() > 1 && out.digits.back() == '0')
        out.digits.pop_back();
    out.point = std::stoi(text.substr(e + 1)) + 1;
    return out;
}

std::string fixedText(const Shortest &s)
{
    if (s.point <= 0)
        return "0." + std::string(std::size_t(-s.point), '0') + s.digits;
    if (std::size_t(s.point) >= s.digits.size())
        return s.digits + std::string(std::size_t(s.point) - s.digits.size(), '0');
    return s.digits.substr(0, std::size_t(s.point)) + "." + s.digits.substr(std::size_t(s.point));
}

/// exponentText is Go's %e for shortest digits; twoDigits pads the exponent as fmt does.
std::string exponentText(const Shortest &s, bool twoDigits)
{
    std::string text = s.digits.substr(0, 1);
    if (s.digits.size() > 1)
        text.append(1, '.').append(s.digits, 1);
    const int exponent = s.point - 1;
    text += exponent < 0 ? "e-" : "e+";
    const std::string digits = std::to_string(std::abs(exponent));
    if (twoDigits && digits.size() < 2)
        text += "0";
    return text + digits;
}

/// goFloat is fmt's %v (json: false) or encoding/json's float format (json: true).
std::string goFloat(double value, bool forJson)
{
    if (std::isnan(value)) // not in API objects; never throw on one
        return "NaN";
    if (std::isinf(value))
        return value > 0 ? "+Inf" : "-Inf";
    if (value == 0)
        return std::signbit(value) && !forJson ? "-0" : "0";
    const Shortest s = shortest(value);
    const std::string sign = value < 0 ? "-" : "";
    if (forJson) {
        const double magnitude = std::fabs(value);
        const bool exponent = magnitude < 1e-6 || magnitude >= 1e21;
        return sign + (exponent ? exponentText(s, false) : fixedText(s));
    }
    // %v is strconv's shortest 'g': an exponent below -4 or from 6 up is written as %e.
    const int exponent = s.point - 1;
    return sign + (exponent < -4 || exponent >= 6 ? exponentText(s, true) : fixedText(s));
}

void writeString(std::string &out, std::string_view text)
{
    static const char hex[] = "0123456789abcdef";
    out += '"';
    for (std::size_t i = 0; i < text.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
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
        case '\b': // short forms since Go 1.22, which builds today's kubectl
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        case '<':
        case '>':
        case '&':
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 0xf];
            break;
        default:
            if (c < 0x20) {
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 0xf];
            } else if (c == 0xe2 && i + 2 < text.size() && text[i + 1] == '\x80'
                       && (text[i + 2] == '\xa8' || text[i + 2] == '\xa9')) {
                out += text[i + 2] == '\xa8' ? "\\u2028" : "\\u2029"; // as Go does
                i += 2;
            } else {
                out += char(c);
            }
        }
    }
    out += '"';
}

void write(std::string &out, const json::value &value, int indent, int depth)
{
    const auto newline = [&](int level) {
        if (indent > 0) {
            out += '\n';
            out.append(std::size_t(indent * level), ' ');
        }
    };
    switch (value.kind()) {
    case json::kind::null:
        out += "null";
        return;
    case json::kind::bool_:
        out += value.get_bool() ? "true" : "false";
        return;
    case json::kind::int64:
        out += std::to_string(value.get_int64());
        return;
    case json::kind::uint64:
        out += std::to_string(value.get_uint64());
        return;
    case json::kind::double_:
        out += goFloat(value.get_double(), true);
        return;
    case json::kind::string:
        writeString(out, value.get_string());
        return;
    case json::kind::array: {
        const auto &array = value.get_array();
        if (array.empty()) {
            out += "[]";
            return;
        }
        out += '[';
        for (std::size_t i = 0; i < array.size(); ++i) {
            if (i > 0)
                out += ',';
            newline(depth + 1);
            write(out, array[i], indent, depth + 1);
        }
        newline(depth);
        out += ']';
        return;
    }
    case json::kind::object: {
        const auto &object = value.get_object();
        if (object.empty()) {
            out += "{}";
            return;
        }
        std::vector<std::string_view> keys;
        for (const auto &entry : object)
            keys.push_back(entry.key());
        std::sort(keys.begin(), keys.end());
        out += '{';
        for (std::size_t i = 0; i < keys.size(); ++i) {
            if (i > 0)
                out += ',';
            newline(depth + 1);
            writeString(out, keys[i]);
            out += indent > 0 ? ": " : ":";
            write(out, object.at(keys[i]), indent, depth + 1);
        }
        newline(depth);
        out += '}';
        return;
    }
    }
}

} // namespace

std::string goJson(const json::value &value, int indent)
{
    std::string out;
    write(out, value, indent, 0);
    if (indent > 0)
        out += '\n';
    return out;
}

std::string goText(const json::value &value)
{
    switch (value.kind()) {
    case json::kind::null:
        return "<nil>";
    case json::kind::bool_:
        return value.get_bool() ? "true" : "false";
    case json::kind::int64:
        return std::to_string(value.get_int64());
    case json::kind::uint64:
        return std::to_string(value.get_uint64());
    case json::kind::double_:
        return goFloat(value.get_double(), false);
    case json::kind::string:
        return std::string(value.get_string());
    default:
        return goJson(value);
    }
}

} // namespace clusterlab::app
