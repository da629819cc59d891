#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace bench {

/// ChildSpec says how to start a child process.
struct ChildSpec
{
    std::vector<std::string> argv; ///< argv[0] is a path or a name looked up in PATH
    int cpu = -1; ///< pin the child to this CPU (sched_setaffinity before exec); -1 = inherit
    bool captureStdout = false; ///< connect stdout to a pipe (Child::stdoutFd)
    bool mergeStderr = false; ///< with captureStdout: stderr into the same pipe
    std::string stderrPath; ///< else: stderr to this file; empty = the bench's stderr
};

/// Child is a process the bench started and must stop (stopChild) on every path.
struct Child
{
    pid_t pid = 0;
    int stdoutFd = -1; ///< read end of its stdout, when captured (close-on-exec)
};

/// findExecutable resolves a name through PATH (a name with a '/' is taken as it is); empty
/// when nothing executable is found.
std::string findExecutable(const std::string &name);

/// spawnChild forks and execs spec.argv with every signal unblocked. The child is pinned to
/// spec.cpu, dies with the bench (PR_SET_PDEATHSIG) and is registered for killAllChildren.
/// Returns pid 0 when the program cannot be found or fork fails.
Child spawnChild(const ChildSpec &spec);

/// stopChild sends `signal`, waits up to `grace` for the child to exit, then SIGKILLs it;
/// reaps it, closes its pipe and unregisters it. Safe on a Child that never started.
void stopChild(Child &child, int signal, std::chrono::milliseconds grace);

/// exited says whether the child has already exited (it is then reaped and unregistered).
bool exited(Child &child);

/// killAllChildren SIGKILLs every registered child; async-signal-safe (the watchdog's exit).
void killAllChildren();

/// runCapture runs argv (pinned to cpu when >= 0) and returns its stdout and stderr; nullopt
/// when it cannot start or has not ended within `timeout` (it is then killed).
std::optional<std::string> runCapture(const std::vector<std::string> &argv, int cpu,
                                      std::chrono::milliseconds timeout);

/// readUntil reads fd into `out` until `marker` appears, EOF, or the deadline; true on marker.
bool readUntil(int fd, const std::string &marker, std::string &out,
               std::chrono::steady_clock::time_point deadline);

/// pinThisThread binds the calling thread (and threads it creates later) to one CPU.
bool pinThisThread(int cpu);

/// vmRssBytes is VmRSS from /proc/PID/status in bytes; nullopt when unreadable.
std::optional<long long> vmRssBytes(pid_t pid);

/// openFdCount counts /proc/PID/fd; -1 when unreadable.
int openFdCount(pid_t pid);

} // namespace bench
