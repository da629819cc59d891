#pragma once

#include "net/workload.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <string>

namespace clusterlab::net {

/// RequestFacts are what an HTTP answer reports about the request it answers.
struct RequestFacts
{
    std::string method;
    std::string path;
    std::string client; ///< the peer address, "127.244.1.5:40312"
    int hops = 0;
    bool hopLimitReached = false;
};

/// describeRequest is the JSON answer of an HTTP workload: {pod, ip, node, namespace,
/// method, path, client, hops, calls}, calls as performCalls() describes them.
boost::json::object describeRequest(const PodIdentity &pod, const RequestFacts &request,
                                    boost::json::array calls);

/// renderText writes an answer as plain text for curl, one line for the Pod and one
/// indented line per call, nesting each downstream Pod's own calls:
///   frontend-x (127.244.1.5 on node-1): GET /
///     -> http://backend:80/ via 127.96.0.20:80 -> backend-y (127.244.2.3 on node-2): GET /
///     -> redis://redis:6379 via 127.96.0.30:6379: connection refused
std::string renderText(const boost::json::object &answer);

} // namespace clusterlab::net
