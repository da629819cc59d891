#pragma once

#include "sockets.h"

#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace bench {

/// Holder is a process that holds fds for each idle connection: its pid and how many.
struct Holder
{
    pid_t pid = 0;
    int fdsPerConnection = 1;
};

/// IdleCount is how many idle connections the memory load opens, and why not more.
struct IdleCount
{
    int connections = 10000;
    std::string limitedBy; ///< empty when 10000 fit
};

/// idleCount is min(10000, what fits the fd limits): ClusterLab holds 1 fd per connection
/// through a ClusterIP (its Pod takes the accepted socket over) under its own RLIMIT_NOFILE,
/// and the bench 1 under its own.
IdleCount idleCount(pid_t clusterlab);

/// idleBytesPerConnection opens n idle connections round-robin over targets, waits until
/// every holder's fd count grew by its share (at most 30 s) and 1.5 s more for the sessions
/// to settle, and returns the growth of the first holder's VmRSS per opened connection. The
/// connections are then reset and it waits for the fds to go. nullopt when nothing opened.
std::optional<double> idleBytesPerConnection(const std::vector<Endpoint> &targets, int n,
                                             const std::vector<Holder> &holders,
                                             std::string &problem);

} // namespace bench
