#include "net/mysql_query.h"

#include <algorithm>
#include <cctype>

namespace clusterlab::net::mysql {

namespace {

std::string lower(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
        return char(std::tolower(c));
    });
    return out;
}

std::string_view trim(std::string_view s)
{
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && (std::isspace(static_cast<unsigned char>(s.back())) || s.back() == ';'))
        s.remove_suffix(1);
    return s;
}

// Collapses runs of white space to one space (outside quotes), so matching is simple.
std::string normalize(std::string_view sql)
{
    std::string out;
    char quote = 0;
    for (const char c : trim(sql)) {
        if (quote) {
            quote = c == quote ? 0 : quote;
        } else if (c == '\'' || c == '"' || c == '`') {
            quote = c;
        } else if (std::isspace(static_cast<unsigned char>(c))) {
            if (!out.empty() && out.back() == ' ')
                continue;
            out += ' ';
            continue;
        }
        out += c;
    }
    return out;
}

// Splits a select list at top-level commas.
std::vector<std::string> splitList(std::string_view list)
{
    std::vector<std::string> items;
    std::string current;
    int depth = 0;
    char quote = 0;
    for (const char c : list) {
        if (quote)
            quote = c == quote ? 0 : quote;
        else if (c == '\'' || c == '"')
            quote = c;
        else if (c == '(')
            ++depth;
        else if (c == ')')
            --depth;
        if (c == ',' && depth == 0 && !quote) {
            items.emplace_back(trim(current));
            current.clear();
        } else {
            current += c;
        }
    }
    items.emplace_back(trim(current));
    return items;
}

QueryAnswer error(std::uint16_t code, std::string sqlState, std::string message)
{
    QueryAnswer a;
    a.kind = QueryAnswer::Kind::Error;
    a.code = code;
    a.sqlState = std::move(sqlState);
    a.message = std::move(message);
    return a;
}

QueryAnswer notSupported(std::string_view what)
{
    return error(1235, "42000",
                 "This version of MySQL doesn't yet support '" + std::string(what.substr(0, 64))
                         + "': ClusterLab's simulated MySQL answers only SELECT @@hostname, "
                           "SELECT 1, SELECT VERSION(), SELECT DATABASE(), SHOW DATABASES and USE");
}

// One select item: its value (nullopt: SQL NULL), whether numeric; false when unknown.
bool evaluate(const std::string &expr, const QueryContext &ctx, std::optional<std::string> &value,
              bool &numeric, QueryAnswer &failure)
{
    const std::string e = lower(expr);
    numeric = false;
    if (!e.empty() && std::all_of(e.begin(), e.end(), [](unsigned char c) {
            return std::isdigit(c);
        })) {
        value = e;
        numeric = true;
        return true;
    }
    if (e.size() >= 2 && (e.front() == '\'' || e.front() == '"') && e.back() == e.front()) {
        value = expr.substr(1, expr.size() - 2);
        return true;
    }
    if (e == "version()")
        value = kServerVersion;
    else if (e == "database()" || e == "schema()")
        value = ctx.database.empty() ? std::nullopt : std::optional(ctx.database);
    else if (e == "user()" || e == "current_user()" || e == "session_user()")
        value = ctx.user + "@" + ctx.clientHost;
    else if (e == "connection_id()")
        value = std::to_string(ctx.connectionId), numeric = true;
    else if (e.rfind("@@", 0) == 0) {
        std::string var = e.substr(2);
        for (const char *scope : { "global.", "session.", "local." })
            if (var.rfind(scope, 0) == 0)
                var = var.substr(std::string(scope).size());
        if (var == "hostname")
            value = ctx.identity.name;
        else if (var == "version")
            value = kServerVersion;
        else if (var == "version_comment")
            value = "ClusterLab simulated MySQL (Pod " + ctx.identity.name + ")";
        else if (var == "port")
            value = std::to_string(ctx.port), numeric = true;
        else if (var == "server_id" || var == "autocommit")
            value = "1", numeric = true;
        else if (var == "max_allowed_packet")
            value = "16777216", numeric = true;
        else if (var.rfind("character_set_", 0) == 0)
            value = "utf8mb4";
        else if (var.rfind("collation_", 0) == 0)
            value = "utf8mb4_general_ci";
        else if (var == "sql_mode")
            value = "";
        else {
            failure = error(1193, "HY000", "Unknown system variable '" + var + "'");
            return false;
        }
    } else {
        failure = notSupported("SELECT " + expr);
        return false;
    }
    return true;
}

QueryAnswer select(const std::string &original, const std::string &normalized,
                   const QueryContext &ctx)
{
    std::string list = original.substr(7); // after "select "
    // A trailing "LIMIT n" changes nothing for one-row answers.
    const std::string lowered = lower(list);
    if (const auto limit = lowered.rfind(" limit "); limit != std::string::npos)
        list = list.substr(0, limit);
    if (lower(list).find(" from ") != std::string::npos)
        return notSupported(normalized);
    QueryAnswer answer;
    answer.kind = QueryAnswer::Kind::Rows;
    answer.rows.rows.emplace_back();
    for (const auto &item : splitList(list)) {
        std::string expr = item, name = item;
        const std::string l = lower(item);
        if (const auto as = l.rfind(" as "); as != std::string::npos) {
            expr = std::string(trim(item.substr(0, as)));
            name = std::string(trim(item.substr(as + 4)));
            if (name.size() >= 2
                && (name.front() == '`' || name.front() == '\'' || name.front() == '"'))
                name = name.substr(1, name.size() - 2);
        }
        std::optional<std::string> value;
        bool numeric = false;
        QueryAnswer failure;
        if (!evaluate(expr, ctx, value, numeric, failure))
            return failure;
        answer.rows.columns.push_back({ name, numeric });
        answer.rows.rows.back().push_back(value);
    }
    return answer;
}

} // namespace

QueryAnswer answerInitDb(std::string_view database)
{
    const auto known = std::find(std::begin(kDatabases), std::end(kDatabases), database);
    if (known == std::end(kDatabases))
        return error(1049, "42000", "Unknown database '" + std::string(database) + "'");
    QueryAnswer ok;
    ok.useDatabase = std::string(database);
    return ok;
}

QueryAnswer answerQuery(std::string_view sql, const QueryContext &ctx)
{
    const std::string normalized = normalize(sql);
    const std::string l = lower(normalized);
    if (l.empty())
        return error(1065, "42000", "Query was empty");
    if (l.rfind("select ", 0) == 0)
        return select(normalized, normalized, ctx);
    if (l == "show databases" || l == "show schemas") {
        QueryAnswer answer;
        answer.kind = QueryAnswer::Kind::Rows;
        answer.rows.columns.push_back({ "Database", false });
        for (const char *db : kDatabases)
            answer.rows.rows.push_back({ std::string(db) });
        return answer;
    }
    if (l.rfind("use ", 0) == 0) {
        std::string db = normalized.substr(4);
        if (db.size() >= 2 && db.front() == '`' && db.back() == '`')
            db = db.substr(1, db.size() - 2);
        return answerInitDb(db);
    }
    if (l.rfind("set ", 0) == 0)
        return QueryAnswer{}; // SET NAMES, autocommit, ... accepted and ignored
    const auto space = l.find(' ');
    return notSupported(space == std::string::npos ? normalized : normalized.substr(0, space));
}

} // namespace clusterlab::net::mysql
