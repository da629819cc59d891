#include "manifest/validation_names.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cstdint>
#include <initializer_list>

namespace clusterlab::manifest {

namespace {

constexpr std::string_view kDns1123LabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
constexpr std::string_view kDns1123LabelErr =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
        "and must start and end with an alphanumeric character";
constexpr std::string_view kDns1123SubdomainFmt =
        "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
constexpr std::string_view kDns1123SubdomainErr =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' "
        "or '.', and must start and end with an alphanumeric character";
constexpr std::string_view kDns1035LabelFmt = "[a-z]([-a-z0-9]*[a-z0-9])?";
constexpr std::string_view kDns1035LabelErr =
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with "
        "an alphabetic character, and end with an alphanumeric character";
constexpr std::string_view kLabelKeyFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
constexpr std::string_view kLabelKeyErr =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
        "alphanumeric character";
constexpr std::string_view kLabelValueFmt = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
constexpr std::string_view kLabelValueErr =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' "
        "or '.', and must start and end with an alphanumeric character";
constexpr std::string_view kEnvVarFmt = "[-._a-zA-Z][-._a-zA-Z0-9]*";
constexpr std::string_view kEnvVarErr =
        "a valid environment variable name must consist of alphabetic characters, digits, '_', "
        "'-', or '.', and must not start with a digit";

bool isLower(char c)
{
    return c >= 'a' && c <= 'z';
}
bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}
bool isAlnum(char c)
{
    return isLower(c) || isDigit(c) || (c >= 'A' && c <= 'Z');
}
bool isLowerAlnum(char c)
{
    return isLower(c) || isDigit(c);
}

/// Go's util MaxLenError counts characters; the newer content package says bytes. Both count
/// bytes (len of a Go string).
std::string maxLenError(std::size_t length)
{
    return "must be no more than " + std::to_string(length) + " characters";
}
std::string maxLenBytesError(std::size_t length)
{
    return "must be no more than " + std::to_string(length) + " bytes";
}

bool matchesDns1123Label(std::string_view v)
{
    return !v.empty() && isLowerAlnum(v.front()) && isLowerAlnum(v.back())
            && std::all_of(v.begin(), v.end(), [](char c) {
                   return isLowerAlnum(c) || c == '-';
               });
}

bool matchesDns1123Subdomain(std::string_view v)
{
    while (true) {
        const auto dot = v.find('.');
        if (!matchesDns1123Label(v.substr(0, dot)))
            return false;
        if (dot == std::string_view::npos)
            return true;
        v.remove_prefix(dot + 1);
    }
}

/// matchesLabelKeyName is ([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9].
bool matchesLabelKeyName(std::string_view v)
{
    return !v.empty() && isAlnum(v.front()) && isAlnum(v.back())
            && std::all_of(v.begin(), v.end(), [](char c) {
                   return isAlnum(c) || c == '-' || c == '_' || c == '.';
               });
}

/// isDNS1123SubdomainBytes is the content package's subdomain check (length in bytes), used for
/// label key prefixes.
std::vector<std::string> isDNS1123SubdomainBytes(std::string_view value)
{
    std::vector<std::string> errs;
    if (value.size() > 253)
        errs.push_back(maxLenBytesError(253));
    if (!matchesDns1123Subdomain(value))
        errs.push_back(regexError(kDns1123SubdomainErr, kDns1123SubdomainFmt, { "example.com" }));
    return errs;
}

/// parseIPv4Sloppy accepts four decimal parts 0..255, leading zeros allowed (ParseIPSloppy).
bool parseIPv4Sloppy(std::string_view v, std::uint8_t out[4])
{
    for (int part = 0; part < 4; ++part) {
        std::size_t n = 0;
        unsigned value = 0;
        while (n < v.size() && isDigit(v[n])) {
            value = value * 10 + static_cast<unsigned>(v[n] - '0');
            if (value > 255)
                return false;
            ++n;
        }
        if (n == 0)
            return false;
        out[part] = static_cast<std::uint8_t>(value);
        v.remove_prefix(n);
        if (part < 3) {
            if (v.empty() || v.front() != '.')
                return false;
            v.remove_prefix(1);
        }
    }
    return v.empty();
}

bool parseIPv6(std::string_view v, std::uint8_t out[16])
{
    if (v.find(':') == std::string_view::npos || v.find('%') != std::string_view::npos)
        return false;
    const std::string s(v);
    return inet_pton(AF_INET6, s.c_str(), out) == 1;
}

} // namespace

