#pragma once

#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace clusterlab {

/// NetworkFacts are what the data plane holds now that people are shown: where each Service
/// port and kube-dns really listen (a privileged port falls back to port+10000 without
/// privilege), the ports each Pod serves, and what keeps part of the network from working.
/// The engine takes them on its strand after each sync and sends them with its batches when
/// they change, so no window or panel ever waits on the data plane's locks.
struct NetworkFacts
{
    /// ServicePort is (clusterIP, port, protocol).
    using ServicePort = std::tuple<std::string, int, std::string>;

    int dnsPort = 0; ///< 0: kube-dns is not serving
    std::map<ServicePort, int> servicePorts; ///< -> the port listening
    std::map<std::string, std::map<int, int>> podPorts; ///< Pod IP -> port -> where it listens
    std::vector<std::string> problems; ///< "cannot listen on 127.96.0.20:80: address in use"

    /// boundPort is where clusterIP:port/protocol listens, or 0 when it does not.
    int boundPort(const std::string &clusterIP, int port, const std::string &protocol = "TCP") const
    {
        const auto it = servicePorts.find({ clusterIP, port, protocol });
        return it == servicePorts.end() ? 0 : it->second;
    }

    bool operator==(const NetworkFacts &) const = default;
};

} // namespace clusterlab
