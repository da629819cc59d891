#include "probe_clients.h"

#include <algorithm>
#include <chrono>
#include <string_view>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

namespace bench {

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr std::string_view kRequest = "GET / HTTP/1.1\r\nHost: web\r\nConnection: close\r\n\r\n";

/// sample is one connect + request + first byte, in microseconds; negative on failure. The
/// rest of the answer is read to the server's close, outside the measured time.
double sample(const Endpoint &target)
{
    const auto start = Clock::now();
    const int fd = connectTcp(target, 2s);
    if (fd < 0)
        return -1;
    const timeval timeout{ 2, 0 };
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    char buffer[16 * 1024];
    double micros = -1;
    if (::send(fd, kRequest.data(), kRequest.size(), MSG_NOSIGNAL) == ssize_t(kRequest.size())
        && ::recv(fd, buffer, 1, 0) == 1) {
        micros = std::chrono::duration<double, std::micro>(Clock::now() - start).count();
        while (::recv(fd, buffer, sizeof buffer, 0) > 0) { }
    }
    ::close(fd);
    return micros;
}

/// percentile is the nearest-rank value at p (0..1) of sorted samples; 0 when empty.
double percentile(std::vector<double> &sorted, double p)
{
    if (sorted.empty())
        return 0;
    const auto at = static_cast<std::size_t>(p * double(sorted.size() - 1) + 0.5);
    return sorted[std::min(at, sorted.size() - 1)];
}

} // namespace

Latency measureLatency(const std::vector<Endpoint> &targets, int samples)
{
    Latency latency;
    std::vector<double> micros;
    micros.reserve(std::size_t(samples));
    for (int i = 0; i < samples; ++i) {
        const double us = sample(targets[std::size_t(i) % targets.size()]);
        if (us >= 0)
            micros.push_back(us);
        else
            ++latency.errors;
    }
    std::sort(micros.begin(), micros.end());
    latency.p50 = percentile(micros, 0.50);
    latency.p99 = percentile(micros, 0.99);
    return latency;
}

std::vector<int> openIdle(const std::vector<Endpoint> &targets, int n,
                          const std::function<void(int)> &afterBatch)
{
    std::vector<int> fds;
    fds.reserve(std::size_t(n));
    for (int i = 0; i < n; ++i) {
        const int fd = connectTcp(targets[std::size_t(i) % targets.size()], 3s);
        if (fd < 0)
            break;
        fds.push_back(fd);
        if (fds.size() % 250 == 0)
            afterBatch(int(fds.size()));
    }
    afterBatch(int(fds.size()));
    return fds;
}

void closeIdle(std::vector<int> &fds)
{
    for (int fd : fds)
        closeWithReset(fd);
    fds.clear();
}

} // namespace bench
