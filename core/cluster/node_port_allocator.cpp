#include "cluster/node_port_allocator.h"

#include "cluster/random.h"
#include "cluster/store.h"

namespace clusterlab::cluster {

namespace {

std::string portPath(std::size_t i)
{
    return "spec.ports[" + std::to_string(i) + "].nodePort";
}

/// Requested is one node port a Service asks for, with the field that asks.
struct Requested
{
    int port;
    std::string path;
};

std::vector<Requested> requestedPorts(const model::Service &service)
{
    std::vector<Requested> out;
    for (std::size_t i = 0; i < service.spec.ports.size(); ++i)
        if (service.spec.ports[i].nodePort != 0)
            out.push_back({ int(service.spec.ports[i].nodePort), portPath(i) });
    if (service.spec.healthCheckNodePort != 0)
        out.push_back({ int(service.spec.healthCheckNodePort), "spec.healthCheckNodePort" });
    return out;
}

manifest::FieldError invalid(const Requested &r, const std::string &why)
{
    return { r.path, "FieldValueInvalid", "Invalid value: " + std::to_string(r.port) + ": " + why };
}

} // namespace

std::set<int> heldNodePorts(const model::Service &service)
{
    std::set<int> held;
    for (const auto &r : requestedPorts(service))
        held.insert(r.port);
    return held;
}

NodePortAllocator::NodePortAllocator(Random &random) : m_random(random) { }

std::vector<manifest::FieldError> NodePortAllocator::check(const model::Service &service,
                                                           const model::Service *previous,
                                                           std::set<int> &taken) const
{
    std::vector<manifest::FieldError> errors;
    const std::set<int> own = previous ? heldNodePorts(*previous) : std::set<int>{};
    std::set<int> mine; // the same port for TCP and UDP of one Service is one claim
    for (const auto &r : requestedPorts(service)) {
        if (r.port < kMin || r.port > kMax) {
            errors.push_back(invalid(r,
                                     "provided port is not in the valid range. The range of valid "
                                     "ports is "
                                             + std::to_string(kMin) + "-" + std::to_string(kMax)));
            continue;
        }
        if (own.count(r.port) || mine.count(r.port))
            continue;
        if (m_allocated.count(r.port) || taken.count(r.port)) {
            errors.push_back(invalid(r, "provided port is already allocated"));
            continue;
        }
        mine.insert(r.port);
    }
    if (errors.empty())
        taken.insert(mine.begin(), mine.end());
    return errors;
}

std::vector<manifest::FieldError> NodePortAllocator::allocate(model::Service &service,
                                                              const model::Service *previous)
{
    std::set<int> none;
    if (auto errors = check(service, previous, none); !errors.empty())
        return errors;
    const bool ports = model::needsNodePorts(service.spec);
    const bool healthCheck = model::needsHealthCheckNodePort(service.spec);
    std::set<int> wanted = heldNodePorts(service);
    const std::size_t free = std::size_t(kMax - kMin + 1) - m_allocated.size();
    std::size_t missing = healthCheck && service.spec.healthCheckNodePort == 0 ? 1 : 0;
    if (ports)
        for (const auto &port : service.spec.ports)
            missing += port.nodePort == 0 ? 1 : 0;
    if (missing > free - std::min(free, std::size_t(none.size())))
        return { { "spec.ports", "FieldValueInvalid",
                   "Invalid value: []core.ServicePort(nil): failed to allocate a nodePort: range "
                   "is full" } };
    auto next = [&] {
        for (;;) {
            const int port = kMin + int(m_random.below(kMax - kMin + 1));
            if (!m_allocated.count(port) && !wanted.count(port)) {
                wanted.insert(port);
                return port;
            }
        }
    };
    // The same port number for TCP and UDP shares one node port, as upstream allocates it.
    if (ports)
        for (auto &port : service.spec.ports)
            if (port.nodePort == 0) {
                for (const auto &other : service.spec.ports)
                    if (other.port == port.port && other.nodePort != 0)
                        port.nodePort = other.nodePort;
                if (port.nodePort == 0)
                    port.nodePort = next();
            }
    if (healthCheck && service.spec.healthCheckNodePort == 0)
        service.spec.healthCheckNodePort = next();
    for (int port : heldNodePorts(service))
        m_allocated.insert(port);
    return {};
}

void NodePortAllocator::observe(const WatchEvent &event)
{
    const auto *previous = event.previousAs<model::Service>();
    if (!previous)
        return;
    const auto *current = event.currentAs<model::Service>();
    const std::set<int> still = current ? heldNodePorts(*current) : std::set<int>{};
    for (int port : heldNodePorts(*previous))
        if (!still.count(port))
            m_allocated.erase(port);
}

} // namespace clusterlab::cluster
