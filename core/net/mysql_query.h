#pragma once

#include "net/mysql_packet.h"
#include "net/workload.h"

#include <string>
#include <string_view>

namespace clusterlab::net::mysql {

/// kServerVersion is what VERSION() and the handshake report.
inline constexpr const char *kServerVersion = "8.0.36-clusterlab";

/// QueryContext is what a query can see of its connection.
struct QueryContext
{
    PodIdentity identity;
    int port = 3306;
    std::uint32_t connectionId = 0;
    std::string user;
    std::string clientHost; ///< the client's address, for USER()
    std::string database; ///< empty: none selected
};

/// QueryAnswer is a resultset, a plain OK, or an error (with MySQL's code and SQLSTATE).
struct QueryAnswer
{
    enum class Kind { Rows, Ok, Error };
    Kind kind = Kind::Ok;
    ResultSet rows;
    std::uint16_t code = 0;
    std::string sqlState;
    std::string message;
    std::string useDatabase; ///< set by USE: the database to switch to
};

/// kDatabases are the databases SHOW DATABASES lists and USE accepts.
inline constexpr const char *kDatabases[] = { "information_schema", "mysql", "app" };

/// answerQuery answers the SQL subset ClusterLab's MySQL speaks: SELECT of literals,
/// system variables (@@hostname, @@version, @@version_comment, @@port, ...) and VERSION(),
/// DATABASE(), USER(), CONNECTION_ID(); SHOW DATABASES; USE; SET (ignored). Anything else
/// is error 1235 naming what is supported. Pure: no I/O.
QueryAnswer answerQuery(std::string_view sql, const QueryContext &context);

/// answerInitDb answers COM_INIT_DB (what `USE db` becomes): OK, or error 1049.
QueryAnswer answerInitDb(std::string_view database);

} // namespace clusterlab::net::mysql
