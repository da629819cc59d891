#pragma once

#include "cluster/ip_allocator.h"
#include "manifest/diagnostic.h"
#include "model/addresses.h"
#include "model/service.h"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace clusterlab::cluster {

class Random;
struct WatchEvent;

/// ClusterIpAllocator gives Services their ClusterIPs from 127.96.0.0/12, the loopback twin
/// of Kubernetes' default 10.96.0.0/12. Dynamic addresses are chosen at random (from the
/// cluster's seeded Random) above the static band 127.96.0.0/24, which is left for addresses
/// people ask for, as Kubernetes does; a requested address is honoured when free and in range.
/// Thread: engine strand only.
class ClusterIpAllocator
{
public:
    static constexpr const char *kRange = model::kServiceCIDR;
    static constexpr const char *kMirroredRange = "10.96.0.0/12";

    explicit ClusterIpAllocator(Random &random);

    /// mapRequested rewrites a requested ClusterIP written in 10.96.0.0/12 to the same offset
    /// in 127.96.0.0/12 and returns a warning saying so.
    std::optional<std::string> mapRequested(model::Service &service) const;
    /// check says what allocating for service would refuse, without allocating: a requested
    /// address that is taken (or in taken) or outside the range. It adds the requested address
    /// to taken, for the next object of a batch. (A change on update is validateUpdate's.)
    std::vector<manifest::FieldError> check(const model::Service &service,
                                            const model::Service *previous,
                                            std::set<std::uint32_t> &taken) const;
    /// allocate fills spec.clusterIP and spec.clusterIPs (keeping previous's address on
    /// update); returns what check would have refused, allocating nothing then.
    std::vector<manifest::FieldError> allocate(model::Service &service,
                                               const model::Service *previous);
    /// observe releases addresses of Services deleted or no longer holding them.
    void observe(const WatchEvent &event);

private:
    static bool needsClusterIP(const model::Service &service);
    static bool keepsPrevious(const model::Service &service, const model::Service *previous);

    Random &m_random;
    IpAllocator m_addresses;
};

} // namespace clusterlab::cluster
