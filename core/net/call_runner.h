#pragma once

#include "net/call.h"
#include "net/pod_context.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <vector>

namespace clusterlab::net {

/// kHopsHeader carries how many Pods an HTTP request has passed; calls stop at kMaxHops.
inline constexpr const char *kHopsHeader = "X-ClusterLab-Hops";
inline constexpr int kMaxHops = 5;

/// CallContext is who is calling and how long a call may take.
struct CallContext
{
    PodIdentity caller;
    Resolver resolver;
    int hops = 0; ///< hops of the request being answered; calls send hops + 1
    std::chrono::milliseconds timeout{ 2000 };
};

/// callTimeout is the per-call timeout at a depth: 2 s at the first Pod, a little less at
/// each further hop, so an inner timeout is reported before the outer one fires.
std::chrono::milliseconds callTimeout(int hops);

/// performCall makes one call through the Resolver's endpoint from a socket bound to the
/// caller's Pod IP and describes it as {url, via, status, answer}: status is "ok", an HTTP
/// status ("HTTP 503 Service Unavailable") or what failed ("connection refused"); answer
/// is the downstream Pod's own JSON answer (HTTP), or {pod, ip, node, command, reply}
/// (redis, mysql, tcp). Never throws for network failures; bounded by context.timeout.
/// Thread: runs on the caller's executor.
asio::awaitable<boost::json::object> performCall(Call call, CallContext context);

/// performCalls makes all calls at once and returns their descriptions in call order.
asio::awaitable<boost::json::array> performCalls(std::vector<Call> calls, CallContext context);

} // namespace clusterlab::net
