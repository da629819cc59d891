#include "net/dns_zone.h"

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

} // namespace

std::string dnsLower(std::string name)
{
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    if (!name.empty() && name.back() == '.')
        name.pop_back();
    return name;
}

void DnsZone::addName(const std::string &fqdn)
{
    // Every ancestor down to the domain exists too (empty non-terminals answer NODATA).
    std::string name = fqdn;
    while (endsWith(name, domain) && m_names.insert(name).second) {
        const auto dot = name.find('.');
        if (dot == std::string::npos)
            break;
        name = name.substr(dot + 1);
    }
}

void DnsZone::addService(const std::string &ns, const std::string &name,
                         const std::vector<std::string> &addresses,
                         const std::vector<DnsNamedPort> &ports, bool headless)
{
    const std::string base = dnsLower(name + "." + ns + ".svc." + domain);
    namespaces.insert(dnsLower(ns));
    addName(base);
    auto &records = a[base];
    for (const auto &ip : addresses)
        if (std::find(records.begin(), records.end(), ip) == records.end())
            records.push_back(ip);
    for (const auto &port : ports) {
        if (port.name.empty())
            continue;
        const std::string srvName =
                dnsLower("_" + port.name + "._" + lowerProtocol(port.protocol) + "." + base);
        addName(srvName);
        auto &targets = srv[srvName];
        if (!headless) {
            targets.push_back({ base, port.port });
            continue;
        }
        for (const auto &ip : addresses)
            targets.push_back({ dashed(ip) + "." + base, port.port });
    }
    if (headless)
        for (const auto &ip : addresses) {
            const std::string podName = dashed(ip) + "." + base;
            addName(podName);
            a[podName] = { ip };
        }
}

void DnsZone::addPodHostname(const std::string &ns, const std::string &subdomain,
                             const std::string &hostname, const std::string &ip)
{
    const std::string fqdn = dnsLower(hostname + "." + subdomain + "." + ns + ".svc." + domain);
    namespaces.insert(dnsLower(ns));
    addName(fqdn);
    auto &records = a[fqdn];
    if (std::find(records.begin(), records.end(), ip) == records.end())
        records.push_back(ip);
}

bool DnsZone::exists(const std::string &fqdn) const
{
    return m_names.contains(fqdn);
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
    for (const auto &candidate : candidates)
        if (const auto *found = addresses(candidate))
            return *found;
    return {};
}

} // namespace clusterlab::net
