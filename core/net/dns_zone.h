#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace clusterlab::net {

/// DnsNamedPort is a named Service port, published as an SRV record.
struct DnsNamedPort
{
    std::string name;
    int port = 0;
    std::string protocol = "TCP";
};

/// DnsSrvTarget is one SRV answer.
struct DnsSrvTarget
{
    std::string target;
    int port = 0;
};

/// DnsZone is an immutable snapshot of cluster DNS that the engine builds and hands to
/// DnsServer::setZone. Names are lower case, fully qualified, without the final dot.
/// Thread: build on one thread, then share read-only.
struct DnsZone
{
    std::string domain = "cluster.local";
    std::map<std::string, std::vector<std::string>> a; // name -> IPv4 addresses
    std::map<std::string, std::vector<DnsSrvTarget>> srv; // _port._proto.svc.ns.svc.<domain>
    std::set<std::string> namespaces;

    /// addService publishes svc.ns.svc.<domain>: its ClusterIP, or for a headless Service the
    /// ready Pod IPs (each also as a-b-c-d.svc.ns.svc.<domain>), plus SRV for named ports.
    void addService(const std::string &ns, const std::string &name,
                    const std::vector<std::string> &addresses,
                    const std::vector<DnsNamedPort> &ports = {}, bool headless = false);
    /// addPodHostname publishes hostname.subdomain.ns.svc.<domain> (StatefulSet Pods such as
    /// web-0.nginx.default.svc.cluster.local).
    void addPodHostname(const std::string &ns, const std::string &subdomain,
                        const std::string &hostname, const std::string &ip);

    /// exists tells whether the name owns records or has names below it (so it is NODATA,
    /// not NXDOMAIN, when asked for a type it lacks).
    bool exists(const std::string &fqdn) const;
    const std::vector<std::string> *addresses(const std::string &fqdn) const;
    const std::vector<DnsSrvTarget> *services(const std::string &fqdn) const;

    /// qualify maps a query name to the name in this zone it stands for: names under the
    /// domain as they are, "svc" as svc.default.svc.<domain>, "svc.ns" and "svc.ns.svc"
    /// completed. Nothing means the name is not ours (answer REFUSED).
    std::optional<std::string> qualify(const std::string &name) const;

    /// resolve is for in-process callers: IPv4 addresses of `name` looked up like a Pod in
    /// `fromNamespace` would (search path ns.svc.<domain>, svc.<domain>, <domain>).
    std::vector<std::string> resolve(const std::string &name,
                                     const std::string &fromNamespace) const;

private:
    void addName(const std::string &fqdn);
    std::set<std::string> m_names;
};

/// dnsLower lower-cases ASCII and drops one final dot.
std::string dnsLower(std::string name);

} // namespace clusterlab::net
