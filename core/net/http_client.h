#pragma once

#include "net/io_util.h"

#include <boost/system/result.hpp>

#include <string>
#include <utility>
#include <vector>

namespace clusterlab::net {

/// HttpReply is the part of an HTTP response a caller looks at.
struct HttpReply
{
    unsigned status = 0;
    std::string reason;
    std::string contentType;
    std::string pod; ///< the X-ClusterLab-Pod header, when the server is a ClusterLab Pod
    std::string body;
};

/// httpGet sends one GET (HTTP/1.1, Connection: close) with the given Host and extra
/// headers and reads the response (body up to 1 MiB). Transport failures, including the
/// timeout, are the error; any HTTP status is a reply.
/// Thread: runs on the caller's executor.
asio::awaitable<boost::system::result<HttpReply>>
httpGet(tcp::endpoint target, std::string host, std::string path,
        std::vector<std::pair<std::string, std::string>> headers, ClientOptions options);

} // namespace clusterlab::net
