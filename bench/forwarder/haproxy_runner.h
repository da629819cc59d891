#pragma once

#include "processes.h"
#include "sockets.h"

#include <string>
#include <vector>

namespace bench {

/// HaproxyListen is one `listen` section: a bind address and the servers it balances over.
struct HaproxyListen
{
    std::string name;
    Endpoint bind;
    std::vector<Endpoint> servers;
};

/// HaproxyConfig is what the bench asks of HAProxy in TCP mode.
struct HaproxyConfig
{
    int threads = 1; ///< global nbthread
    int maxconn = 4000; ///< global and per-proxy maxconn
    bool splice = false; ///< option splice-auto
    std::vector<HaproxyListen> listens; ///< with `balance random` when more than one server
};

/// haproxyMaxconn is the largest maxconn (at most 10000) whose fds fit the hard
/// RLIMIT_NOFILE (2 per connection, and 2 per splice pipe: maxconn / 4 pipes with splice-auto),
/// leaving 1000 for listeners and the rest.
int haproxyMaxconn();

/// skipTakenPorts moves all the endpoints' ports up by 100 until nothing accepts connections
/// at any of them (at most 10 times): another HAProxy would share a taken port through
/// SO_REUSEPORT and take half of the load.
void skipTakenPorts(const std::vector<Endpoint *> &endpoints);

/// haproxyConfigText is the configuration file's text.
std::string haproxyConfigText(const HaproxyConfig &config);

/// haproxyVersion is the version `haproxy -v` prints ("2.6.12-1+deb12u4"); empty if unknown.
std::string haproxyVersion(const std::string &binary);

/// startHaproxy writes the configuration to configPath and runs `haproxy -f configPath -db`
/// pinned to cpu (-1: not pinned), stderr to stderrPath. It waits up to 3 s until every
/// listen section accepts. On failure it stops the child, prints HAProxy's stderr and returns
/// a Child with pid 0.
Child startHaproxy(const std::string &binary, const HaproxyConfig &config,
                   const std::string &configPath, const std::string &stderrPath, int cpu);

/// stopHaproxy ends HAProxy: SIGTERM, SIGKILL after 3 s.
void stopHaproxy(Child &haproxy);

} // namespace bench
