#pragma once

#include "api/status.h"

#include <boost/json/object.hpp>

#include <map>
#include <optional>
#include <set>
#include <string>

namespace clusterlab::api {

/// FieldManagers is server-side apply's bookkeeping, kept simple: per object (uid), which
/// field manager last set which fields. A field is a leaf path such as `.spec.replicas` or
/// `.spec.ports[port=80].targetPort`; an item of a list with a merge key is a field too.
/// Writes that are not applies give their manager (fieldManager, or the client's name)
/// the fields they changed; an apply owns exactly the fields it sets, removes those it
/// set last time and no longer sets (unless another manager owns them), and conflicts
/// when it would change a field another manager owns, unless forced. managedFields are not
/// returned to clients: kubectl then has no client-side-apply history to migrate.
/// Thread: engine strand only.
class FieldManagers
{
public:
    /// recordUpdate gives manager the fields that differ between before (null: created) and
    /// after, and drops fields that no longer exist.
    void recordUpdate(const std::string &uid, const std::string &manager,
                      const boost::json::object *before, const boost::json::object &after,
                      const std::string &kind);

    /// ApplyPlan is an apply's merged document, or the 409 Conflict naming every field
    /// another manager owns.
    struct ApplyPlan
    {
        boost::json::object merged;
        std::optional<StatusError> conflict;
    };
    /// planApply merges applied into current for manager, checking ownership.
    ApplyPlan planApply(const std::string &uid, const std::string &manager,
                        const boost::json::object &current, const boost::json::object &applied,
                        bool force, const std::string &kind, const std::string &apiVersion) const;
    /// commitApply records what a successful apply owns now (force takes the fields).
    void commitApply(const std::string &uid, const std::string &manager,
                     const boost::json::object &applied, const std::string &kind);
    /// forget drops an object that was deleted.
    void forget(const std::string &uid) { m_objects.erase(uid); }

    /// managersOf lists "manager (Apply|Update)" owning field of uid (tests, diagnostics).
    std::set<std::string> managersOf(const std::string &uid, const std::string &field) const;

private:
    using Owners = std::map<std::string, std::set<std::string>>; ///< "name|Apply" -> fields
    std::map<std::string, Owners> m_objects;
};

} // namespace clusterlab::api
