#pragma once

#include "shell/shell.h"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace clusterlab::shell {

/// FetchRequest is one HTTP request a Pod makes (curl, wget).
struct FetchRequest
{
    std::string url; ///< http://host[:port]/path; "host/path" means http
    std::string method = "GET";
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    std::string userAgent = "curl/8.5.0";
    std::chrono::milliseconds timeout{ 10000 };
    bool verbose = false; ///< curl -v: the exchange on stderr
};

/// FetchResult is the response, or curl's error number and message.
struct FetchResult
{
    int curlCode = 0; ///< 0, or 6 (resolve), 7 (connect), 28 (timeout), 1, 3, 56
    std::string error; ///< curl's words: "Could not resolve host: foo"
    unsigned status = 0;
    std::string statusLine; ///< "HTTP/1.1 200 OK"
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
};

/// fetch resolves the host through the Pod's DNS, connects from the Pod's IP (so the
/// Service forwarder, session affinity and the canvas see the Pod as the client) and makes
/// one HTTP/1.1 request. verbose lines go to err as curl -v writes them.
/// Thread: the shell's executor.
boost::asio::awaitable<FetchResult> fetch(const PodInfo &pod, FetchRequest request,
                                          const Output &err);

} // namespace clusterlab::shell
