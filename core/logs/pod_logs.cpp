#include "logs/pod_logs.h"

#include <vector>

namespace clusterlab::logs {

std::shared_ptr<ContainerLog> PodLogs::open(const std::string &uid, const std::string &container,
                                            bool *created)
{
    std::lock_guard lock(m_mutex);
    auto &log = m_logs[{ uid, container }];
    if (created)
        *created = !log;
    if (!log)
        log = std::make_shared<ContainerLog>(m_limits);
    return log;
}

std::shared_ptr<ContainerLog> PodLogs::find(const std::string &uid,
                                            const std::string &container) const
{
    std::lock_guard lock(m_mutex);
    const auto it = m_logs.find({ uid, container });
    return it == m_logs.end() ? nullptr : it->second;
}

void PodLogs::remove(const std::string &uid)
{
    std::vector<std::shared_ptr<ContainerLog>> gone;
    {
        std::lock_guard lock(m_mutex);
        for (auto it = m_logs.lower_bound({ uid, std::string() });
             it != m_logs.end() && it->first.first == uid;) {
            gone.push_back(std::move(it->second));
            it = m_logs.erase(it);
        }
    }
    for (const auto &log : gone) // outside the map's mutex: close() wakes followers
        log->close();
}

void PodLogs::clear()
{
    std::map<std::pair<std::string, std::string>, std::shared_ptr<ContainerLog>> gone;
    {
        std::lock_guard lock(m_mutex);
        gone.swap(m_logs);
    }
    for (const auto &[key, log] : gone)
        log->close();
}

std::size_t PodLogs::podCount() const
{
    std::lock_guard lock(m_mutex);
    std::size_t pods = 0;
    const std::string *last = nullptr;
    for (const auto &[key, log] : m_logs)
        if (!last || *last != key.first) {
            ++pods;
            last = &key.first;
        }
    return pods;
}

} // namespace clusterlab::logs
