#include "idle_memory.h"

#include "probe_clients.h"
#include "processes.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <sys/resource.h>
#include <thread>

namespace bench {

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr int kWanted = 10000;
constexpr int kReserve = 500; // listeners, pipes, files, DNS, the API server

/// softFileLimit is the soft "Max open files" of a process (from /proc/PID/limits).
long long softFileLimit(pid_t pid)
{
    std::ifstream limits("/proc/" + std::to_string(pid) + "/limits");
    std::string line;
    while (std::getline(limits, line))
        if (line.rfind("Max open files", 0) == 0) {
            std::istringstream words(line.substr(14));
            long long soft = 0;
            words >> soft;
            return soft;
        }
    return 1024;
}

/// waitForFds waits until every holder holds base + its share of fds (within 2%), or its
/// count has not moved for 1 s (a server may hold fewer fds than assumed), or the deadline;
/// false only on the deadline.
bool waitForFds(const std::vector<Holder> &holders, const std::vector<int> &base, int opened,
                Clock::time_point deadline)
{
    std::vector<int> last(holders.size(), -1);
    auto lastChange = Clock::now();
    for (;;) {
        bool all = true;
        for (std::size_t i = 0; i < holders.size(); ++i) {
            const int want = base[i] + holders[i].fdsPerConnection * opened;
            const int now = openFdCount(holders[i].pid);
            all &= now >= want - want / 50;
            if (now != last[i])
                last[i] = now, lastChange = Clock::now();
        }
        if (all || Clock::now() - lastChange >= 1s)
            return true;
        if (Clock::now() >= deadline)
            return false;
        std::this_thread::sleep_for(20ms);
    }
}

/// waitForFdsBack waits until every holder is back near its base fd count, or the deadline.
void waitForFdsBack(const std::vector<Holder> &holders, const std::vector<int> &base,
                    Clock::time_point deadline)
{
    for (std::size_t i = 0; i < holders.size(); ++i)
        while (openFdCount(holders[i].pid) > base[i] + 5 && Clock::now() < deadline)
            std::this_thread::sleep_for(20ms);
}

} // namespace

IdleCount idleCount(pid_t clusterlab)
{
    rlimit own{};
    ::getrlimit(RLIMIT_NOFILE, &own);
    const long long theirs = softFileLimit(clusterlab);
    const long long byClusterlab = theirs - kReserve; // 1 fd per connection, Pod side
    const long long byBench = static_cast<long long>(own.rlim_cur) - kReserve;
    IdleCount count;
    count.connections = int(std::clamp<long long>(std::min(byClusterlab, byBench), 1, kWanted));
    if (count.connections == kWanted)
        return count;
    std::ostringstream why;
    if (byClusterlab <= byBench)
        why << "ClusterLab's RLIMIT_NOFILE is " << theirs
            << " and it holds 1 fd per connection through a ClusterIP (the Pod takes the accepted"
               " socket over), less "
            << kReserve << " kept free";
    else
        why << "the bench's RLIMIT_NOFILE is " << own.rlim_cur << ", less " << kReserve
            << " kept free";
    count.limitedBy = why.str();
    return count;
}

std::optional<double> idleBytesPerConnection(const std::vector<Endpoint> &targets, int n,
                                             const std::vector<Holder> &holders,
                                             std::string &problem)
{
    std::vector<int> base;
    for (const auto &h : holders)
        base.push_back(openFdCount(h.pid));
    const auto before = vmRssBytes(holders.front().pid);
    bool settled = true;
    const auto deadline = Clock::now() + 60s;
    auto fds = openIdle(targets, n, [&](int opened) {
        // Let the server accept what is queued before the backlog overflows.
        settled = waitForFds(holders, base, opened, deadline);
    });
    std::this_thread::sleep_for(1500ms);
    const auto after = vmRssBytes(holders.front().pid);
    const int opened = int(fds.size());
    const int held = openFdCount(holders.front().pid) - base.front();
    closeIdle(fds);
    waitForFdsBack(holders, base, Clock::now() + 30s);
    if (opened < n)
        problem = "opened only " + std::to_string(opened) + " of " + std::to_string(n);
    else if (!settled)
        problem = "the servers' fd counts had not caught up after 60 s";
    else if (opened > 0 && std::abs(held - holders.front().fdsPerConnection * opened) > opened / 20)
        problem = "it held " + std::to_string(held) + " more fds for " + std::to_string(opened)
                + " connections, not " + std::to_string(holders.front().fdsPerConnection) + " each";
    if (opened == 0 || !before || !after)
        return std::nullopt;
    return double(*after - *before) / opened;
}

} // namespace bench
