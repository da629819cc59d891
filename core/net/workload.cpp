#include "net/workload.h"

#include "logs/image_logs.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace clusterlab::net {

namespace {

template <std::size_t N>
bool containsAny(std::string_view name, const std::array<std::string_view, N> &words)
{
    return std::any_of(words.begin(), words.end(), [&](std::string_view w) {
        return name.find(w) != std::string_view::npos;
    });
}

constexpr std::array<std::string_view, 4> kRedisImages{ "redis", "valkey", "keydb", "dragonfly" };
constexpr std::array<std::string_view, 3> kMySqlImages{ "mysql", "mariadb", "percona" };
constexpr std::array<std::string_view, 15> kHttpImages{ "nginx",   "httpd",   "apache",  "caddy",
                                                        "traefik", "php",     "node",    "python",
                                                        "agnhost", "http",    "hello",   "envoy",
                                                        "whoami",  "podinfo", "bootcamp" };

} // namespace

Workload workloadFor(const std::string &image, int port)
{
    const std::string name = logs::imageName(image);
    if (containsAny(name, kRedisImages))
        return Workload::Redis;
    if (containsAny(name, kMySqlImages))
        return Workload::MySql;
    if (containsAny(name, kHttpImages))
        return Workload::Http;
    switch (port) {
    case 80:
    case 443:
    case 3000:
    case 8000:
    case 8080:
        return Workload::Http;
    case 6379:
        return Workload::Redis;
    case 3306:
        return Workload::MySql;
    default:
        return Workload::Sniff;
    }
}

const char *workloadName(Workload workload)
{
    switch (workload) {
    case Workload::Http:
        return "http";
    case Workload::Redis:
        return "redis";
    case Workload::MySql:
        return "mysql";
    case Workload::Echo:
        return "echo";
    case Workload::Sniff:
        return "sniff";
    }
    return "sniff";
}

} // namespace clusterlab::net
