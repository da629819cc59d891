#include "processes.h"

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <dirent.h>
#include <fcntl.h>
#include <fstream>
#include <poll.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace bench {

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

/// The live children, for killAllChildren (lock-free, so a signal path may read it).
std::array<std::atomic<pid_t>, 16> g_children{};

/// registerChild puts pid in a free slot of g_children.
void registerChild(pid_t pid)
{
    for (auto &slot : g_children) {
        pid_t empty = 0;
        if (slot.compare_exchange_strong(empty, pid))
            return;
    }
}

/// unregisterChild frees pid's slot.
void unregisterChild(pid_t pid)
{
    for (auto &slot : g_children) {
        pid_t expected = pid;
        if (slot.compare_exchange_strong(expected, 0))
            return;
    }
}

/// execChild runs in the forked child: only async-signal-safe calls, then exec.
[[noreturn]] void execChild(const ChildSpec &spec, const std::string &path, char **argv,
                            int pipeWrite, pid_t parent)
{
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent)
        ::_exit(127);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    struct sigaction dfl = {};
    dfl.sa_handler = SIG_DFL;
    ::sigaction(SIGPIPE, &dfl, nullptr);
    if (spec.cpu >= 0) {
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(spec.cpu, &set);
        ::sched_setaffinity(0, sizeof(set), &set);
    }
    if (pipeWrite >= 0) {
        ::dup2(pipeWrite, 1);
        if (spec.mergeStderr)
            ::dup2(pipeWrite, 2);
    }
    if (!spec.mergeStderr && !spec.stderrPath.empty()) {
        const int fd = ::open(spec.stderrPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd >= 0)
            ::dup2(fd, 2);
    }
    ::execv(path.c_str(), argv);
    ::_exit(127);
}

} // namespace

std::string findExecutable(const std::string &name)
{
    if (name.find('/') != std::string::npos)
        return ::access(name.c_str(), X_OK) == 0 ? name : std::string();
    const char *env = std::getenv("PATH");
    std::string paths = env ? env : "/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin";
    // haproxy lives in sbin, which a non-root PATH may lack.
    paths += ":/usr/local/sbin:/usr/sbin:/sbin";
    std::size_t start = 0;
    while (start <= paths.size()) {
        const std::size_t end = std::min(paths.find(':', start), paths.size());
        const std::string candidate = paths.substr(start, end - start) + "/" + name;
        if (end > start && ::access(candidate.c_str(), X_OK) == 0)
            return candidate;
        start = end + 1;
    }
    return {};
}

Child spawnChild(const ChildSpec &spec)
{
    const std::string path = spec.argv.empty() ? std::string() : findExecutable(spec.argv[0]);
    if (path.empty())
        return {};
    std::vector<char *> argv;
    for (const auto &arg : spec.argv)
        argv.push_back(const_cast<char *>(arg.c_str()));
    argv.push_back(nullptr);
    int fds[2] = { -1, -1 };
    if (spec.captureStdout && ::pipe2(fds, O_CLOEXEC) != 0)
        return {};
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid == 0)
        execChild(spec, path, argv.data(), fds[1], parent);
    if (fds[1] >= 0)
        ::close(fds[1]);
    if (pid < 0) {
        if (fds[0] >= 0)
            ::close(fds[0]);
        return {};
    }
    registerChild(pid);
    return { pid, fds[0] };
}

bool exited(Child &child)
{
    if (child.pid <= 0)
        return true;
    if (::waitpid(child.pid, nullptr, WNOHANG) != child.pid)
        return false;
    unregisterChild(child.pid);
    child.pid = 0;
    return true;
}

void stopChild(Child &child, int signal, std::chrono::milliseconds grace)
{
    if (child.pid > 0 && !exited(child)) {
        ::kill(child.pid, signal);
        const auto deadline = Clock::now() + grace;
        while (!exited(child) && Clock::now() < deadline)
            std::this_thread::sleep_for(10ms);
        if (child.pid > 0) {
            ::kill(child.pid, SIGKILL);
            ::waitpid(child.pid, nullptr, 0);
            unregisterChild(child.pid);
            child.pid = 0;
        }
    }
    if (child.stdoutFd >= 0)
        ::close(child.stdoutFd);
    child.stdoutFd = -1;
}

void killAllChildren()
{
    for (auto &slot : g_children)
        if (const pid_t pid = slot.exchange(0); pid > 0)
            ::kill(pid, SIGKILL);
}

bool readUntil(int fd, const std::string &marker, std::string &out, Clock::time_point deadline)
{
    char buffer[4096];
    while (marker.empty() || out.find(marker) == std::string::npos) {
        const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left <= 0ms)
            return false;
        pollfd p{ fd, POLLIN, 0 };
        const int ready = ::poll(&p, 1, int(left.count()));
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0)
            return false;
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n <= 0)
            return marker.empty();
        out.append(buffer, std::size_t(n));
    }
    return true;
}

std::optional<std::string> runCapture(const std::vector<std::string> &argv, int cpu,
                                      std::chrono::milliseconds timeout)
{
    ChildSpec spec{ argv, cpu, true, true, {} };
    Child child = spawnChild(spec);
    if (child.pid == 0)
        return std::nullopt;
    std::string out;
    // An empty marker reads to EOF: true when the child closed its output in time.
    const bool ended = readUntil(child.stdoutFd, "", out, Clock::now() + timeout);
    stopChild(child, ended ? 0 : SIGKILL, 2000ms); // signal 0: only wait for its exit
    if (!ended)
        return std::nullopt;
    return out;
}

bool pinThisThread(int cpu)
{
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return ::sched_setaffinity(0, sizeof(set), &set) == 0;
}

std::optional<long long> vmRssBytes(pid_t pid)
{
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmRSS:", 0) == 0)
            return std::atoll(line.c_str() + 6) * 1024;
    return std::nullopt;
}

int openFdCount(pid_t pid)
{
    DIR *dir = ::opendir(("/proc/" + std::to_string(pid) + "/fd").c_str());
    if (!dir)
        return -1;
    int count = 0;
    while (const dirent *entry = ::readdir(dir))
        count += entry->d_name[0] != '.';
    ::closedir(dir);
    return count;
}

} // namespace bench
