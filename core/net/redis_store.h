#pragma once

#include "net/workload.h"

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace clusterlab::net {

/// RedisConnectionState is what one client connection carries between commands.
struct RedisConnectionState
{
    int port = 6379; ///< the listener's port, for INFO.
    std::int64_t id = 0; ///< CLIENT ID.
    std::string clientName;
    bool quit = false; ///< set by QUIT: close after the reply.
};

/// RedisStore is one Pod's Redis keyspace and the commands that act on it: a RESP2 subset
/// that redis-cli 7 works with. Keys live as long as the store, across connections.
/// Thread: any; execute() is serialised by a mutex.
class RedisStore
{
public:
    explicit RedisStore(PodIdentity identity);

    /// execute runs one command and returns its encoded RESP2 reply; an unknown command
    /// gets Redis' own "ERR unknown command" error.
    std::string execute(const std::vector<std::string> &args, RedisConnectionState &connection);

private:
    using Clock = std::chrono::steady_clock;
    struct Entry
    {
        std::string value;
        std::optional<Clock::time_point> expiresAt;
    };

    std::optional<std::string> connectionCommand(const std::string &cmd,
                                                 const std::vector<std::string> &args,
                                                 RedisConnectionState &c) const;
    std::string keyspaceCommand(const std::string &cmd, const std::vector<std::string> &args);
    std::string set(const std::vector<std::string> &args);
    std::string incrBy(const std::string &key, std::int64_t delta);
    std::string keys(const std::string &pattern);
    std::string info(const std::vector<std::string> &args, const RedisConnectionState &c) const;
    std::string client(const std::vector<std::string> &args, RedisConnectionState &c) const;
    std::string hello(const std::vector<std::string> &args, const RedisConnectionState &c) const;
    Entry *find(const std::string &key);
    void purgeExpired();

    const PodIdentity m_identity;
    const Clock::time_point m_started = Clock::now();
    std::mutex m_mutex; ///< guards m_keys.
    std::map<std::string, Entry> m_keys;
};

/// globMatch matches Redis KEYS patterns: `*`, `?`, `[abc]`, `[a-z]`, `[^a]` and `\x`.
bool globMatch(std::string_view pattern, std::string_view text);

} // namespace clusterlab::net