std::string regexError(std::string_view message, std::string_view format,
                       std::initializer_list<std::string_view> examples)
{
    std::string msg(message);
    if (examples.size() != 0) {
        msg.append(" (e.g. ");
        bool first = true;
        for (auto ex : examples) {
            if (!first)
                msg.append(" or ");
            msg.append("'").append(ex).append("', ");
            first = false;
        }
        msg.append("regex used for validation is '");
    } else {
        msg.append(" (regex used for validation is '");
    }
    return msg.append(format).append("')");
}

std::vector<std::string> isDNS1123Label(std::string_view value)
{
    std::vector<std::string> errs;
    if (value.size() > 63)
        errs.push_back(maxLenError(63));
    if (!matchesDns1123Label(value)) {
        if (matchesDns1123Subdomain(value))
            errs.push_back("must not contain dots");
        else
            errs.push_back(
                    regexError(kDns1123LabelErr, kDns1123LabelFmt, { "my-name", "123-abc" }));
    }
    return errs;
}

std::vector<std::string> isDNS1123Subdomain(std::string_view value)
{
    std::vector<std::string> errs;
    if (value.size() > 253)
        errs.push_back(maxLenError(253));
    if (!matchesDns1123Subdomain(value))
        errs.push_back(regexError(kDns1123SubdomainErr, kDns1123SubdomainFmt, { "example.com" }));
    return errs;
}

std::vector<std::string> isDNS1035Label(std::string_view value)
{
    std::vector<std::string> errs;
    if (value.size() > 63)
        errs.push_back(maxLenError(63));
    if (value.empty() || !isLower(value.front()) || !matchesDns1123Label(value))
        errs.push_back(regexError(kDns1035LabelErr, kDns1035LabelFmt, { "my-name", "abc-123" }));
    return errs;
}

