#pragma once

#include "model/pod.h"

#include <optional>
#include <string>
#include <vector>

namespace clusterlab::model {

/// Call is one downstream call a Pod makes for each request it serves.
struct Call
{
    std::string scheme; ///< http, redis, mysql or tcp.
    std::string host; ///< a Service name (or a DNS name the Resolver knows).
    int port = 0;
    std::string path; ///< for http; "/" when not given.

    bool operator==(const Call &) const = default;
};

/// kCallsAnnotation lists a Pod's calls as comma-separated URLs.
inline constexpr const char *kCallsAnnotation = "clusterlab.io/calls";

/// callUrl writes a call as a URL: "http://backend:80/", "redis://redis:6379".
std::string callUrl(const Call &call);

/// parseCall reads "scheme://host:port/path", "host:port" or "host"; a missing scheme is
/// inferred from the port or host (6379 or *redis* -> redis, 3306 or *mysql*/*mariadb* ->
/// mysql, else http), a missing port is the scheme's default. nullopt when it is no URL.
std::optional<Call> parseCall(const std::string &text, const std::string &nameHint = {});

/// callsOf lists a Pod's downstream calls: the clusterlab.io/calls annotation when present,
/// else the container env values that name a Service of the namespace (`backend`,
/// `backend:80`, `http://backend/api`, `REDIS_HOST=redis`, `BACKEND_SERVICE_HOST`,
/// `CACHE_ADDR=redis:6379`). Duplicates are dropped; the order is the order of appearance.
std::vector<Call> callsOf(const model::Pod &pod,
                          const std::vector<std::string> &servicesInNamespace);

} // namespace clusterlab::model
