#pragma once

#include "shell/shell.h"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace clusterlab::shell {

/// DnsRecord is one answer record.
struct DnsRecord
{
    std::string name;
    std::uint16_t type = 0; ///< 1 A, 5 CNAME, 33 SRV
    std::uint32_t ttl = 0;
    std::string data; ///< the address, the CNAME target, or "priority weight port target"
};

/// DnsReply is what a DNS server answered, or (error set) why there was no answer.
struct DnsReply
{
    int rcode = 0; ///< 0 NOERROR, 3 NXDOMAIN, 5 REFUSED...
    std::vector<DnsRecord> answers;
    std::string error; ///< "connection timed out; no servers could be reached"
};

/// rcodeName is dig's name for an rcode: NOERROR, NXDOMAIN, REFUSED.
std::string rcodeName(int rcode);

/// queryDns sends one query over UDP from the Pod's IP to its nameserver (kube-dns, at the
/// port it really listens on) and waits up to timeout for the answer.
/// Thread: the shell's executor.
boost::asio::awaitable<DnsReply>
queryDns(const PodInfo &pod, std::string name, std::uint16_t type,
         std::chrono::milliseconds timeout = std::chrono::seconds(2));

/// ResolvedName is a name looked up through the Pod's resolv.conf.
struct ResolvedName
{
    std::string fqdn; ///< the name that answered, e.g. backend.default.svc.cluster.local
    DnsReply reply;
};

/// resolve looks name up as the Pod's resolver does (search <ns>.svc.cluster.local
/// svc.cluster.local cluster.local, ndots:5): names with fewer than 5 dots try the search
/// list first, then the name itself; a name ending in '.' is tried as it is.
boost::asio::awaitable<ResolvedName> resolve(const PodInfo &pod, const std::string &name,
                                             std::uint16_t type = 1);

/// resolveAddress gives the first IPv4 address of host (an address is itself), or nothing.
boost::asio::awaitable<std::optional<std::string>> resolveAddress(const PodInfo &pod,
                                                                  const std::string &host);

} // namespace clusterlab::shell
