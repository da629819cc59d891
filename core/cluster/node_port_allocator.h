#pragma once

#include "manifest/diagnostic.h"
#include "model/service.h"

#include <set>
#include <vector>

namespace clusterlab::cluster {

class Random;
struct WatchEvent;

/// NodePortAllocator hands out node ports (spec.ports[].nodePort, spec.healthCheckNodePort)
/// from 30000-32767, kube-apiserver's default --service-node-port-range: a requested port when
/// it is free and in range, else a random free one. As upstream, one range serves every
/// protocol, and one Service may use the same node port for TCP and UDP.
/// Thread: engine strand only.
class NodePortAllocator
{
public:
    static constexpr int kMin = 30000;
    static constexpr int kMax = 32767;

    explicit NodePortAllocator(Random &random);

    /// check says what allocating would refuse, allocating nothing: a requested node port out
    /// of range or held by another Service (or in `taken`, the claims of an apply batch, to
    /// which it adds this Service's requests).
    std::vector<manifest::FieldError> check(const model::Service &service,
                                            const model::Service *previous,
                                            std::set<int> &taken) const;
    /// allocate fills every node port the Service needs and has not asked for; on an error it
    /// allocates nothing.
    std::vector<manifest::FieldError> allocate(model::Service &service,
                                               const model::Service *previous);
    /// observe releases the ports of Services deleted or no longer holding them.
    void observe(const WatchEvent &event);
    bool isAllocated(int port) const { return m_allocated.count(port) > 0; }

private:
    Random &m_random;
    std::set<int> m_allocated;
};

/// heldNodePorts lists the node ports a stored Service holds (ports and health check).
std::set<int> heldNodePorts(const model::Service &service);

} // namespace clusterlab::cluster