std::vector<std::string> isValidPortName(std::string_view port)
{
    std::vector<std::string> errs;
    if (port.size() > 15)
        errs.push_back(maxLenError(15));
    const bool charset = !port.empty() && std::all_of(port.begin(), port.end(), [](char c) {
        return isLowerAlnum(c) || c == '-';
    });
    if (!charset)
        errs.push_back("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    if (std::none_of(port.begin(), port.end(), isLower))
        errs.push_back("must contain at least one letter (a-z)");
    if (port.find("--") != std::string_view::npos)
        errs.push_back("must not contain consecutive hyphens");
    if (!port.empty() && (port.front() == '-' || port.back() == '-'))
        errs.push_back("must not begin or end with a hyphen");
    return errs;
}

std::vector<std::string> isValidPortNum(long long port)
{
    if (port >= 1 && port <= 65535)
        return {};
    return { "must be between 1 and 65535, inclusive" };
}

std::vector<std::string> isQualifiedName(std::string_view value)
{
    std::vector<std::string> errs;
    std::string_view name = value;
    const auto slash = value.find('/');
    if (slash != std::string_view::npos) {
        if (value.find('/', slash + 1) != std::string_view::npos)
            return { "a valid label key "
                     + regexError(kLabelKeyErr, kLabelKeyFmt, { "MyName", "my.name", "123-abc" })
                     + " with an optional DNS subdomain prefix and '/' (e.g. "
                       "'example.com/MyName')" };
        const std::string_view prefix = value.substr(0, slash);
        name = value.substr(slash + 1);
        if (prefix.empty())
            errs.push_back("prefix part must be non-empty");
        else
            for (const auto &msg : isDNS1123SubdomainBytes(prefix))
                errs.push_back("prefix part " + msg);
    }
    if (name.empty())
        errs.push_back("name part must be non-empty");
    else if (name.size() > 63)
        errs.push_back("name part " + maxLenBytesError(63));
    if (!matchesLabelKeyName(name))
        errs.push_back(
                "name part "
                + regexError(kLabelKeyErr, kLabelKeyFmt, { "MyName", "my.name", "123-abc" }));
    return errs;
}

std::vector<std::string> isValidLabelValue(std::string_view value)
{
    std::vector<std::string> errs;
    if (value.size() > 63)
        errs.push_back(maxLenBytesError(63));
    if (!value.empty() && !matchesLabelKeyName(value))
        errs.push_back(
                regexError(kLabelValueErr, kLabelValueFmt, { "MyValue", "my_value", "12345" }));
    return errs;
}

std::vector<std::string> isEnvVarName(std::string_view value)
{
    std::vector<std::string> errs;
    auto allowed = [](char c) {
        return isAlnum(c) || c == '-' || c == '.' || c == '_';
    };
    if (value.empty() || isDigit(value.front())
        || !std::all_of(value.begin(), value.end(), allowed))
        errs.push_back(
                regexError(kEnvVarErr, kEnvVarFmt, { "my.env-name", "MY_ENV.NAME", "MyEnvName1" }));
    if (value == ".")
        errs.push_back("must not be '.'");
    else if (value == "..")
        errs.push_back("must not be '..'");
    else if (value.substr(0, 2) == "..")
        errs.push_back("must not start with '..'");
    return errs;
}

std::vector<std::string> isValidPercent(std::string_view value)
{
    const bool ok = value.size() >= 2 && value.back() == '%'
            && std::all_of(value.begin(), value.end() - 1, isDigit);
    if (ok)
        return {};
    return { regexError("a valid percent string must be a numeric string followed by an ending '%'",
                        "[0-9]+%", { "1%", "93%" }) };
}

bool isValidIP(std::string_view value)
{
    std::uint8_t buf[16];
    return parseIPv4Sloppy(value, buf) || parseIPv6(value, buf);
}

bool isValidCIDR(std::string_view value)
{
    const auto slash = value.find('/');
    if (slash == std::string_view::npos)
        return false;
    const std::string_view bits = value.substr(slash + 1);
    if (bits.empty() || bits.size() > 3 || !std::all_of(bits.begin(), bits.end(), isDigit))
        return false;
    const int n = std::stoi(std::string(bits));
    std::uint8_t buf[16];
    if (parseIPv4Sloppy(value.substr(0, slash), buf))
        return n <= 32;
    return parseIPv6(value.substr(0, slash), buf) && n <= 128;
}

std::vector<std::string> nonSpecialIPProblems(std::string_view value)
{
    std::vector<std::string> errs;
    std::uint8_t v4[4];
    std::uint8_t v6[16];
    bool unspecified = false, loopback = false, linkLocal = false, linkLocalMulticast = false;
    if (parseIPv4Sloppy(value, v4)) {
        unspecified = v4[0] == 0 && v4[1] == 0 && v4[2] == 0 && v4[3] == 0;
        loopback = v4[0] == 127;
        linkLocal = v4[0] == 169 && v4[1] == 254;
        linkLocalMulticast = v4[0] == 224 && v4[1] == 0 && v4[2] == 0;
    } else if (parseIPv6(value, v6)) {
        const bool mapped = std::all_of(v6, v6 + 10,
                                        [](std::uint8_t b) {
                                            return b == 0;
                                        })
                && v6[10] == 0xff && v6[11] == 0xff;
        if (mapped) {
            unspecified = v6[12] == 0 && v6[13] == 0 && v6[14] == 0 && v6[15] == 0;
            loopback = v6[12] == 127;
            linkLocal = v6[12] == 169 && v6[13] == 254;
            linkLocalMulticast = v6[12] == 224 && v6[13] == 0 && v6[14] == 0;
        } else {
            const bool zero15 = std::all_of(v6, v6 + 15, [](std::uint8_t b) {
                return b == 0;
            });
            unspecified = zero15 && v6[15] == 0;
            loopback = zero15 && v6[15] == 1;
            linkLocal = v6[0] == 0xfe && (v6[1] & 0xc0) == 0x80;
            linkLocalMulticast = v6[0] == 0xff && (v6[1] & 0x0f) == 0x02;
        }
    } else {
        return { "must be a valid IP address" };
    }
    if (unspecified)
        errs.push_back("may not be unspecified (" + std::string(value) + ")");
    if (loopback)
        errs.push_back("may not be in the loopback range (127.0.0.0/8, ::1/128)");
    if (linkLocal)
        errs.push_back("may not be in the link-local range (169.254.0.0/16, fe80::/10)");
    if (linkLocalMulticast)
        errs.push_back("may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)");
    return errs;
}

std::vector<std::string> validateName(NameRule rule, std::string_view name, bool prefix)
{
    std::string masked(name);
    // maskTrailingDash: name[:len(name)-2] + "a", exactly as apimachinery does it.
    if (prefix && !masked.empty() && masked.back() == '-')
        masked = (masked.size() >= 2 ? masked.substr(0, masked.size() - 2) : std::string()) + "a";
    switch (rule) {
    case NameRule::DNSLabel:
        return isDNS1123Label(masked);
    case NameRule::DNS1035Label:
        return isDNS1035Label(masked);
    case NameRule::DNSSubdomain:
        break;
    }
    return isDNS1123Subdomain(masked);
}

} // namespace clusterlab::manifest
