#include "watchdog.h"

#include "processes.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <thread>

namespace bench {

void startWatchdog(std::chrono::seconds limit, std::string scratchDir)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    std::thread([set, limit, dir = std::move(scratchDir)] {
        const timespec timeout{ static_cast<time_t>(limit.count()), 0 };
        int signal = -1;
        do
            signal = sigtimedwait(&set, nullptr, &timeout);
        while (signal < 0 && errno == EINTR);
        killAllChildren();
        std::error_code ignored;
        if (!dir.empty())
            std::filesystem::remove_all(dir, ignored);
        if (signal > 0) {
            std::fprintf(stderr, "bench_forwarder: stopped by signal %d\n", signal);
            std::_Exit(130);
        }
        std::fprintf(stderr, "bench_forwarder: watchdog expired after %lld s\n",
                     static_cast<long long>(limit.count()));
        std::_Exit(2);
    }).detach();
}

ScratchDir::ScratchDir()
{
    char pattern[] = "/tmp/clusterlab-bench-XXXXXX";
    if (::mkdtemp(pattern))
        m_path = pattern;
}

ScratchDir::~ScratchDir()
{
    std::error_code ignored;
    if (!m_path.empty())
        std::filesystem::remove_all(m_path, ignored);
}

} // namespace bench
