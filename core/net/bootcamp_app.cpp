#include "net/bootcamp_app.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace clusterlab::net {

namespace {

/// isoTime is a time as JavaScript's Date.prototype.toISOString writes it.
std::string isoTime(logs::Clock::time_point time)
{
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch());
    const std::time_t seconds = std::time_t(ms.count() / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char text[64];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                  int(ms.count() % 1000));
    return text;
}

/// jsNumber writes milliseconds / 1000 as JavaScript prints the number (no trailing zeros).
std::string jsSeconds(std::int64_t ms)
{
    std::string out = std::to_string(ms / 1000);
    if (const auto rest = ms % 1000) {
        char fraction[8];
        std::snprintf(fraction, sizeof fraction, "%03d", int(rest));
        std::string digits = fraction;
        while (digits.back() == '0')
            digits.pop_back();
        out += "." + digits;
    }
    return out;
}

} // namespace

std::string bootcampAnswer(const std::string &hostname, int version)
{
    return "Hello Kubernetes bootcamp! | Running on: " + hostname
            + " | v=" + std::to_string(version) + "\n";
}

std::string bootcampStartLines(const std::string &hostname, logs::Clock::time_point started)
{
    return "Kubernetes Bootcamp App Started At: " + isoTime(started) + " | Running On:  " + hostname
            + " \n\n";
}

std::string bootcampRequestLine(const std::string &hostname, std::uint64_t requests,
                                logs::Clock::time_point started, logs::Clock::time_point now)
{
    const auto uptime =
            std::chrono::duration_cast<std::chrono::milliseconds>(now - started).count();
    return "Running On: " + hostname + " | Total Requests: " + std::to_string(requests)
            + " | App Uptime: " + jsSeconds(std::max<std::int64_t>(uptime, 0))
            + " seconds | Log Time: " + isoTime(now);
}

} // namespace clusterlab::net
