#pragma once

#include "cluster/store.h"
#include "model/service.h"
#include "shell/shell.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace clusterlab {

/// PodShells remembers, for every Pod the data plane runs, the Services its containers
/// started with (kubelet writes their link variables into the environment once, at start:
/// Services created later are not in it), and builds the shell's PodInfo for `kubectl exec`.
/// Thread: engine strand.
class PodShells
{
public:
    /// started records the Services of the Pod's namespace (and `kubernetes`) now, once.
    void started(const model::Pod &pod, const cluster::Store &store);
    /// stopped forgets a Pod that no longer runs.
    void stopped(const std::string &uid);

    /// podInfo is what container's shell knows of the Pod; nothing when the Pod does not run.
    /// realPort maps an address and port to where it really listens.
    std::optional<shell::PodInfo>
    podInfo(const cluster::Store &store, const std::string &ns, const std::string &name,
            const std::string &container,
            std::function<int(const std::string &, int)> realPort) const;

private:
    std::map<std::string, std::vector<model::Service>> m_servicesAtStart; ///< by Pod uid
};

} // namespace clusterlab
