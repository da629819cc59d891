#include "net/endpoint_picker.h"

#include <algorithm>
#include <arpa/inet.h>
#include <limits>
#include <set>

namespace clusterlab::net::detail {

namespace {

std::uint64_t splitMix64(std::uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

bool contains(const std::vector<std::string> &keys, const std::string &key)
{
    return std::find(keys.begin(), keys.end(), key) != keys.end();
}

} // namespace

EndpointPicker::EndpointPicker(std::uint64_t seed, AffinityClock clock)
    : m_seed(seed), m_clock(clock), m_table(std::make_shared<const EndpointTable>())
{
}

std::uint64_t EndpointPicker::nextRandom()
{
    // A counter-based generator: lock-free, and the same seed gives the same sequence.
    return splitMix64(m_seed ^ splitMix64(m_randomCounter.fetch_add(1, std::memory_order_relaxed)));
}

void EndpointPicker::setEndpoints(const std::vector<ServiceEndpoint> &endpoints)
{
    std::set<std::string> wanted;
    std::vector<Endpoint> ready;
    for (const auto &e : endpoints) {
        std::string key = e.ip + ":" + std::to_string(e.port);
        if (!e.ready || !wanted.insert(key).second)
            continue;
        in_addr address{};
        ::inet_pton(AF_INET, e.ip.c_str(), &address);
        ready.push_back({ e.ip, e.port, e.podName, std::move(key), nullptr, address.s_addr });
    }
    const auto current = m_table.load();
    std::set<std::string> existing;
    for (const auto &e : current->ready)
        existing.insert(e.key);
    if (existing == wanted) {
        bool samePods = true;
        for (const auto &e : ready)
            for (const auto &c : current->ready)
                if (c.key == e.key && c.podName != e.podName)
                    samePods = false;
        if (samePods)
            return;
    }
    std::erase_if(m_stats, [&](const auto &kv) {
        return !wanted.contains(kv.first);
    });
    for (auto &e : ready) {
        auto &stats = m_stats[e.key];
        if (!stats)
            stats = std::make_shared<EndpointStats>();
        e.stats = stats;
    }
    // Shuffle like ShuffleStrings in roundrobin.go, so rotation order is not creation order.
    for (std::size_t i = ready.size(); i > 1; --i)
        std::swap(ready[i - 1], ready[nextRandom() % i]);
    auto table = std::make_shared<EndpointTable>();
    table->ready = std::move(ready);
    m_table.store(table);
    dropStaleAffinity(*table);
}

void EndpointPicker::dropStaleAffinity(const EndpointTable &table)
{
    std::lock_guard lock(m_affinityMutex);
    std::erase_if(m_affinityMap, [&](const auto &kv) {
        return std::none_of(table.ready.begin(), table.ready.end(), [&](const Endpoint &e) {
            return e.key == kv.second.endpointKey;
        });
    });
}

void EndpointPicker::setAffinity(bool clientIP, int timeoutSeconds)
{
    m_affinitySeconds.store(timeoutSeconds > 0 ? timeoutSeconds : 10800);
    if (m_affinity.exchange(clientIP) && !clientIP) {
        std::lock_guard lock(m_affinityMutex);
        m_affinityMap.clear();
    }
}

bool EndpointPicker::hasReady() const
{
    return !m_table.load()->ready.empty();
}

std::optional<Endpoint> EndpointPicker::pickByMode(BalanceMode mode, const EndpointTable &table,
                                                   const std::vector<std::string> &tried,
                                                   std::uint32_t onlyNode)
{
    const auto &ready = table.ready;
    const std::size_t n = ready.size();
    if (n == 0)
        return std::nullopt;
    const auto eligible = [&](const Endpoint &e) {
        return (onlyNode == 0 || (ntohl(e.address) & 0xffffff00u) == onlyNode)
                && !contains(tried, e.key);
    };
    switch (mode) {
    case BalanceMode::Random: {
        // Uniform over the endpoints still eligible; with none excluded, index r itself.
        std::size_t count = 0;
        for (const auto &e : ready)
            count += eligible(e) ? 1 : 0;
        if (count == 0)
            return std::nullopt;
        std::size_t r = nextRandom() % (count == n ? n : count);
        for (const auto &e : ready)
            if (eligible(e) && r-- == 0)
                return e;
        return std::nullopt;
    }
    case BalanceMode::RoundRobin:
        break;
    case BalanceMode::LeastConnections: {
        // Ties are broken by rotation so equal endpoints share the load.
        const std::size_t offset = table.next.fetch_add(1, std::memory_order_relaxed);
        std::optional<std::size_t> best;
        int bestActive = std::numeric_limits<int>::max();
        for (std::size_t i = 0; i < n; ++i) {
            const auto &e = ready[(offset + i) % n];
            const int active = e.stats->active.load(std::memory_order_relaxed);
            if (eligible(e) && active < bestActive) {
                best = (offset + i) % n;
                bestActive = active;
            }
        }
        return best ? std::optional(ready[*best]) : std::nullopt;
    }
    }
    // Round robin, and "next endpoint" after failures: walk on from the one in turn.
    const std::size_t start = table.next.fetch_add(1, std::memory_order_relaxed) % n;
    for (std::size_t i = 0; i < n; ++i) {
        const auto &e = ready[(start + i) % n];
        if (eligible(e))
            return e;
    }
    return std::nullopt;
}

std::optional<Endpoint> EndpointPicker::pick(BalanceMode mode, const std::string &clientIP,
                                             const std::vector<std::string> &tried,
                                             bool ignoreAffinity, std::uint32_t onlyNode)
{
    const auto table = m_table.load();
    const bool affinity = m_affinity.load(std::memory_order_relaxed);
    // Without affinity no time is read: the common pick costs what it did before the clock.
    const auto now = affinity ? m_clock() : std::chrono::steady_clock::time_point();
    if (affinity && !ignoreAffinity) {
        const auto ttl = std::chrono::seconds(m_affinitySeconds.load(std::memory_order_relaxed));
        std::lock_guard lock(m_affinityMutex);
        if (auto it = m_affinityMap.find(clientIP); it != m_affinityMap.end()) {
            // roundrobin.go: int(time.Since(lastUsed).Seconds()) < ttlSeconds, sliding window.
            if (now - it->second.lastUsed < ttl && !contains(tried, it->second.endpointKey)) {
                for (const auto &e : table->ready)
                    if (e.key == it->second.endpointKey
                        && (onlyNode == 0 || (ntohl(e.address) & 0xffffff00u) == onlyNode)) {
                        it->second.lastUsed = now;
                        return e;
                    }
            }
            m_affinityMap.erase(it);
        }
    }
    auto chosen = pickByMode(mode, *table, tried, onlyNode);
    if (chosen && affinity) {
        std::lock_guard lock(m_affinityMutex);
        m_affinityMap[clientIP] = { chosen->key, now };
        if (++m_picksSinceCleanup >= 1024) {
            // CleanupStaleStickySessions, amortised over picks.
            m_picksSinceCleanup = 0;
            const auto ttl = std::chrono::seconds(m_affinitySeconds.load());
            std::erase_if(m_affinityMap, [&](const auto &kv) {
                return now - kv.second.lastUsed >= ttl;
            });
        }
    }
    return chosen;
}

} // namespace clusterlab::net::detail
