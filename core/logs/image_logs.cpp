#include "logs/image_logs.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <sys/utsname.h>

namespace clusterlab::logs {

namespace {

template <std::size_t N>
bool containsAny(std::string_view name, const std::array<std::string_view, N> &words)
{
    return std::any_of(words.begin(), words.end(), [&](std::string_view w) {
        return name.find(w) != std::string_view::npos;
    });
}

/// Broken-down UTC time and the microseconds past its second.
struct Utc
{
    std::tm tm{};
    long micros = 0;
    long long epochSeconds = 0;
};

Utc utc(Clock::time_point time)
{
    const auto since = time.time_since_epoch();
    const auto seconds = std::chrono::floor<std::chrono::seconds>(since);
    Utc out;
    out.micros =
            long(std::chrono::duration_cast<std::chrono::microseconds>(since - seconds).count());
    out.epochSeconds = seconds.count();
    const std::time_t t = seconds.count();
    gmtime_r(&t, &out.tm);
    return out;
}

std::string format(const Utc &u, const char *pattern)
{
    char buffer[64];
    std::strftime(buffer, sizeof buffer, pattern, &u.tm);
    return buffer;
}

/// imageTag is the tag of an image reference ("nginx:1.25-alpine" -> "1.25-alpine").
std::string imageTag(const std::string &image)
{
    std::string ref = image.substr(0, image.find('@'));
    const auto slash = ref.rfind('/');
    const auto colon = ref.rfind(':');
    if (colon == std::string::npos || (slash != std::string::npos && colon < slash))
        return {};
    return ref.substr(colon + 1);
}

/// versionOf is the leading version of the tag ("1.25.4-alpine" -> "1.25.4"), or fallback.
std::string versionOf(const std::string &image, const std::string &fallback)
{
    const std::string tag = imageTag(image);
    std::size_t n = 0;
    while (n < tag.size() && (std::isdigit(static_cast<unsigned char>(tag[n])) || tag[n] == '.'))
        ++n;
    if (n == 0 || !std::isdigit(static_cast<unsigned char>(tag[0])))
        return fallback;
    return tag.substr(0, n);
}

std::string kernelRelease()
{
    utsname name{};
    return uname(&name) == 0 ? name.release : "6.1.0";
}

std::vector<std::string> nginxStartup(const std::string &image, Clock::time_point now)
{
    const std::string stamp = format(utc(now), "%Y/%m/%d %H:%M:%S") + " [notice] 1#1: ";
    const bool alpine = imageTag(image).find("alpine") != std::string::npos;
    return {
        "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform "
        "configuration",
        "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
        "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
        "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of "
        "/etc/nginx/conf.d/default.conf",
        "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in "
        "/etc/nginx/conf.d/default.conf",
        "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
        "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
        "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
        "/docker-entrypoint.sh: Configuration complete; ready for start up",
        stamp + "using the \"epoll\" event method",
        stamp + "nginx/" + versionOf(image, "1.25.5"),
        stamp
                + (alpine ? "built by gcc 12.2.1 20220924 (Alpine 12.2.1_git20220924-r10)"
                          : "built by gcc 12.2.0 (Debian 12.2.0-14) "),
        stamp + "OS: Linux " + kernelRelease(),
        stamp + "getrlimit(RLIMIT_NOFILE): 1048576:1048576",
        stamp + "start worker processes",
        stamp + "start worker process 29",
        stamp + "start worker process 30",
    };
}

std::vector<std::string> httpdStartup(const std::string &image, Clock::time_point now)
{
    const Utc u = utc(now);
    char stamp[64];
    std::snprintf(stamp, sizeof stamp, "[%s.%06ld %s]", format(u, "%a %b %d %H:%M:%S").c_str(),
                  u.micros, format(u, "%Y").c_str());
    const std::string head = std::string(stamp);
    return { head + " [mpm_event:notice] [pid 1:tid 139871926597512] AH00489: Apache/"
                     + versionOf(image, "2.4.58")
                     + " (Unix) configured -- resuming normal operations",
             head
                     + " [core:notice] [pid 1:tid 139871926597512] AH00094: Command line: "
                       "'httpd -D FOREGROUND'" };
}

std::vector<std::string> redisStartup(const std::string &image, int port, Clock::time_point now)
{
    const Utc u = utc(now);
    char millis[32];
    std::snprintf(millis, sizeof millis, ".%03ld", u.micros / 1000);
    const std::string when = format(u, "%d %b %Y %H:%M:%S") + millis;
    const std::string c = "1:C " + when, m = "1:M " + when;
    return {
        c + " * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo",
        c + " * Redis version=" + versionOf(image, "7.2.4")
                + ", bits=64, commit=00000000, modified=0, pid=1, just started",
        c
                + " # Warning: no config file specified, using the default config. In order to "
                  "specify a config file use redis-server /path/to/redis.conf",
        m + " * monotonic clock: POSIX clock_gettime",
        m + " * Running mode=standalone, port=" + std::to_string(port) + ".",
        m + " * Server initialized",
        m + " * Ready to accept connections tcp"
    };
}

std::string mysqlTime(Clock::time_point time)
{
    const Utc u = utc(time);
    char micros[32];
    std::snprintf(micros, sizeof micros, ".%06ldZ", u.micros);
    return format(u, "%Y-%m-%dT%H:%M:%S") + micros;
}

std::vector<std::string> mysqlStartup(const std::string &image, int port, Clock::time_point now)
{
    const std::string version = versionOf(image, "8.0.36");
    const std::string entry =
            format(utc(now), "%Y-%m-%d %H:%M:%S+00:00") + " [Note] [Entrypoint]: ";
    const std::string t = mysqlTime(now);
    return { entry + "Entrypoint script for MySQL Server " + version + "-1.el8 started.",
             entry + "Switching to dedicated user 'mysql'",
             entry + "Entrypoint script for MySQL Server " + version + "-1.el8 started.",
             t + " 0 [System] [MY-010116] [Server] /usr/sbin/mysqld (mysqld " + version
                     + ") starting as process 1",
             t + " 1 [System] [MY-013576] [InnoDB] InnoDB initialization has started.",
             t + " 1 [System] [MY-013577] [InnoDB] InnoDB initialization has ended.",
             t
                     + " 0 [System] [MY-011323] [Server] X Plugin ready for connections. "
                       "Bind-address: '::' port: 33060, socket: /var/run/mysqld/mysqlx.sock",
             t
                     + " 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. "
                       "Version: '"
                     + version + "'  socket: '/var/run/mysqld/mysqld.sock'  port: "
                     + std::to_string(port) + "  MySQL Community Server - GPL." };
}

std::string orDash(const std::string &text)
{
    return text.empty() ? "-" : text;
}

std::string requestLine(const HttpAccess &a)
{
    return a.method + " " + a.target + " HTTP/" + std::to_string(a.version / 10) + "."
            + std::to_string(a.version % 10);
}

} // namespace

std::string imageName(const std::string &image)
{
    std::string name = image.substr(0, image.find('@'));
    const auto slash = name.rfind('/');
    if (slash != std::string::npos)
        name = name.substr(slash + 1);
    name = name.substr(0, name.find(':'));
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) {
        return char(std::tolower(c));
    });
    return name;
}

