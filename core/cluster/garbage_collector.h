#pragma once

#include "cluster/controller.h"

#include <set>
#include <string>

namespace clusterlab::cluster {

/// GarbageCollector follows ownerReferences as Kubernetes' garbage collector does: when an
/// owner is gone, a dependent that has no other live owner is deleted (Background, or
/// Foreground when the owner went that way), and one that has is just unlinked; an owner
/// deleted in Foreground is removed once its last dependent is gone.
/// Thread: engine strand only.
class GarbageCollector : public Controller
{
public:
    explicit GarbageCollector(ControllerContext context);

    void observe(const WatchEvent &event) override;
    bool pending() const override { return !m_owners.empty(); }
    void sync() override;

private:
    void syncOwner(const std::string &uid);
    void deleteDependent(const ObjectKey &key, const std::string &ownerUid, bool foreground);

    ControllerContext m_context;
    WorkQueue<std::string> m_owners; ///< owner uids whose dependents need a look
    std::set<std::string> m_goneForeground; ///< owners removed at the end of a Foreground delete
};

} // namespace clusterlab::cluster
