#pragma once

#include "api/exec.h"
#include "api/routes.h"

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <atomic>

namespace clusterlab::api {

/// serveExec accepts the WebSocket upgrade of a checked pods/exec request on stream and runs
/// the remote command protocol (v5.channel.k8s.io, or v4 without the CLOSE signal): each
/// binary message starts with its channel, 0 stdin, 1 stdout, 2 stderr, 3 the error channel
/// (a meta/v1 Status: Success, or Failure with reason NonZeroExitCode and an ExitCode cause),
/// 4 resize ({"Width":..,"Height":..}), 255 CLOSE with the id of the stream closed. start
/// runs the command; its output goes out as it comes, then the Status, then a normal close.
/// For attach (spec.attach), the output is the container's log from now on (startAttach).
/// The client going away, or stopping, terminates the command.
/// Thread: the session's strand.
boost::asio::awaitable<void> serveExec(boost::beast::tcp_stream &stream, const Request &request,
                                       ExecSpec spec, const ExecStarter &start);

/// exitStatusJson is the Status sent on the error channel for an exit code (0: Success) or,
/// failure not empty, for a command that could not run.
std::string exitStatusJson(const ExecSpec &spec, int code, const std::string &failure);

} // namespace clusterlab::api