LogStyle logStyleFor(const std::string &image)
{
    static constexpr std::array<std::string_view, 4> kRedis{ "redis", "valkey", "keydb",
                                                             "dragonfly" };
    static constexpr std::array<std::string_view, 3> kMySql{ "mysql", "mariadb", "percona" };
    static constexpr std::array<std::string_view, 2> kHttpd{ "httpd", "apache" };
    const std::string name = imageName(image);
    if (name.find("nginx") != std::string::npos)
        return LogStyle::Nginx;
    if (containsAny(name, kHttpd))
        return LogStyle::Httpd;
    if (containsAny(name, kRedis))
        return LogStyle::Redis;
    if (containsAny(name, kMySql))
        return LogStyle::MySql;
    return LogStyle::Generic;
}

std::vector<std::string> startupLines(LogStyle style, const std::string &image,
                                      const std::vector<int> &ports, Clock::time_point now)
{
    switch (style) {
    case LogStyle::Nginx:
        return nginxStartup(image, now);
    case LogStyle::Httpd:
        return httpdStartup(image, now);
    case LogStyle::Redis:
        return redisStartup(image, ports.empty() ? 6379 : ports.front(), now);
    case LogStyle::MySql:
        return mysqlStartup(image, ports.empty() ? 3306 : ports.front(), now);
    case LogStyle::Generic:
        break;
    }
    std::vector<std::string> lines;
    for (const int port : ports)
        lines.push_back("listening on port " + std::to_string(port));
    return lines;
}

std::string accessLine(LogStyle style, const HttpAccess &a)
{
    const std::string local = format(utc(a.time), "%d/%b/%Y:%H:%M:%S +0000");
    switch (style) {
    case LogStyle::Nginx:
        return a.clientIp + " - - [" + local + "] \"" + requestLine(a) + "\" "
                + std::to_string(a.status) + " " + std::to_string(a.bodyBytes) + " \""
                + orDash(a.referer) + "\" \"" + orDash(a.userAgent) + "\" \""
                + orDash(a.forwardedFor) + "\"";
    case LogStyle::Httpd:
        return a.clientIp + " - - [" + local + "] \"" + requestLine(a) + "\" "
                + std::to_string(a.status) + " "
                + (a.bodyBytes ? std::to_string(a.bodyBytes) : std::string("-"));
    default:
        return a.clientIp + " " + a.method + " " + a.target + " -> " + std::to_string(a.status)
                + " (" + std::to_string(a.bodyBytes) + " bytes)";
    }
}

std::string redisMonitorLine(Clock::time_point time, int db, const std::string &client,
                             const std::vector<std::string> &args)
{
    const Utc u = utc(time);
    char head[48];
    std::snprintf(head, sizeof head, "%lld.%06ld [%d ", u.epochSeconds, u.micros, db);
    std::string out = head + client + "]";
    for (const auto &arg : args) {
        out += " \"";
        for (const unsigned char c : arg) {
            switch (c) {
            case '\\':
                out += "\\\\";
                break;
            case '"':
                out += "\\\"";
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
            case '\a':
                out += "\\a";
                break;
            case '\b':
                out += "\\b";
                break;
            default:
                if (std::isprint(c)) {
                    out += char(c);
                } else {
                    char hex[16];
                    std::snprintf(hex, sizeof hex, "\\x%02x", c);
                    out += hex;
                }
            }
        }
        out += '"';
    }
    return out;
}

std::string mysqlGeneralLine(Clock::time_point time, std::uint32_t thread, std::string_view command,
                             std::string_view text)
{
    char id[32];
    std::snprintf(id, sizeof id, "%5u ", thread);
    return mysqlTime(time) + "\t" + id + std::string(command) + "\t" + std::string(text);
}

std::string connectionLine(const std::string &client, int port)
{
    return "connection from " + client + " to port " + std::to_string(port);
}

} // namespace clusterlab::logs
