#pragma once

#include "cluster/store.h"

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace clusterlab::cluster {

/// Propagation is DeleteOptions.propagationPolicy.
enum class Propagation { Background, Foreground, Orphan };

/// parsePropagation reads "Background", "Foreground" or "Orphan" ("" = Background).
std::optional<Propagation> parsePropagation(std::string_view text);

/// Deleter is the API server's delete path, shared by kubectl-style deletes and the
/// controllers. Pods on a node are deleted gracefully (deletionTimestamp set, Ready false at
/// once so they leave endpoints first; the kubelet removes them later). A Namespace turns
/// Terminating (the namespace controller empties it). Foreground keeps the owner, with a
/// deletionTimestamp, until the garbage collector has removed its dependents; Orphan strips
/// the owner reference from dependents first; Background removes the owner now.
/// Thread: engine strand only.
class Deleter
{
public:
    explicit Deleter(Store &store);

    /// remove deletes key; returns the object as it is afterwards (still stored while
    /// terminating) or as it was before removal; null when absent.
    model::ObjectPtr remove(const ObjectKey &key, Propagation policy,
                            std::optional<std::int64_t> gracePeriodSeconds = std::nullopt);
    /// deletingForeground says whether uid waits for its dependents to go first.
    bool deletingForeground(const std::string &uid) const { return m_foreground.count(uid); }
    /// finishForeground removes an owner whose dependents are gone.
    void finishForeground(const std::string &uid);

private:
    model::ObjectPtr removePod(const model::ObjectPtr &object,
                               std::optional<std::int64_t> gracePeriodSeconds);
    model::ObjectPtr markDeleting(const model::ObjectPtr &object);
    void orphanDependents(const std::string &uid);

    Store &m_store;
    std::set<std::string> m_foreground;
};

} // namespace clusterlab::cluster
