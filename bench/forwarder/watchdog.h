#pragma once

#include <chrono>
#include <string>

namespace bench {

/// startWatchdog blocks SIGINT and SIGTERM in the calling thread (call it before any other
/// thread starts, so every thread inherits the mask) and starts a thread that waits for one of
/// them or for `limit`. Either way it SIGKILLs the registered children, removes `scratchDir`
/// (when not empty) and exits the process (130 on a signal, 2 when the limit expired).
void startWatchdog(std::chrono::seconds limit, std::string scratchDir);

/// ScratchDir is a mkdtemp directory under /tmp, removed with everything in it on destruction.
class ScratchDir
{
public:
    /// ScratchDir creates /tmp/clusterlab-bench-XXXXXX; path() is empty when that failed.
    ScratchDir();
    ~ScratchDir();
    ScratchDir(const ScratchDir &) = delete;
    ScratchDir &operator=(const ScratchDir &) = delete;

    /// path is the directory, without a trailing slash.
    const std::string &path() const { return m_path; }
    /// file is path() + "/" + name.
    std::string file(const std::string &name) const { return m_path + "/" + name; }

private:
    std::string m_path;
};

} // namespace bench
