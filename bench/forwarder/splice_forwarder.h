#pragma once

#include "sockets.h"

#include <atomic>
#include <thread>

namespace bench {

/// SpliceForwarder is the yardstick for the stream load: the least a userspace TCP forwarder
/// can do. One thread, pinned to a CPU, accepts one connection at a time on `listenAt`,
/// connects it to `upstream` and moves bytes both ways with splice(2) through a pipe per
/// direction, never copying them into userspace.
class SpliceForwarder
{
public:
    /// SpliceForwarder listens on listenAt (port 0: any free port) and starts the thread.
    SpliceForwarder(const Endpoint &listenAt, const Endpoint &upstream, int cpu);
    /// ~SpliceForwarder stops the thread (within 100 ms) and closes everything.
    ~SpliceForwarder();
    SpliceForwarder(const SpliceForwarder &) = delete;
    SpliceForwarder &operator=(const SpliceForwarder &) = delete;

    /// address is where it listens; port 0 when it could not listen.
    Endpoint address() const { return m_address; }

private:
    /// run accepts until stopped, forwarding each connection to its end.
    void run(int cpu);
    /// forward moves the bytes of one accepted connection until both directions ended.
    void forward(int client);

    Endpoint m_address, m_upstream;
    int m_listener = -1;
    std::atomic<bool> m_stop{ false };
    std::thread m_thread;
};

} // namespace bench
