#pragma once

#include "cluster/controller.h"

#include <string>

namespace clusterlab::cluster {

/// NamespaceController empties a Terminating namespace (workloads first, so nothing is
/// re-created behind it) and removes the Namespace once nothing is left in it.
/// Thread: engine strand only.
class NamespaceController : public Controller
{
public:
    explicit NamespaceController(ControllerContext context);

    void observe(const WatchEvent &event) override;
    bool pending() const override { return !m_queue.empty(); }
    void sync() override;

private:
    void syncNamespace(const std::string &name);

    ControllerContext m_context;
    WorkQueue<std::string> m_queue;
};

/// acceptsContent says whether ns exists and is not Terminating, so objects may be created in it.
bool acceptsContent(const Store &store, const std::string &ns);

} // namespace clusterlab::cluster
