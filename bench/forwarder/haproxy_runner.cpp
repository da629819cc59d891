#include "haproxy_runner.h"

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <sys/resource.h>
#include <thread>

namespace bench {

using namespace std::chrono_literals;

int haproxyMaxconn()
{
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_max == RLIM_INFINITY)
        return 10000;
    // HAProxy asks for 2 fds per connection plus maxconn / 4 splice pipes of 2 fds each.
    const rlim_t room = limit.rlim_max > 1000 ? limit.rlim_max - 1000 : 0;
    return static_cast<int>(std::clamp<rlim_t>(room * 2 / 5, 100, 10000));
}

void skipTakenPorts(const std::vector<Endpoint *> &endpoints)
{
    for (int tries = 0; tries < 10; ++tries) {
        bool taken = false;
        for (const Endpoint *e : endpoints)
            taken |= canConnect(*e);
        if (!taken)
            return;
        for (Endpoint *e : endpoints)
            e->port += 100;
    }
}

std::string haproxyConfigText(const HaproxyConfig &config)
{
    std::ostringstream text;
    text << "global\n  nbthread " << config.threads << "\n  maxconn " << config.maxconn
         << "\n\ndefaults\n  mode tcp\n"
         << (config.splice ? "  option splice-auto\n" : "") << "  maxconn " << config.maxconn
         << "\n  timeout connect 5s\n  timeout client 120s\n  timeout server 120s\n";
    for (const auto &listen : config.listens) {
        text << "\nlisten " << listen.name << "\n  bind " << listen.bind.text() << "\n";
        if (listen.servers.size() > 1)
            text << "  balance random\n";
        for (std::size_t i = 0; i < listen.servers.size(); ++i)
            text << "  server s" << i << " " << listen.servers[i].text() << "\n";
    }
    return text.str();
}

std::string haproxyVersion(const std::string &binary)
{
    const auto out = runCapture({ binary, "-v" }, -1, 5s);
    if (!out)
        return {};
    const std::string key = "version ";
    const auto at = out->find(key);
    if (at == std::string::npos)
        return {};
    const auto start = at + key.size();
    return out->substr(start, out->find_first_of(" \n", start) - start);
}

Child startHaproxy(const std::string &binary, const HaproxyConfig &config,
                   const std::string &configPath, const std::string &stderrPath, int cpu)
{
    std::ofstream(configPath) << haproxyConfigText(config);
    Child child =
            spawnChild({ { binary, "-f", configPath, "-db" }, cpu, false, false, stderrPath });
    if (child.pid == 0)
        return child;
    const auto deadline = std::chrono::steady_clock::now() + 3s;
    std::size_t ready = 0;
    while (ready < config.listens.size() && std::chrono::steady_clock::now() < deadline
           && !exited(child)) {
        if (canConnect(config.listens[ready].bind))
            ++ready;
        else
            std::this_thread::sleep_for(50ms);
    }
    if (ready == config.listens.size() && child.pid != 0)
        return child;
    stopHaproxy(child);
    std::ifstream errors(stderrPath);
    const std::string text((std::istreambuf_iterator<char>(errors)), {});
    std::cerr << "HAProxy did not start:\n" << text << "\n";
    return {};
}

void stopHaproxy(Child &haproxy)
{
    stopChild(haproxy, SIGTERM, 3000ms);
}

} // namespace bench
