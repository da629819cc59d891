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

/// defaultReverseZones lists the reverse zones ClusterLab is authoritative for: those of the
/// Service range 127.96.0.0/12 (96.127.in-addr.arpa to 111.127.in-addr.arpa) and of the Pod
/// range 127.244.0.0/16 (244.127.in-addr.arpa).
std::vector<std::string> defaultReverseZones();

/// DnsZone is an immutable snapshot of cluster DNS that the engine builds and hands to
/// DnsServer::setZone. Names are lower case, fully qualified, without the final dot.
/// Thread: build on one thread, then share read-only.
struct DnsZone
{
    std::string domain = "cluster.local";
    std::map<std::string, std::vector<std::string>> a; // name -> IPv4 addresses
    std::map<std::string, std::vector<DnsSrvTarget>> srv; // _port._proto.svc.ns.svc.<domain>
    std::map<std::string, std::string> cname; // ExternalName svc.ns.svc.<domain> -> target
    std::set<std::string> namespaces;
    /// reverseZones are answered authoritatively (PTR or NXDOMAIN); other reverse names are
    /// REFUSED like any name that is not the cluster's.
    std::vector<std::string> reverseZones = defaultReverseZones();

    /// addService publishes svc.ns.svc.<domain>: its ClusterIP, or for a headless Service the
    /// ready Pod IPs (each also as a-b-c-d.svc.ns.svc.<domain>), plus SRV for named ports.
    /// A ClusterIP also gets its PTR; a headless Service's Pod IPs get theirs from
    /// addEndpointAddress.
    void addService(const std::string &ns, const std::string &name,
                    const std::vector<std::string> &addresses,
                    const std::vector<DnsNamedPort> &ports = {}, bool headless = false);
    /// addPodHostname publishes hostname.subdomain.ns.svc.<domain> (StatefulSet Pods such as
    /// web-0.nginx.default.svc.cluster.local).
    void addPodHostname(const std::string &ns, const std::string &subdomain,
                        const std::string &hostname, const std::string &ip);
    /// addExternalName publishes svc.ns.svc.<domain> as a CNAME to target (an ExternalName
    /// Service). An IP address as target publishes nothing, as CoreDNS answers NXDOMAIN then.
    void addExternalName(const std::string &ns, const std::string &name, const std::string &target);
    /// addEndpointAddress publishes a ready endpoint of Service svc as CoreDNS names it:
    /// <hostname, or the IP with dashes>.svc.ns.svc.<domain>, with an A record and, unless the
    /// IP is some Service's ClusterIP, a PTR record (one per Service the IP backs).
    void addEndpointAddress(const std::string &ns, const std::string &service,
                            const std::string &ip, const std::string &hostname = {});

    /// exists tells whether the name owns records or has names below it (so it is NODATA,
    /// not NXDOMAIN, when asked for a type it lacks). Reverse zone apexes always exist.
    bool exists(const std::string &fqdn) const;
    const std::vector<std::string> *addresses(const std::string &fqdn) const;
    const std::vector<DnsSrvTarget> *services(const std::string &fqdn) const;
    /// aliasChain follows CNAMEs from fqdn: the targets in order, the last one either outside
    /// the domain or without a CNAME of its own. Empty when fqdn has no CNAME, and for a loop
    /// or a chain longer than 8 (CoreDNS gives up there too).
    std::vector<std::string> aliasChain(const std::string &fqdn) const;
    /// pointers answers a PTR query for a reverse name: the Service whose ClusterIP it is, or
    /// else every endpoint name with that IP (CoreDNS's serviceRecordForIP).
    std::vector<std::string> pointers(const std::string &reverseName) const;
    /// reverseZoneOf names the zone of reverseZones that holds name; nothing if none does.
    std::optional<std::string> reverseZoneOf(const std::string &name) const;

    /// qualify maps a query name to the name in this zone it stands for: names under the
    /// domain as they are, "svc" as svc.default.svc.<domain>, "svc.ns" and "svc.ns.svc"
    /// completed. Nothing means the name is not ours (answer REFUSED).
    std::optional<std::string> qualify(const std::string &name) const;

    /// resolve is for in-process callers: IPv4 addresses of `name` looked up like a Pod in
    /// `fromNamespace` would (search path ns.svc.<domain>, svc.<domain>, <domain>). A CNAME
    /// to a name in the domain is followed; one to an outside name gives nothing, as ClusterLab
    /// has no upstream resolver.
    std::vector<std::string> resolve(const std::string &name,
                                     const std::string &fromNamespace) const;

    /// inDomain tells whether fqdn is the domain or a name below it.
    bool inDomain(const std::string &fqdn) const;

private:
    void addName(const std::string &fqdn, const std::string &apex);
    std::set<std::string> m_names;
    std::map<std::string, std::string> m_clusterIPPointers; // reverse name -> svc FQDN
    std::map<std::string, std::vector<std::string>> m_endpointPointers; // reverse name -> names
};

/// reverseNameOf gives the in-addr.arpa name of an IPv4 address ("127.96.0.10" ->
/// "10.0.96.127.in-addr.arpa"); nothing if ip is not dotted-quad IPv4.
std::optional<std::string> reverseNameOf(const std::string &ip);

/// dnsLower lower-cases ASCII and drops one final dot.
std::string dnsLower(std::string name);

} // namespace clusterlab::net
