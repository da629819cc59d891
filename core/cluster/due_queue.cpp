#include "cluster/due_queue.h"

#include <algorithm>

namespace clusterlab::cluster {

void DueQueue::schedule(Duration delay, Action action)
{
    m_queue.push({ m_now + std::max(delay, Duration(0)), m_sequence++, std::move(action) });
}

std::optional<Duration> DueQueue::nextDue() const
{
    if (m_queue.empty())
        return std::nullopt;
    return std::max(m_queue.top().due - m_now, Duration(0));
}

bool DueQueue::runNext(Duration deadline)
{
    if (m_queue.empty() || m_queue.top().due > deadline)
        return false;
    // Move the action out before popping: it may schedule more actions.
    Action action = std::move(const_cast<Item &>(m_queue.top()).action);
    moveTo(m_queue.top().due);
    m_queue.pop();
    action();
    return true;
}

void DueQueue::moveTo(Duration time)
{
    m_now = std::max(m_now, time);
}

} // namespace clusterlab::cluster
