#pragma once

#include "net/io_util.h"

#include <boost/system/result.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace clusterlab::net {

/// MySqlReply is what one query returned: rows, or the server's error.
struct MySqlReply
{
    std::string serverVersion; ///< from the greeting
    std::vector<std::string> columns;
    std::vector<std::vector<std::optional<std::string>>> rows;
    std::uint16_t errorCode = 0; ///< non-zero: the server answered with an ERR packet
    std::string errorMessage;
};

/// mysqlQuery logs in (mysql_native_password, no password, no TLS), runs one text query
/// and quits. A server ERR is a reply with errorCode set; transport failures, protocol
/// surprises and the timeout are the error.
/// Thread: runs on the caller's executor.
asio::awaitable<boost::system::result<MySqlReply>> mysqlQuery(tcp::endpoint target,
                                                              std::string query,
                                                              ClientOptions options,
                                                              std::string user = "clusterlab");

} // namespace clusterlab::net
