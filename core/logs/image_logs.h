#pragma once

#include "logs/container_log.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace clusterlab::logs {

/// LogStyle is whose log format a container writes, picked from its image.
enum class LogStyle {
    Nginx, ///< docker-entrypoint and nginx start-up; access log in the image's `main` format
    Httpd, ///< Apache httpd: access log in `common` format
    Redis, ///< redis-server start-up; commands as `redis-cli MONITOR` prints them
    MySql, ///< mysqld start-up; queries as the general query log writes them
    Generic, ///< any other image: one plain line per start, request or connection
};

/// imageName is the repository part of an image reference, lower case, without registry,
/// tag or digest: "docker.io/library/nginx:1.25@sha256:..." -> "nginx".
std::string imageName(const std::string &image);

/// logStyleFor picks the style from the image name (nginx; httpd, apache; redis, valkey,
/// keydb, dragonfly; mysql, mariadb, percona; else Generic).
LogStyle logStyleFor(const std::string &image);

/// startupLines is what the container prints when it starts, as the image's own
/// entrypoint and server print it (nginx 1.25's docker-entrypoint and notices, redis 7's
/// "Ready to accept connections tcp", mysqld 8's "ready for connections"), at time now.
/// ports are the container's TCP ports (the first one is the server's).
std::vector<std::string> startupLines(LogStyle style, const std::string &image,
                                      const std::vector<int> &ports, Clock::time_point now);

/// HttpAccess is one answered HTTP request, as an access log sees it.
struct HttpAccess
{
    std::string clientIp; ///< the address the Pod saw the request come from
    Clock::time_point time;
    std::string method;
    std::string target;
    unsigned version = 11; ///< 10 or 11
    int status = 200;
    std::size_t bodyBytes = 0;
    std::string referer; ///< empty: "-"
    std::string userAgent; ///< empty: "-"
    std::string forwardedFor; ///< X-Forwarded-For; empty: "-"
};

/// accessLine is the access-log line for style: nginx's `main` format (`combined` plus
/// "$http_x_forwarded_for", as the official image configures it)
///   127.244.1.2 - - [05/Dec/2026:06:45:02 +0000] "GET / HTTP/1.1" 200 615 "-" "curl/7.88.1" "-"
/// httpd's `common` format, or for other images "127.244.1.2 GET / -> 200 (615 bytes)".
std::string accessLine(LogStyle style, const HttpAccess &access);

/// redisMonitorLine is a command as `redis-cli MONITOR` prints it:
///   1733381102.123456 [0 127.244.1.2:51234] "SET" "key" "value"
std::string redisMonitorLine(Clock::time_point time, int db, const std::string &client,
                             const std::vector<std::string> &args);

/// mysqlGeneralLine is a general query log line (a tab after the time and the command):
///   2026-12-05T06:45:02.123456Z\t    8 Query\tSELECT 1
std::string mysqlGeneralLine(Clock::time_point time, std::uint32_t thread, std::string_view command,
                             std::string_view text);

/// connectionLine is the generic line for a connection to a port with no known protocol:
///   "connection from 127.244.1.2:40312 to port 9000"
std::string connectionLine(const std::string &client, int port);

} // namespace clusterlab::logs
