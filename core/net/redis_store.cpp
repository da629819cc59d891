#include "net/redis_store.h"

#include "net/resp.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace clusterlab::net {

namespace {

std::string upper(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) {
        return char(std::toupper(c));
    });
    return s;
}

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) {
        return char(std::tolower(c));
    });
    return s;
}

std::optional<std::int64_t> toInteger(const std::string &s)
{
    std::int64_t v = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || ptr != s.data() + s.size())
        return std::nullopt;
    return v;
}

std::string wrongArity(const std::string &command)
{
    return respError("ERR wrong number of arguments for '" + lower(command) + "' command");
}

// Redis 7: "ERR unknown command 'foo', with args beginning with: 'a' 'b' ".
std::string unknownCommand(const std::vector<std::string> &args)
{
    std::string list;
    for (std::size_t i = 1; i < args.size() && list.size() < 128; ++i)
        list.append(joined({ "'", std::string_view(args[i]).substr(0, 128 - list.size()), "' " }));
    return respError(joined({ "ERR unknown command '", std::string_view(args[0]).substr(0, 128),
                              "', with args beginning with: ", list }));
}

struct Arity
{
    const char *name;
    int min; ///< counting the command itself
    int max; ///< -1: no limit
};

constexpr Arity kArity[] = {
    { "PING", 1, 2 },     { "ECHO", 2, 2 },    { "SET", 3, -1 },   { "GET", 2, 2 },
    { "DEL", 2, -1 },     { "INCR", 2, 2 },    { "DECR", 2, 2 },   { "INCRBY", 3, 3 },
    { "EXISTS", 2, -1 },  { "KEYS", 2, 2 },    { "DBSIZE", 1, 1 }, { "FLUSHALL", 1, 2 },
    { "FLUSHDB", 1, 2 },  { "SELECT", 2, 2 },  { "INFO", 1, -1 },  { "QUIT", 1, -1 },
    { "COMMAND", 1, -1 }, { "CLIENT", 2, -1 }, { "HELLO", 1, -1 }, { "AUTH", 2, 3 },
};

/// matchOne matches the pattern token at the front of p (not '*') against c; len is the
/// token's length.
bool matchOne(std::string_view p, char c, std::size_t &len)
{
    switch (p[0]) {
    case '?':
        len = 1;
        return true;
    case '[': {
        std::size_t i = 1;
        const bool negate = i < p.size() && p[i] == '^';
        i += negate;
        bool matched = false;
        for (; i < p.size() && p[i] != ']'; ++i) {
            if (p[i] == '\\' && i + 1 < p.size()) {
                matched |= p[++i] == c;
            } else if (i + 2 < p.size() && p[i + 1] == '-' && p[i + 2] != ']') {
                matched |= p[i] <= c && c <= p[i + 2];
                i += 2;
            } else {
                matched |= p[i] == c;
            }
        }
        len = std::min(i, p.size() - 1) + 1;
        return matched != negate;
    }
    case '\\':
        if (p.size() > 1) {
            len = 2;
            return p[1] == c;
        }
        [[fallthrough]];
    default:
        len = 1;
        return p[0] == c;
    }
}

} // namespace

bool globMatch(std::string_view p, std::string_view t)
{
    // Only the last '*' is ever backtracked to (what an earlier one could take, a later one
    // can too), so this is O(|p| * |t|); trying every split at every '*' was exponential, and
    // a 133-byte KEYS pattern stalled the Pod (as Redis' own CVE-2022-36021).
    constexpr auto npos = std::string_view::npos;
    std::size_t pi = 0, ti = 0, star = npos, starTi = 0;
    while (ti < t.size()) {
        std::size_t len = 0;
        if (pi < p.size() && p[pi] == '*') {
            star = ++pi;
            starTi = ti;
        } else if (pi < p.size() && matchOne(p.substr(pi), t[ti], len)) {
            pi += len;
            ++ti;
        } else if (star != npos) {
            pi = star;
            ti = ++starTi;
        } else {
            return false;
        }
    }
    while (pi < p.size() && p[pi] == '*')
        ++pi;
    return pi == p.size();
}

RedisStore::RedisStore(PodIdentity identity) : m_identity(std::move(identity)) { }

