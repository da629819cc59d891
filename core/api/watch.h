#pragma once

#include "api/discovery.h"
#include "api/selectors.h"
#include "api/status.h"
#include "api/table.h"
#include "cluster/store.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace clusterlab::api {

/// WatchSpec is what a watch request asks for.
struct WatchSpec
{
    const ApiResource *resource = nullptr;
    std::string namespace_; ///< empty: every namespace
    Selectors selectors;
    std::optional<std::uint64_t> resourceVersion; ///< none ("" or "0"): current state first
    bool bookmarks = false;
    std::optional<std::chrono::seconds> timeout; ///< none: until the client or server stops
    bool table = false; ///< events carry one-row Tables
    TableOptions tableOptions;
};

/// WatchItem is one event of a watch stream.
struct WatchItem
{
    enum class Type { Added, Modified, Deleted, Bookmark };
    Type type = Type::Added;
    model::ObjectPtr object; ///< null for bookmarks
    std::uint64_t resourceVersion = 0;
};

/// encodeWatchEvent renders one event as the single JSON line a watch sends.
std::string encodeWatchEvent(const WatchItem &item, const WatchSpec &spec);
/// encodeWatchError renders the ERROR event that ends a watch (e.g. 410 Expired).
std::string encodeWatchError(const StatusError &error);

/// WatchStream is the mailbox between the engine strand, which pushes, and one watch
/// session, which takes. The waker is called after each push, outside the lock.
/// Thread: push on the engine strand; take and setWaker from the session.
class WatchStream
{
public:
    /// limit bounds what may wait; a client too slow for it is cut off (overflowed()).
    explicit WatchStream(std::size_t limit = 200000) : m_limit(limit) { }

    void push(WatchItem item);
    std::vector<WatchItem> take();
    void setWaker(std::function<void()> waker);
    bool overflowed() const;

private:
    std::size_t m_limit;
    mutable std::mutex m_mutex; ///< guards m_items, m_waker and m_overflowed
    std::vector<WatchItem> m_items;
    std::function<void()> m_waker;
    bool m_overflowed = false;
};

/// WatchHub is the API server's watch cache: it keeps the last `capacity` store writes with
/// their resourceVersions, so a watch that starts from a list's resourceVersion misses
/// nothing, and fans each write out to the matching watch streams (ADDED, MODIFIED, DELETED
/// as the object enters, changes in or leaves the selection).
/// Thread: engine strand only, except latest().
class WatchHub
{
public:
    explicit WatchHub(std::size_t capacity = 10000) : m_capacity(capacity) { }

    /// start marks where history begins (the store's resourceVersion when attached).
    void start(std::uint64_t resourceVersion);
    /// record takes one store write, made at resourceVersion.
    void record(const cluster::WatchEvent &event, std::uint64_t resourceVersion);
    /// subscribe queues what the watch must see first (the current objects, or the history
    /// after its resourceVersion) and registers it; a resourceVersion older than the history
    /// gives 410 Expired.
    std::variant<std::uint64_t, StatusError> subscribe(const cluster::Store &store, WatchSpec spec,
                                                       std::shared_ptr<WatchStream> stream);
    void unsubscribe(std::uint64_t id);
    std::uint64_t latest() const { return m_latest.load(); }
    std::size_t watchers() const { return m_subscribers.size(); }

private:
    struct Entry
    {
        std::uint64_t resourceVersion;
        cluster::WatchEvent event;
    };
    struct Subscriber
    {
        WatchSpec spec;
        std::shared_ptr<WatchStream> stream;
    };

    static std::optional<WatchItem> itemFor(const WatchSpec &spec, const cluster::WatchEvent &event,
                                            std::uint64_t resourceVersion);

    std::size_t m_capacity;
    std::deque<Entry> m_history;
    std::uint64_t m_complete = 0; ///< history holds every write after this resourceVersion
    std::atomic<std::uint64_t> m_latest{ 0 };
    std::map<std::uint64_t, Subscriber> m_subscribers;
    std::uint64_t m_nextId = 1;
};

} // namespace clusterlab::api
