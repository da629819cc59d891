#include "net/dns_zone.h"

#include "model/addresses.h"
#include "net/dns_message.h"

#include <algorithm>
#include <cctype>

namespace clusterlab::net {

namespace {

bool endsWith(const std::string &s, const std::string &suffix)
{
    return s.size() >= suffix.size()
            && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string dashed(std::string ip)
{
    std::replace(ip.begin(), ip.end(), '.', '-');
    return ip;
}

std::string lowerProtocol(const std::string &protocol)
{
    return dnsLower(protocol.empty() ? std::string("tcp") : protocol);
}

/// kPodCIDR holds every Node's podCIDR 127.244.N.0/24 (docs/architecture.md, address plan).
constexpr const char *kPodCIDR = "127.244.0.0/16";
constexpr int kMaxAliasChain = 8;

void addUnique(std::vector<std::string> &list, const std::string &value)
{
    if (std::find(list.begin(), list.end(), value) == list.end())
        list.push_back(value);
}

/// reverseZonesOf lists the in-addr.arpa zones on octet boundaries that cover cidr exactly
/// (a /12 is sixteen /16 zones).
std::vector<std::string> reverseZonesOf(const std::string &cidr)
{
    const auto slash = cidr.find('/');
    const auto base = dns::parseIPv4(cidr.substr(0, slash));
    const int prefix = slash == std::string::npos ? 32 : std::stoi(cidr.substr(slash + 1));
    if (!base || prefix < 8 || prefix > 32)
        return {};
    const int octets = (prefix + 7) / 8;
    const std::uint32_t step = octets == 4 ? 1u : 1u << (32 - octets * 8);
    const std::uint32_t first = *base & (prefix == 32 ? ~0u : ~(~0u >> prefix));
    std::vector<std::string> zones;
    for (std::uint32_t i = 0; i < 1u << (octets * 8 - prefix); ++i) {
        const std::uint32_t address = first + i * step;
        std::string zone = "in-addr.arpa";
        for (int octet = 0; octet < octets; ++octet)
            zone = std::to_string(address >> (24 - 8 * octet) & 0xFF) + "." + zone;
        zones.push_back(std::move(zone));
    }
    return zones;
}

} // namespace

std::vector<std::string> defaultReverseZones()
{
    auto zones = reverseZonesOf(model::kServiceCIDR);
    for (auto &zone : reverseZonesOf(kPodCIDR))
        zones.push_back(std::move(zone));
    return zones;
}

std::optional<std::string> reverseNameOf(const std::string &ip)
{
    const auto address = dns::parseIPv4(ip);
    if (!address)
        return std::nullopt;
    std::string name = "in-addr.arpa";
    for (int shift = 24; shift >= 0; shift -= 8)
        name = std::to_string(*address >> shift & 0xFF) + "." + name;
    return name;
}

std::string dnsLower(std::string name)
{
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    if (!name.empty() && name.back() == '.')
        name.pop_back();
    return name;
}

void DnsZone::addName(const std::string &fqdn, const std::string &apex)
{
    // Every ancestor down to the apex exists too (empty non-terminals answer NODATA).
    std::string name = fqdn;
    while ((name == apex || endsWith(name, "." + apex)) && m_names.insert(name).second) {
        const auto dot = name.find('.');
        if (dot == std::string::npos)
            break;
        name = name.substr(dot + 1);
    }
}

bool DnsZone::inDomain(const std::string &fqdn) const
{
    return fqdn == domain || endsWith(fqdn, "." + domain);
}

void DnsZone::addService(const std::string &ns, const std::string &name,
                         const std::vector<std::string> &addresses,
                         const std::vector<DnsNamedPort> &ports, bool headless)
{
    const std::string base = dnsLower(name + "." + ns + ".svc." + domain);
    namespaces.insert(dnsLower(ns));
    addName(base, domain);
    auto &records = a[base];
    for (const auto &ip : addresses)
        if (std::find(records.begin(), records.end(), ip) == records.end())
            records.push_back(ip);
    for (const auto &port : ports) {
        if (port.name.empty())
            continue;
        const std::string srvName =
                dnsLower("_" + port.name + "._" + lowerProtocol(port.protocol) + "." + base);
        addName(srvName, domain);
        auto &targets = srv[srvName];
        if (!headless) {
            targets.push_back({ base, port.port });
            continue;
        }
        for (const auto &ip : addresses)
            targets.push_back({ dashed(ip) + "." + base, port.port });
    }
    if (headless) {
        for (const auto &ip : addresses) {
            const std::string podName = dashed(ip) + "." + base;
            addName(podName, domain);
            a[podName] = { ip };
        }
        return;
    }
    for (const auto &ip : addresses) {
        const auto reverse = reverseNameOf(ip);
        const auto apex = reverse ? reverseZoneOf(*reverse) : std::nullopt;
        if (!apex)
            continue;
        addName(*reverse, *apex);
        m_clusterIPPointers[*reverse] = base;
    }
}

void DnsZone::addPodHostname(const std::string &ns, const std::string &subdomain,
                             const std::string &hostname, const std::string &ip)
{
    const std::string fqdn = dnsLower(hostname + "." + subdomain + "." + ns + ".svc." + domain);
    namespaces.insert(dnsLower(ns));
    addName(fqdn, domain);
    addUnique(a[fqdn], ip);
}

void DnsZone::addExternalName(const std::string &ns, const std::string &name,
                              const std::string &target)
{
    const std::string lowered = dnsLower(target);
    if (lowered.empty() || dns::parseIPv4(lowered))
        return;
    const std::string base = dnsLower(name + "." + ns + ".svc." + domain);
    namespaces.insert(dnsLower(ns));
    addName(base, domain);
    cname[base] = lowered;
}

void DnsZone::addEndpointAddress(const std::string &ns, const std::string &service,
                                 const std::string &ip, const std::string &hostname)
{
    const std::string fqdn = dnsLower((hostname.empty() ? dashed(ip) : hostname) + "." + service
                                      + "." + ns + ".svc." + domain);
    namespaces.insert(dnsLower(ns));
    addName(fqdn, domain);
    addUnique(a[fqdn], ip);
    const auto reverse = reverseNameOf(ip);
    const auto apex = reverse ? reverseZoneOf(*reverse) : std::nullopt;
    if (!apex)
        return;
    addName(*reverse, *apex);
    addUnique(m_endpointPointers[*reverse], fqdn);
}

bool DnsZone::exists(const std::string &fqdn) const
{
    if (m_names.contains(fqdn))
        return true;
    return std::find(reverseZones.begin(), reverseZones.end(), fqdn) != reverseZones.end();
}

std::vector<std::string> DnsZone::aliasChain(const std::string &fqdn) const
{
    std::vector<std::string> chain;
    std::string name = fqdn;
    for (auto it = cname.find(name); it != cname.end(); it = cname.find(name)) {
        const std::string &target = it->second;
        const bool loop =
                target == fqdn || std::find(chain.begin(), chain.end(), target) != chain.end();
        if (loop || chain.size() >= kMaxAliasChain)
            return {};
        chain.push_back(target);
        if (!inDomain(target))
            break;
        name = target;
    }
    return chain;
}

std::vector<std::string> DnsZone::pointers(const std::string &reverseName) const
{
    // CoreDNS asks the ClusterIP index first and the endpoint index only when it is empty.
    if (auto it = m_clusterIPPointers.find(reverseName); it != m_clusterIPPointers.end())
        return { it->second };
    auto it = m_endpointPointers.find(reverseName);
    return it == m_endpointPointers.end() ? std::vector<std::string>{} : it->second;
}

std::optional<std::string> DnsZone::reverseZoneOf(const std::string &name) const
{
    for (const auto &zone : reverseZones)
        if (name == zone || endsWith(name, "." + zone))
            return zone;
    return std::nullopt;
}

const std::vector<std::string> *DnsZone::addresses(const std::string &fqdn) const
{
    auto it = a.find(fqdn);
    return it == a.end() || it->second.empty() ? nullptr : &it->second;
}

const std::vector<DnsSrvTarget> *DnsZone::services(const std::string &fqdn) const
{
    auto it = srv.find(fqdn);
    return it == srv.end() || it->second.empty() ? nullptr : &it->second;
}

std::optional<std::string> DnsZone::qualify(const std::string &rawName) const
{
    const std::string name = dnsLower(rawName);
    if (name.empty())
        return std::nullopt;
    if (name == domain || endsWith(name, "." + domain))
        return name;
    if (name.find('.') == std::string::npos)
        return name + ".default.svc." + domain; // bare names from outside: namespace default
    if (endsWith(name, ".svc"))
        return name + "." + domain;
    const auto lastDot = name.rfind('.');
    if (namespaces.contains(name.substr(lastDot + 1)))
        return name + ".svc." + domain;
    return std::nullopt;
}

std::vector<std::string> DnsZone::resolve(const std::string &rawName,
                                          const std::string &fromNamespace) const
{
    const std::string name = dnsLower(rawName);
    std::vector<std::string> candidates;
    if (name == domain || endsWith(name, "." + domain)
        || (!rawName.empty() && rawName.back() == '.'))
        candidates = { name };
    else
        candidates = { name + "." + dnsLower(fromNamespace) + ".svc." + domain,
                       name + ".svc." + domain, name + "." + domain };
    for (const auto &candidate : candidates) {
        const auto chain = aliasChain(candidate);
        const std::string &end = chain.empty() ? candidate : chain.back();
        if (!chain.empty() && !inDomain(end))
            continue; // an outside name needs an upstream resolver, which ClusterLab lacks
        if (const auto *found = addresses(end))
            return *found;
    }
    return {};
}

} // namespace clusterlab::net