std::string RedisStore::execute(const std::vector<std::string> &args, RedisConnectionState &c)
{
    if (args.empty())
        return {};
    const std::string cmd = upper(args[0]);
    const auto arity = std::find_if(std::begin(kArity), std::end(kArity), [&](const Arity &a) {
        return cmd == a.name;
    });
    if (arity == std::end(kArity))
        return unknownCommand(args);
    const int argc = int(args.size());
    if (argc < arity->min || (arity->max >= 0 && argc > arity->max))
        return wrongArity(cmd);
    if (auto reply = connectionCommand(cmd, args, c))
        return *reply;
    std::lock_guard lock(m_mutex);
    return keyspaceCommand(cmd, args);
}

// Commands that do not touch the keyspace.
std::optional<std::string> RedisStore::connectionCommand(const std::string &cmd,
                                                         const std::vector<std::string> &args,
                                                         RedisConnectionState &c) const
{
    const std::size_t argc = args.size();
    if (cmd == "PING")
        return argc == 1 ? respSimple("PONG") : respBulk(args[1]);
    if (cmd == "ECHO")
        return respBulk(args[1]);
    if (cmd == "QUIT") {
        c.quit = true;
        return respSimple("OK");
    }
    if (cmd == "SELECT")
        return args[1] == "0" ? respSimple("OK") : respError("ERR DB index is out of range");
    if (cmd == "INFO")
        return info(args, c);
    if (cmd == "COMMAND")
        return argc > 1 && upper(args[1]) == "COUNT" ? respInteger(0) : respArray({});
    if (cmd == "CLIENT")
        return client(args, c);
    if (cmd == "HELLO")
        return hello(args, c);
    if (cmd == "AUTH")
        return respError("ERR AUTH <password> called without any password configured for the "
                         "default user. Are you sure your configuration is correct?");
    return std::nullopt;
}

std::string RedisStore::keyspaceCommand(const std::string &cmd,
                                        const std::vector<std::string> &args)
{
    if (cmd == "SET")
        return set(args);
    if (cmd == "GET") {
        const Entry *e = find(args[1]);
        return e ? respBulk(e->value) : respNullBulk();
    }
    if (cmd == "DEL" || cmd == "EXISTS") {
        std::int64_t n = 0;
        for (std::size_t i = 1; i < args.size(); ++i) {
            if (find(args[i])) {
                ++n;
                if (cmd == "DEL")
                    m_keys.erase(args[i]);
            }
        }
        return respInteger(n);
    }
    if (cmd == "INCR" || cmd == "DECR")
        return incrBy(args[1], cmd == "INCR" ? 1 : -1);
    if (cmd == "INCRBY") {
        const auto delta = toInteger(args[2]);
        return delta ? incrBy(args[1], *delta)
                     : respError("ERR value is not an integer or out of range");
    }
    if (cmd == "KEYS")
        return keys(args[1]);
    if (cmd == "DBSIZE") {
        purgeExpired();
        return respInteger(std::int64_t(m_keys.size()));
    }
    m_keys.clear(); // FLUSHALL, FLUSHDB
    return respSimple("OK");
}

RedisStore::Entry *RedisStore::find(const std::string &key)
{
    const auto it = m_keys.find(key);
    if (it == m_keys.end())
        return nullptr;
    if (it->second.expiresAt && *it->second.expiresAt <= Clock::now()) {
        m_keys.erase(it);
        return nullptr;
    }
    return &it->second;
}

void RedisStore::purgeExpired()
{
    const auto now = Clock::now();
    std::erase_if(m_keys, [&](const auto &kv) {
        return kv.second.expiresAt && *kv.second.expiresAt <= now;
    });
}

