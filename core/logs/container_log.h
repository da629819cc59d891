#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace clusterlab::logs {

using Clock = std::chrono::system_clock;

/// LogLine is one line a container wrote, as the kubelet keeps it: when, and the text
/// (without its newline). seq counts a log's lines from 1, so a follower knows where it is.
struct LogLine
{
    std::uint64_t seq = 0;
    Clock::time_point time;
    std::string text;
};

/// LogLimits bound one container's log; the oldest lines go first, as when the kubelet
/// rotates a container's log file (containerLogMaxSize).
struct LogLimits
{
    std::size_t maxLines = 1000;
    std::size_t maxBytes = 256 * 1024; ///< counting each line's text and its newline
};

/// ContainerLog is the log of one container of one Pod: its standard output as the kubelet
/// keeps it, bounded by LogLimits, with subscribers woken on every new line (a `kubectl logs
/// -f` stream). A closed log (the Pod is gone) takes no more lines and wakes its subscribers
/// once more so they can end.
/// Thread: any; every member takes the log's mutex. Wakers are called on the writer's
/// thread after the mutex is released, so they must be quick and must not block; one may
/// still be called just after unsubscribe() returns.
class ContainerLog
{
public:
    using Waker = std::function<void()>;

    explicit ContainerLog(LogLimits limits = {});
    ContainerLog(const ContainerLog &) = delete;
    ContainerLog &operator=(const ContainerLog &) = delete;

    /// append adds text as one line per '\n'-separated part (a trailing newline adds no empty
    /// line), all stamped with time. Ignored once closed.
    void append(std::string_view text, Clock::time_point time = Clock::now());
    /// lines is every line kept now, oldest first.
    std::vector<LogLine> lines() const;
    /// linesAfter is the lines kept whose seq is greater than seq, oldest first.
    std::vector<LogLine> linesAfter(std::uint64_t seq) const;
    /// lastSeq is the seq of the newest line written (0: none yet), kept or not.
    std::uint64_t lastSeq() const;
    /// dropped counts the lines let go to stay within the limits.
    std::uint64_t dropped() const;
    /// bytes is what the kept lines hold, newlines included.
    std::size_t bytes() const;

    /// subscribe calls waker after every append and at close; returns an id for unsubscribe.
    std::uint64_t subscribe(Waker waker);
    void unsubscribe(std::uint64_t id);
    /// subscriberCount is the number of subscribers now (open follow streams).
    std::size_t subscriberCount() const;

    /// close marks the container gone: no more lines; subscribers are woken.
    void close();
    bool closed() const;

private:
    void wakeAll();

    const LogLimits m_limits;
    mutable std::mutex m_mutex; ///< guards everything below
    std::deque<LogLine> m_lines;
    std::size_t m_bytes = 0;
    std::uint64_t m_lastSeq = 0;
    std::uint64_t m_dropped = 0;
    bool m_closed = false;
    std::map<std::uint64_t, Waker> m_wakers;
    std::uint64_t m_nextWaker = 0;
};

} // namespace clusterlab::logs
