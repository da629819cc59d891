#pragma once

#include <string>

namespace clusterlab::net {

/// Workload is what a simulated container speaks on one of its ports.
enum class Workload {
    Http, ///< Pod name, IP and node, plus the downstream calls the request made.
    Redis, ///< A RESP2 subset that redis-cli works with; keys kept per Pod.
    MySql, ///< A MySQL protocol subset that the mariadb/mysql clients work with.
    Echo, ///< Sends every byte back.
    Sniff, ///< Picks Http, Redis or Echo from the client's first bytes.
};

/// PodIdentity is what a workload tells its clients about the Pod it runs in.
struct PodIdentity
{
    std::string name;
    std::string namespace_;
    std::string ip;
    std::string node;
};

/// Listener is one containerPort and the workload behind it.
struct Listener
{
    int port = 0;
    Workload workload = Workload::Sniff;
    std::string container; ///< the container whose log this port's sessions write to
};

/// workloadFor picks the workload for a container image and port: the image name first
/// (nginx, httpd, ... -> Http; redis -> Redis; mysql, mariadb -> MySql), then well-known
/// ports (80, 443, 3000, 8000, 8080 -> Http; 6379 -> Redis; 3306 -> MySql), else Sniff.
/// Port 443 is served as plain HTTP.
Workload workloadFor(const std::string &image, int port);

/// workloadName is the lower-case name of a workload ("http", "redis", ...).
const char *workloadName(Workload workload);

} // namespace clusterlab::net
