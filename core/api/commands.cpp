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

/// toClusterError words a Status the write path answered as the cluster's own errors.
cluster::Error toClusterError(const StatusError &status)
{
    using Code = cluster::Error::Code;
    static const std::map<std::string, Code> codes{
        { "NotFound", Code::NotFound },   { "AlreadyExists", Code::AlreadyExists },
        { "Invalid", Code::Invalid },     { "Conflict", Code::Conflict },
        { "Forbidden", Code::Forbidden },
    };
    const auto found = codes.find(status.reason);
    return { found == codes.end() ? Code::BadRequest : found->second, status.message, {} };
}

/// replicasOf is spec.replicas of a scalable workload as stored (1 when unset).
std::int64_t replicasOf(const model::Object &object)
{
    const json::object encoded = encodeObject(object);
    if (const auto *spec = encoded.if_contains("spec"); spec && spec->is_object())
        if (const auto *replicas = spec->get_object().if_contains("replicas");
            replicas && replicas->is_int64())
            return replicas->get_int64();
    return 1;
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
    return scale(kind, ns, name, std::max<std::int64_t>(0, replicasOf(*current) + delta));
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
