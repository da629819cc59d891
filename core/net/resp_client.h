#pragma once

#include "net/io_util.h"
#include "net/resp.h"

#include <boost/system/result.hpp>

#include <string>
#include <vector>

namespace clusterlab::net {

/// redisCommands connects, sends the commands pipelined, and returns one reply per command
/// (Redis errors are replies of type '-'). Transport failures and the timeout are the error.
/// Thread: runs on the caller's executor.
asio::awaitable<boost::system::result<std::vector<RespValue>>>
redisCommands(tcp::endpoint target, std::vector<std::vector<std::string>> commands,
              ClientOptions options);

} // namespace clusterlab::net