// SET key value [NX|XX] [EX seconds|PX milliseconds|KEEPTTL] [GET]
std::string RedisStore::set(const std::vector<std::string> &args)
{
    bool nx = false, xx = false, get = false, keepTtl = false;
    std::optional<Clock::time_point> expiresAt;
    for (std::size_t i = 3; i < args.size(); ++i) {
        const std::string opt = upper(args[i]);
        if (opt == "NX" || opt == "XX" || opt == "GET" || opt == "KEEPTTL") {
            (opt == "NX" ? nx : opt == "XX" ? xx : opt == "GET" ? get : keepTtl) = true;
        } else if ((opt == "EX" || opt == "PX") && i + 1 < args.size()) {
            const auto n = toInteger(args[++i]);
            const std::int64_t scale = opt == "EX" ? 1000 : 1;
            // As Redis, refuse a time the clock cannot reach (here: a steady_clock in ns).
            const auto now = Clock::now();
            const auto room = std::chrono::duration_cast<std::chrono::milliseconds>(
                    Clock::time_point::max() - now);
            if (!n || *n <= 0 || *n > room.count() / scale)
                return respError("ERR invalid expire time in 'set' command");
            expiresAt = now + std::chrono::milliseconds(*n * scale);
        } else {
            return respError("ERR syntax error");
        }
    }
    if (nx && xx)
        return respError("ERR syntax error");
    Entry *existing = find(args[1]);
    const std::string old = existing ? respBulk(existing->value) : respNullBulk();
    if ((nx && existing) || (xx && !existing))
        return get ? old : respNullBulk();
    if (keepTtl && existing)
        expiresAt = existing->expiresAt;
    m_keys[args[1]] = Entry{ args[2], expiresAt };
    return get ? old : respSimple("OK");
}

std::string RedisStore::incrBy(const std::string &key, std::int64_t delta)
{
    Entry *e = find(key);
    const auto current = e ? toInteger(e->value) : std::optional<std::int64_t>(0);
    std::int64_t next = 0;
    if (!current || __builtin_add_overflow(*current, delta, &next))
        return respError("ERR value is not an integer or out of range");
    if (e)
        e->value = std::to_string(next);
    else
        m_keys[key] = Entry{ std::to_string(next), std::nullopt };
    return respInteger(next);
}

std::string RedisStore::keys(const std::string &pattern)
{
    purgeExpired();
    std::vector<std::string> found;
    for (const auto &[key, entry] : m_keys)
        if (globMatch(pattern, key))
            found.push_back(key);
    return respArray(found);
}

std::string RedisStore::info(const std::vector<std::string> &args,
                             const RedisConnectionState &c) const
{
    const auto uptime = std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - m_started);
    const std::string section = args.size() > 1 ? lower(args[1]) : "default";
    std::string text;
    if (section == "server" || section == "default" || section == "all"
        || section == "everything") {
        text = "# Server\r\nredis_version:7.0.0\r\nredis_mode:standalone\r\n"
               "os:ClusterLab simulated Redis\r\narch_bits:64\r\ntcp_port:"
                + std::to_string(c.port) + "\r\nuptime_in_seconds:" + std::to_string(uptime.count())
                + "\r\nclusterlab_pod:" + m_identity.name + "\r\nclusterlab_namespace:"
                + m_identity.namespace_ + "\r\nclusterlab_pod_ip:" + m_identity.ip
                + "\r\nclusterlab_node:" + m_identity.node + "\r\n";
    }
    if (section == "replication" || section == "default" || section == "all"
        || section == "everything")
        text += std::string(text.empty() ? "" : "\r\n") + "# Replication\r\nrole:master\r\n"
                + "connected_slaves:0\r\n";
    return respBulk(text);
}

std::string RedisStore::client(const std::vector<std::string> &args, RedisConnectionState &c) const
{
    const std::string sub = upper(args[1]);
    if (sub == "ID")
        return respInteger(c.id);
    if (sub == "GETNAME")
        return c.clientName.empty() ? respNullBulk() : respBulk(c.clientName);
    if (sub == "SETNAME" && args.size() == 3)
        c.clientName = args[2];
    return respSimple("OK"); // SETNAME, SETINFO, REPLY, NO-EVICT, ... have no effect here
}

// HELLO [protover ...]: RESP2 only, as a map written as a flat array.
std::string RedisStore::hello(const std::vector<std::string> &args,
                              const RedisConnectionState &c) const
{
    if (args.size() > 1 && args[1] != "2")
        return respError("NOPROTO sorry, this protocol version is not supported");
    return "*14\r\n" + respBulk("server") + respBulk("redis") + respBulk("version")
            + respBulk("7.0.0") + respBulk("proto") + respInteger(2) + respBulk("id")
            + respInteger(c.id) + respBulk("mode") + respBulk("standalone") + respBulk("role")
            + respBulk("master") + respBulk("modules") + "*0\r\n";
}

} // namespace clusterlab::net
