#pragma once

// The program of the Kubernetes basics tutorial's image (gcr.io/google-samples/
// kubernetes-bootcamp:v1, docker.io/jocatalin/kubernetes-bootcamp:v2): a Node.js server.js
// on port 8080 that answers every request with one line and logs one line per request.

#include "logs/container_log.h"

#include <cstdint>
#include <string>

namespace clusterlab::net {

/// bootcampAnswer is what server.js answers any request with (text/plain):
///   "Hello Kubernetes bootcamp! | Running on: <hostname> | v=1\n"
std::string bootcampAnswer(const std::string &hostname, int version);

/// bootcampStartLines is what server.js prints when it starts listening, as Node's
/// console.log writes it (a Date as its ISO form, arguments joined by spaces; the trailing
/// "\n" argument leaves an empty line):
///   "Kubernetes Bootcamp App Started At: 2026-12-05T10:19:32.123Z | Running On:  <host> \n\n"
std::string bootcampStartLines(const std::string &hostname, logs::Clock::time_point started);

/// bootcampRequestLine is server.js's line for its request number `requests`:
///   "Running On: <host> | Total Requests: 3 | App Uptime: 12.345 seconds | Log Time: <ISO>"
std::string bootcampRequestLine(const std::string &hostname, std::uint64_t requests,
                                logs::Clock::time_point started, logs::Clock::time_point now);

} // namespace clusterlab::net
