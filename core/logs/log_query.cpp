#include "logs/log_query.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <ctime>

namespace clusterlab::logs {

std::vector<LogLine> selectLines(std::vector<LogLine> lines, const LogQuery &query)
{
    if (query.tailLines && std::uint64_t(*query.tailLines) < lines.size())
        lines.erase(lines.begin(), lines.end() - std::ptrdiff_t(*query.tailLines));
    if (query.since)
        std::erase_if(lines, [&](const LogLine &line) {
            return line.time < *query.since;
        });
    return lines;
}

std::string renderLine(const LogLine &line, bool timestamps)
{
    std::string out;
    out.reserve(line.text.size() + (timestamps ? 32 : 1));
    if (timestamps)
        out += formatRfc3339NanoFixed(line.time) + ' ';
    out += line.text;
    out += '\n';
    return out;
}

std::string renderLines(const std::vector<LogLine> &lines, bool timestamps,
                        std::optional<std::int64_t> &limit)
{
    std::string out;
    for (const auto &line : lines) {
        if (limit && *limit <= 0)
            break;
        std::string text = renderLine(line, timestamps);
        if (limit && std::int64_t(text.size()) > *limit)
            text.resize(std::size_t(*limit));
        if (limit)
            *limit -= std::int64_t(text.size());
        out += text;
    }
    return out;
}

std::string formatRfc3339NanoFixed(Clock::time_point time)
{
    const auto since = time.time_since_epoch();
    auto seconds = std::chrono::floor<std::chrono::seconds>(since);
    const auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(since - seconds);
    const std::time_t t = seconds.count();
    std::tm tm{};
    gmtime_r(&t, &tm);
    char head[32];
    std::strftime(head, sizeof head, "%Y-%m-%dT%H:%M:%S", &tm);
    char out[48];
    std::snprintf(out, sizeof out, "%s.%09lldZ", head, static_cast<long long>(nanos.count()));
    return out;
}

namespace {

bool readInt(std::string_view &text, std::size_t digits, int &value)
{
    if (text.size() < digits)
        return false;
    for (std::size_t i = 0; i < digits; ++i)
        if (!std::isdigit(static_cast<unsigned char>(text[i])))
            return false;
    std::from_chars(text.data(), text.data() + digits, value);
    text.remove_prefix(digits);
    return true;
}

bool expect(std::string_view &text, char c)
{
    if (text.empty() || (text.front() != c && std::tolower(text.front()) != std::tolower(c)))
        return false;
    text.remove_prefix(1);
    return true;
}

} // namespace

std::optional<Clock::time_point> parseRfc3339(std::string_view text)
{
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!readInt(text, 4, year) || !expect(text, '-') || !readInt(text, 2, month)
        || !expect(text, '-') || !readInt(text, 2, day) || !expect(text, 'T')
        || !readInt(text, 2, hour) || !expect(text, ':') || !readInt(text, 2, minute)
        || !expect(text, ':') || !readInt(text, 2, second))
        return std::nullopt;
    std::chrono::nanoseconds fraction{ 0 };
    if (!text.empty() && text.front() == '.') {
        text.remove_prefix(1);
        std::int64_t scale = 100000000;
        std::size_t n = 0;
        while (n < text.size() && std::isdigit(static_cast<unsigned char>(text[n]))) {
            fraction += std::chrono::nanoseconds((text[n] - '0') * scale);
            scale /= 10;
            ++n;
        }
        if (n == 0)
            return std::nullopt;
        text.remove_prefix(n);
    }
    int offsetMinutes = 0;
    if (expect(text, 'Z')) {
    } else if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
        const int sign = text.front() == '-' ? -1 : 1;
        text.remove_prefix(1);
        int oh = 0, om = 0;
        if (!readInt(text, 2, oh) || !expect(text, ':') || !readInt(text, 2, om))
            return std::nullopt;
        offsetMinutes = sign * (oh * 60 + om);
    } else {
        return std::nullopt;
    }
    if (!text.empty() || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59
        || second > 60)
        return std::nullopt;
    const std::chrono::year_month_day date{ std::chrono::year(year),
                                            std::chrono::month(unsigned(month)),
                                            std::chrono::day(unsigned(day)) };
    if (!date.ok())
        return std::nullopt;
    const auto midnight = std::chrono::sys_days(date);
    return Clock::time_point(std::chrono::duration_cast<Clock::duration>(
            midnight.time_since_epoch() + std::chrono::hours(hour)
            + std::chrono::minutes(minute - offsetMinutes) + std::chrono::seconds(second)
            + fraction));
}

} // namespace clusterlab::logs
