#pragma once

#include "logs/container_log.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clusterlab::logs {

/// LogQuery is what a `kubectl logs` request asks of a log (PodLogOptions, as the kubelet
/// applies them): the last tailLines lines, of those the ones written at or after since,
/// each line prefixed with its time when timestamps is set, and at most limitBytes bytes.
struct LogQuery
{
    std::optional<std::int64_t> tailLines;
    std::optional<Clock::time_point> since;
    bool timestamps = false;
    std::optional<std::int64_t> limitBytes;
};

/// selectLines keeps the lines query wants, in the kubelet's order: the tail first, then
/// the since filter (so `--tail=5 --since=1m` shows those of the last 5 lines from the
/// last minute). limitBytes is applied when rendering.
std::vector<LogLine> selectLines(std::vector<LogLine> lines, const LogQuery &query);

/// renderLine is one line as the kubelet streams it: "text\n", or with timestamps
/// "2026-12-05T06:45:02.123456789Z text\n".
std::string renderLine(const LogLine &line, bool timestamps);

/// renderLines renders lines and cuts the result at limit bytes (mid-line, as the kubelet
/// does); limit is lowered by what was written.
std::string renderLines(const std::vector<LogLine> &lines, bool timestamps,
                        std::optional<std::int64_t> &limit);

/// formatRfc3339NanoFixed prints a time in UTC with nine fractional digits, the kubelet's
/// RFC3339NanoFixed ("2026-12-05T06:45:02.120000000Z").
std::string formatRfc3339NanoFixed(Clock::time_point time);

/// parseRfc3339 reads "2026-12-05T06:45:02Z", with an optional fraction and a "Z" or
/// "+hh:mm" offset; nullopt for anything else.
std::optional<Clock::time_point> parseRfc3339(std::string_view text);

} // namespace clusterlab::logs
