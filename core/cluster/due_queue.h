#pragma once

#include <queue>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace clusterlab::cluster {

/// Duration is virtual cluster time.
using Duration = std::chrono::milliseconds;

/// DueQueue is the cluster's virtual clock: actions wait in it until their time comes, and
/// run in (due time, scheduling order), so a replay with the same seed runs them identically.
/// Thread: engine strand only.
class DueQueue
{
public:
    using Action = std::function<void()>;

    /// now is the virtual time since the cluster started.
    Duration now() const { return m_now; }
    /// schedule runs action once delay has passed (a delay of 0 runs at the next advance).
    void schedule(Duration delay, Action action);
    /// nextDue is how long until the earliest action is due, or nothing when none waits.
    std::optional<Duration> nextDue() const;
    /// runNext runs the earliest action if it is due by deadline, moving now to its due time;
    /// returns false when none is.
    bool runNext(Duration deadline);
    /// moveTo sets now forward to time (never backwards).
    void moveTo(Duration time);
    bool empty() const { return m_queue.empty(); }

private:
    struct Item
    {
        Duration due;
        std::uint64_t sequence;
        Action action;
        bool operator>(const Item &other) const
        {
            return due != other.due ? due > other.due : sequence > other.sequence;
        }
    };

    Duration m_now{ 0 };
    std::uint64_t m_sequence = 0;
    std::priority_queue<Item, std::vector<Item>, std::greater<>> m_queue;
};

} // namespace clusterlab::cluster
