#include "api/commands.h"

#include "api/discovery.h"
#include "api/encode.h"
#include "api/engine_view.h"
#include "api/write_path.h"
#include "cluster/cluster.h"

#include <algorithm>
#include <map>

namespace clusterlab::api {

namespace json = boost::json;

namespace {

/// toClusterError words a Status the write path answered as the cluster's own error: the
/// code whose reason it carries (reasonOf), else BadRequest.
cluster::Error toClusterError(const StatusError &status)
{
    using Code = cluster::Error::Code;
    for (const Code code :
         { Code::NotFound, Code::AlreadyExists, Code::Invalid, Code::Conflict, Code::Forbidden })
        if (cluster::reasonOf(code) == status.reason)
            return { code, status.message, {} };
    return { Code::BadRequest, status.message, {} };
}

} // namespace

Commands::Commands(cluster::Cluster &cluster, ApiState &state, std::string manager)
    : m_cluster(cluster), m_state(state), m_manager(std::move(manager))
{
}

cluster::ObjectResult Commands::scale(const std::string &kind, const std::string &ns,
                                      const std::string &name, std::int64_t replicas)
{
    return detail::scaleOnStrand({ cluster::WriteMode::Commit, m_manager, {} }, kind, ns, name,
                                 replicas, {}, m_cluster, m_state);
}

cluster::ObjectResult Commands::scaleBy(const std::string &kind, const std::string &ns,
                                        const std::string &name, std::int64_t delta)
{
    const auto current = m_cluster.store().get(kind, ns, name);
    if (!current)
        return cluster::notFound(kind, name);
    return scale(kind, ns, name,
                 std::max<std::int64_t>(0, model::replicasOf(*current).value_or(1) + delta));
}

cluster::ObjectResult Commands::edit(const std::string &kind, const std::string &ns,
                                     const std::string &name, const Edit &change)
{
    const ApiResource *resource = resourceForKind(kind);
    if (!resource)
        return cluster::badRequest("the server doesn't have a resource type for " + kind);
    auto previous = m_cluster.store().get(kind, ns, name);
    if (!previous)
        return cluster::notFound(kind, name);
    json::object document = encodeObject(*previous);
    change(document);
    detail::Written written =
            detail::writeOnStrand({ cluster::WriteMode::Commit, m_manager, "Strict" }, *resource,
                                  { std::move(document), std::move(previous) }, m_cluster, m_state);
    if (written.status)
        return toClusterError(*written.status);
    return written.result;
}

cluster::ObjectResult Commands::remove(const std::string &kind, const std::string &ns,
                                       const std::string &name, const std::string &propagation,
                                       std::optional<std::int64_t> gracePeriodSeconds)
{
    return m_cluster.remove(kind, ns, name, propagation, gracePeriodSeconds);
}

cluster::ApplyResult Commands::apply(const std::vector<manifest::DecodedObject> &objects,
                                     cluster::ApplyMode mode)
{
    std::map<std::string, json::object> before; ///< uid -> as it was
    for (const auto &decoded : objects) {
        const auto &meta = model::meta(decoded.object);
        const std::string ns = meta.namespace_.empty() ? "default" : meta.namespace_;
        if (auto existing = m_cluster.store().get(model::kindOf(decoded.object), ns, meta.name))
            before.emplace(model::meta(*existing).uid, encodeObject(*existing));
    }
    cluster::ApplyResult result = m_cluster.apply(objects, mode);
    for (const auto &stored : result.objects) {
        if (!stored)
            continue;
        const auto &meta = model::meta(*stored);
        const auto found = before.find(meta.uid);
        m_state.managers.recordUpdate(meta.uid, m_manager,
                                      found == before.end() ? nullptr : &found->second,
                                      encodeObject(*stored), model::kindOf(*stored));
    }
    return result;
}

} // namespace clusterlab::api
