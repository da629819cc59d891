#include "cluster/cluster_ip_allocator.h"

#include "cluster/store.h"

namespace clusterlab::cluster {

namespace {

constexpr std::uint32_t kNetwork = 0x7f600000; // 127.96.0.0
constexpr std::uint32_t kMirroredNetwork = 0x0a600000; // 10.96.0.0
constexpr int kPrefix = 12;
constexpr std::uint32_t kMask = ~((std::uint32_t(1) << (32 - kPrefix)) - 1);
constexpr std::size_t kStaticBand = 255; // 127.96.0.1 .. 127.96.0.255
constexpr std::size_t kQuarantine = 256;

manifest::FieldError allocationError(const std::string &address, const std::string &why)
{
    return { "spec.clusterIPs", "FieldValueInvalid",
             "Invalid value: []string{\"" + address + "\"}: failed to allocate IP " + address + ": "
                     + why };
}

std::optional<std::uint32_t> heldAddress(const model::Service &service)
{
    return service.spec.clusterIP.empty() || service.spec.clusterIP == "None"
            ? std::nullopt
            : parseIpv4(service.spec.clusterIP);
}

} // namespace

ClusterIpAllocator::ClusterIpAllocator(Random &random)
    : m_random(random),
      m_addresses(kNetwork, kPrefix, kStaticBand, IpAllocator::Order::Random, kQuarantine)
{
}

bool ClusterIpAllocator::needsClusterIP(const model::Service &service)
{
    return service.spec.type != "ExternalName";
}

std::optional<std::string> ClusterIpAllocator::mapRequested(model::Service &service) const
{
    const auto requested = parseIpv4(service.spec.clusterIP);
    if (!requested || (*requested & kMask) != kMirroredNetwork)
        return std::nullopt;
    const std::string written = service.spec.clusterIP;
    service.spec.clusterIP = formatIpv4(kNetwork | (*requested & ~kMask));
    for (auto &ip : service.spec.clusterIPs)
        if (ip == written)
            ip = service.spec.clusterIP;
    return "spec.clusterIP: " + written + " is in Kubernetes' range " + kMirroredRange
            + "; ClusterLab uses the same offset in " + kRange + ": " + service.spec.clusterIP;
}

bool ClusterIpAllocator::keepsPrevious(const model::Service &service,
                                       const model::Service *previous)
{
    // Once allocated, the address stays: validateUpdate refuses a change of it.
    return previous && needsClusterIP(service) && needsClusterIP(*previous)
            && !previous->spec.clusterIP.empty();
}

std::vector<manifest::FieldError> ClusterIpAllocator::check(const model::Service &service,
                                                            const model::Service *previous,
                                                            std::set<std::uint32_t> &taken) const
{
    const std::string &requested = service.spec.clusterIP;
    if (!needsClusterIP(service) || requested.empty() || requested == "None"
        || keepsPrevious(service, previous))
        return {};
    const auto address = parseIpv4(requested);
    if (!address || !m_addresses.contains(*address))
        return { allocationError(requested,
                                 std::string("provided IP is not in the valid range. The range "
                                             "of valid IPs is ")
                                         + kRange) };
    if (m_addresses.isAllocated(*address) || !taken.insert(*address).second)
        return { allocationError(requested, "provided IP is already allocated") };
    return {};
}

std::vector<manifest::FieldError> ClusterIpAllocator::allocate(model::Service &service,
                                                               const model::Service *previous)
{
    if (!needsClusterIP(service)) {
        service.spec.clusterIP.clear();
        service.spec.clusterIPs.clear();
        return {};
    }
    if (keepsPrevious(service, previous)) {
        service.spec.clusterIP = previous->spec.clusterIP;
        service.spec.clusterIPs = previous->spec.clusterIPs;
        return {};
    }
    std::set<std::uint32_t> none;
    if (auto errors = check(service, previous, none); !errors.empty())
        return errors;
    if (service.spec.clusterIP.empty()) {
        const auto address = m_addresses.allocateNext(m_random);
        if (!address)
            return { { "spec.clusterIPs", "FieldValueInvalid",
                       "Invalid value: []string{}: failed to allocate a serviceIP: range is "
                       "full" } };
        service.spec.clusterIP = formatIpv4(*address);
    } else if (service.spec.clusterIP != "None") {
        m_addresses.allocate(*parseIpv4(service.spec.clusterIP));
    }
    service.spec.clusterIPs = { service.spec.clusterIP };
    return {};
}

void ClusterIpAllocator::observe(const WatchEvent &event)
{
    const auto *previous = event.previousAs<model::Service>();
    if (!previous)
        return;
    const auto *current = event.currentAs<model::Service>();
    const auto held = heldAddress(*previous);
    if (held && (!current || heldAddress(*current) != held))
        m_addresses.release(*held);
}

} // namespace clusterlab::cluster
