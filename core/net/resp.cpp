#include "net/resp.h"

#include <charconv>

namespace clusterlab::net {

namespace {

constexpr std::size_t kMaxBulk = 64 * 1024 * 1024;
constexpr std::size_t kMaxInline = 64 * 1024;

// Reads "<int>\r\n" at pos+1 (pos points at the type byte). The number must be written as
// Redis' string2ll reads it: no leading zeros, no "+", no "-0". So a valid line is at most 23
// bytes, and one longer than 32 without its CRLF is Invalid however the bytes arrive.
RespParse readNumberLine(std::string_view buf, std::size_t pos, std::int64_t &number,
                         std::size_t &next)
{
    const auto end = buf.find("\r\n", pos + 1);
    if (end == std::string_view::npos)
        return buf.size() - pos > 32 ? RespParse::Invalid : RespParse::Incomplete;
    const std::string_view text = buf.substr(pos + 1, end - pos - 1);
    const std::string_view digits = text.starts_with('-') ? text.substr(1) : text;
    if (digits.size() > 1 && digits[0] == '0')
        return RespParse::Invalid;
    if (text == "-0")
        return RespParse::Invalid;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (ec != std::errc() || ptr != text.data() + text.size())
        return RespParse::Invalid;
    next = end + 2;
    return RespParse::Complete;
}

// Splits an inline command like redis' sdssplitargs: spaces separate, quotes group.
bool splitInline(std::string_view line, std::vector<std::string> &args)
{
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
            ++i;
        if (i == line.size())
            break;
        std::string arg;
        if (line[i] == '"' || line[i] == '\'') {
            const char quote = line[i++];
            while (i < line.size() && line[i] != quote) {
                if (quote == '"' && line[i] == '\\' && i + 1 < line.size())
                    ++i;
                arg += line[i++];
            }
            if (i == line.size())
                return false;
            ++i;
        } else {
            while (i < line.size() && line[i] != ' ' && line[i] != '\t')
                arg += line[i++];
        }
        args.push_back(std::move(arg));
    }
    return true;
}

} // namespace

std::string joined(std::initializer_list<std::string_view> parts)
{
    std::string out;
    for (const auto part : parts)
        out.append(part);
    return out;
}

RespParse parseRespCommand(std::string_view buf, std::size_t &consumed,
                           std::vector<std::string> &args, std::string &error)
{
    args.clear();
    if (buf.empty())
        return RespParse::Incomplete;
    if (buf[0] != '*') {
        const auto end = buf.find('\n');
        if (end == std::string_view::npos) {
            error = "Protocol error: too big inline request";
            return buf.size() > kMaxInline ? RespParse::Invalid : RespParse::Incomplete;
        }
        std::string_view line = buf.substr(0, end);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        consumed = end + 1;
        if (!splitInline(line, args)) {
            error = "Protocol error: unbalanced quotes in request";
            return RespParse::Invalid;
        }
        return RespParse::Complete;
    }
    std::int64_t count = 0;
    std::size_t pos = 0;
    if (auto r = readNumberLine(buf, 0, count, pos); r != RespParse::Complete) {
        error = "Protocol error: invalid multibulk length";
        return r;
    }
    if (count > 1024 * 1024) {
        error = "Protocol error: invalid multibulk length";
        return RespParse::Invalid;
    }
    for (std::int64_t i = 0; i < count; ++i) {
        if (pos >= buf.size())
            return RespParse::Incomplete;
        if (buf[pos] != '$') {
            error = std::string("Protocol error: expected '$', got '") + buf[pos] + "'";
            return RespParse::Invalid;
        }
        std::int64_t len = 0;
        if (auto r = readNumberLine(buf, pos, len, pos); r != RespParse::Complete) {
            error = "Protocol error: invalid bulk length";
            return r;
        }
        if (len < 0 || std::size_t(len) > kMaxBulk) {
            error = "Protocol error: invalid bulk length";
            return RespParse::Invalid;
        }
        if (buf.size() < pos + std::size_t(len) + 2)
            return RespParse::Incomplete;
        args.emplace_back(buf.substr(pos, std::size_t(len)));
        pos += std::size_t(len) + 2;
    }
    consumed = pos;
    return RespParse::Complete;
}

RespParse parseRespValue(std::string_view buf, std::size_t &consumed, RespValue &value)
{
    if (buf.empty())
        return RespParse::Incomplete;
    value = RespValue{};
    value.type = buf[0];
    switch (value.type) {
    case '+':
    case '-': {
        const auto end = buf.find("\r\n");
        if (end == std::string_view::npos)
            return RespParse::Incomplete;
        value.text = buf.substr(1, end - 1);
        consumed = end + 2;
        return RespParse::Complete;
    }
    case ':':
        return readNumberLine(buf, 0, value.integer, consumed);
    case '$': {
        std::size_t pos = 0;
        std::int64_t len = 0;
        if (auto r = readNumberLine(buf, 0, len, pos); r != RespParse::Complete)
            return r;
        if (len < 0) {
            value.null = true;
            consumed = pos;
            return RespParse::Complete;
        }
        if (buf.size() < pos + std::size_t(len) + 2)
            return RespParse::Incomplete;
        value.text = buf.substr(pos, std::size_t(len));
        consumed = pos + std::size_t(len) + 2;
        return RespParse::Complete;
    }
    case '*': {
        std::size_t pos = 0;
        std::int64_t count = 0;
        if (auto r = readNumberLine(buf, 0, count, pos); r != RespParse::Complete)
            return r;
        value.null = count < 0;
        for (std::int64_t i = 0; i < count; ++i) {
            RespValue element;
            std::size_t used = 0;
            if (auto r = parseRespValue(buf.substr(pos), used, element); r != RespParse::Complete)
                return r;
            value.elements.push_back(std::move(element));
            pos += used;
        }
        consumed = pos;
        return RespParse::Complete;
    }
    default:
        return RespParse::Invalid;
    }
}

std::string respText(const RespValue &value)
{
    switch (value.type) {
    case '-':
        return "(error) " + value.text;
    case ':':
        return std::to_string(value.integer);
    case '*': {
        std::string text;
        for (const auto &element : value.elements) {
            if (!text.empty())
                text += '\n';
            text += respText(element);
        }
        return value.null ? "(nil)" : text;
    }
    default:
        return value.null ? "(nil)" : value.text;
    }
}

std::string respSimple(std::string_view text)
{
    return joined({ "+", text, "\r\n" });
}

std::string respError(std::string_view text)
{
    return joined({ "-", text, "\r\n" });
}

std::string respInteger(std::int64_t value)
{
    return joined({ ":", std::to_string(value), "\r\n" });
}

std::string respBulk(std::string_view text)
{
    return joined({ "$", std::to_string(text.size()), "\r\n", text, "\r\n" });
}

std::string respNullBulk()
{
    return "$-1\r\n";
}

std::string respArray(const std::vector<std::string> &elements)
{
    std::string out = joined({ "*", std::to_string(elements.size()), "\r\n" });
    for (const auto &e : elements)
        out += respBulk(e);
    return out;
}

} // namespace clusterlab::net
