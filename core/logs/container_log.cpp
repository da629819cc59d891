#include "logs/container_log.h"

namespace clusterlab::logs {

ContainerLog::ContainerLog(LogLimits limits) : m_limits(limits) { }

void ContainerLog::append(std::string_view text, Clock::time_point time)
{
    if (!text.empty() && text.back() == '\n')
        text.remove_suffix(1);
    {
        std::lock_guard lock(m_mutex);
        if (m_closed)
            return;
        for (;;) {
            const auto end = text.find('\n');
            std::string part(text.substr(0, end));
            if (!part.empty() && part.back() == '\r')
                part.pop_back();
            m_bytes += part.size() + 1;
            m_lines.push_back({ ++m_lastSeq, time, std::move(part) });
            if (end == std::string_view::npos)
                break;
            text.remove_prefix(end + 1);
        }
        while (!m_lines.empty()
               && (m_lines.size() > m_limits.maxLines || m_bytes > m_limits.maxBytes)) {
            m_bytes -= m_lines.front().text.size() + 1;
            m_lines.pop_front();
            ++m_dropped;
        }
    }
    wakeAll();
}

std::vector<LogLine> ContainerLog::lines() const
{
    std::lock_guard lock(m_mutex);
    return { m_lines.begin(), m_lines.end() };
}

std::vector<LogLine> ContainerLog::linesAfter(std::uint64_t seq) const
{
    std::lock_guard lock(m_mutex);
    if (m_lines.empty() || seq >= m_lastSeq)
        return {};
    // seq numbers are consecutive, so the first line wanted sits at a known offset.
    const std::uint64_t first = m_lines.front().seq;
    const std::size_t skip = seq < first ? 0 : std::size_t(seq - first + 1);
    return { m_lines.begin() + std::ptrdiff_t(skip), m_lines.end() };
}

std::uint64_t ContainerLog::lastSeq() const
{
    std::lock_guard lock(m_mutex);
    return m_lastSeq;
}

std::uint64_t ContainerLog::dropped() const
{
    std::lock_guard lock(m_mutex);
    return m_dropped;
}

std::size_t ContainerLog::bytes() const
{
    std::lock_guard lock(m_mutex);
    return m_bytes;
}

std::uint64_t ContainerLog::subscribe(Waker waker)
{
    std::lock_guard lock(m_mutex);
    m_wakers.emplace(++m_nextWaker, std::move(waker));
    return m_nextWaker;
}

void ContainerLog::unsubscribe(std::uint64_t id)
{
    std::lock_guard lock(m_mutex);
    m_wakers.erase(id);
}

std::size_t ContainerLog::subscriberCount() const
{
    std::lock_guard lock(m_mutex);
    return m_wakers.size();
}

void ContainerLog::close()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_closed)
            return;
        m_closed = true;
    }
    wakeAll();
}

bool ContainerLog::closed() const
{
    std::lock_guard lock(m_mutex);
    return m_closed;
}

void ContainerLog::wakeAll()
{
    std::vector<Waker> wakers;
    {
        std::lock_guard lock(m_mutex);
        wakers.reserve(m_wakers.size());
        for (const auto &[id, waker] : m_wakers)
            wakers.push_back(waker);
    }
    for (const auto &waker : wakers)
        waker();
}

} // namespace clusterlab::logs
