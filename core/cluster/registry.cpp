#include "cluster/registry.h"

#include "cluster/cluster_ip_allocator.h"
#include "cluster/event_recorder.h"
#include "cluster/node_port_allocator.h"
#include "cluster/random.h"
#include "cluster/service_strategy.h"
#include "manifest/validate.h"

namespace clusterlab::cluster {

namespace {

/// defaultNamespace puts a namespaced object in "default" when none is given and takes the
/// namespace off a cluster-scoped one. False when the kind is not served.
bool defaultNamespace(model::Object &object)
{
    const model::KindInfo *info = model::kindInfo(model::kindOf(object));
    if (!info)
        return false;
    auto &meta = model::meta(object);
    if (!info->namespaced)
        meta.namespace_.clear();
    else if (meta.namespace_.empty())
        meta.namespace_ = "default";
    return true;
}

Error notServed()
{
    return { Error::Code::NotFound, "the server could not find the requested resource", {} };
}

/// assignPodCIDR gives a Node created without one the next free 127.244.N.0/24.
void assignPodCIDR(model::Node &node, const Store &store)
{
    if (!node.podCIDR.empty())
        return;
    std::set<std::string> taken;
    for (const auto &other : store.listOf<model::Node>())
        taken.insert(other->podCIDR);
    for (int n = 1; n < 255; ++n) {
        const std::string prefix = "127.244." + std::to_string(n) + ".";
        if (!taken.count(prefix + "0/24")) {
            node.podCIDR = prefix + "0/24";
            if (node.internalIP.empty())
                node.internalIP = prefix + "1";
            return;
        }
    }
}

} // namespace

bool isSystemAnnotation(const std::string &key)
{
    return key.starts_with("deployment.kubernetes.io/");
}

Registry::Registry(Store &store, ClusterIpAllocator &clusterIPs, NodePortAllocator &nodePorts,
                   Random &random, EventRecorder &events)
    : m_store(store),
      m_clusterIPs(clusterIPs),
      m_nodePorts(nodePorts),
      m_random(random),
      m_events(events)
{
}

Prepared Registry::prepareCreate(model::Object object, Claims *claims,
                                 std::vector<std::string> *warnings) const
{
    if (!defaultNamespace(object))
        return notServed();
    const std::string kind = model::kindOf(object);
    auto &meta = model::meta(object);
    if (auto errors = manifest::validate(object); !errors.empty())
        return invalid(kind, meta.name, std::move(errors));
    if (meta.name.empty() && meta.generateName.empty())
        return invalid(kind, "",
                       { { "metadata.name", "FieldValueRequired",
                           "Required value: name or generateName is required" } });
    if (!meta.namespace_.empty() && !(claims && claims->namespaces.count(meta.namespace_))) {
        const auto ns = m_store.getAs<model::Namespace>("", meta.namespace_);
        if (!ns)
            return notFound("Namespace", meta.namespace_);
        if (ns->metadata.deletionTimestamp)
            return forbidden(kind, meta.name,
                             "unable to create new content in namespace " + meta.namespace_
                                     + " because it is being terminated");
    }
    if (!meta.name.empty() && m_store.get(kind, meta.namespace_, meta.name))
        return alreadyExists(kind, meta.name);
    // The create strategy: the server owns status and the system fields.
    meta.deletionTimestamp.reset();
    meta.deletionGracePeriodSeconds.reset();
    std::visit(
            [](auto &o) {
                if constexpr (requires { o.status; })
                    o.status = {};
                if constexpr (requires { o.phase; })
                    o.phase = "Active";
            },
            object);
    if (auto *node = std::get_if<model::Node>(&object))
        assignPodCIDR(*node, m_store);
    if (auto *svc = std::get_if<model::Service>(&object)) {
        if (auto warning = m_clusterIPs.mapRequested(*svc); warning && warnings)
            warnings->push_back(std::move(*warning));
        std::set<std::uint32_t> local;
        if (auto errors = m_clusterIPs.check(*svc, nullptr, claims ? claims->clusterIPs : local);
            !errors.empty())
            return invalid(kind, meta.name, std::move(errors));
        std::set<int> ports;
        if (auto errors = m_nodePorts.check(*svc, nullptr, claims ? claims->nodePorts : ports);
            !errors.empty())
            return invalid(kind, meta.name, std::move(errors));
    }
    return object;
}

Prepared Registry::prepareUpdate(model::Object object, const model::Object &previous,
                                 Claims *claims, std::vector<std::string> *warnings) const
{
    if (!defaultNamespace(object))
        return notServed();
    const std::string kind = model::kindOf(object);
    auto &meta = model::meta(object);
    const auto &before = model::meta(previous);
    if (meta.resourceVersion != 0 && meta.resourceVersion != before.resourceVersion)
        return conflict(kind, meta.name);
    // The update strategy: system fields and status stay as the server has them, values the
    // server filled in (ClusterIP, node) stay when the manifest leaves them out.
    meta.uid = before.uid;
    meta.resourceVersion = before.resourceVersion;
    meta.generation = before.generation;
    meta.creationTimestamp = before.creationTimestamp;
    meta.deletionTimestamp = before.deletionTimestamp;
    meta.deletionGracePeriodSeconds = before.deletionGracePeriodSeconds;
    if (meta.ownerReferences.empty())
        meta.ownerReferences = before.ownerReferences;
    for (const auto &[key, value] : before.annotations)
        if (isSystemAnnotation(key))
            meta.annotations.try_emplace(key, value);
    std::visit(
            [&](auto &o) {
                using T = std::decay_t<decltype(o)>;
                const T *old = std::get_if<T>(&previous);
                if constexpr (requires { o.status; })
                    if (old)
                        o.status = old->status;
                if constexpr (requires { o.phase; })
                    if (old)
                        o.phase = old->phase;
            },
            object);
    if (auto *pod = std::get_if<model::Pod>(&object); pod && pod->spec.nodeName.empty())
        if (const auto *old = std::get_if<model::Pod>(&previous))
            pod->spec.nodeName = old->spec.nodeName;
    const auto *oldSvc = std::get_if<model::Service>(&previous);
    auto *svc = std::get_if<model::Service>(&object);
    if (svc && oldSvc) {
        if (auto warning = m_clusterIPs.mapRequested(*svc); warning && warnings)
            warnings->push_back(std::move(*warning));
        if (svc->spec.clusterIP.empty() && svc->spec.clusterIPs.empty()
            && svc->spec.type != "ExternalName" && oldSvc->spec.type != "ExternalName") {
            svc->spec.clusterIP = oldSvc->spec.clusterIP;
            svc->spec.clusterIPs = oldSvc->spec.clusterIPs;
        }
        // As the Service strategy does: clusterIPs follows a clusterIP written alone.
        if (svc->spec.clusterIPs.empty() && !svc->spec.clusterIP.empty())
            svc->spec.clusterIPs = { svc->spec.clusterIP };
        patchAllocatedValues(*svc, *oldSvc);
        dropTypeDependentFields(*svc, *oldSvc);
    }
    if (auto errors = manifest::validateUpdate(previous, object); !errors.empty())
        return invalid(kind, meta.name, std::move(errors));
    if (svc && oldSvc) {
        std::set<std::uint32_t> local;
        if (auto errors = m_clusterIPs.check(*svc, oldSvc, claims ? claims->clusterIPs : local);
            !errors.empty())
            return invalid(kind, meta.name, std::move(errors));
        std::set<int> ports;
        if (auto errors = m_nodePorts.check(*svc, oldSvc, claims ? claims->nodePorts : ports);
            !errors.empty())
            return invalid(kind, meta.name, std::move(errors));
    }
    return object;
}

ObjectResult Registry::commitCreate(model::Object prepared,
                                    const std::vector<std::string> &warnings)
{
    auto &meta = model::meta(prepared);
    const std::string kind = model::kindOf(prepared);
    if (meta.name.empty()) {
        do {
            meta.name = meta.generateName + m_random.suffix();
        } while (m_store.get(kind, meta.namespace_, meta.name));
    }
    if (auto *svc = std::get_if<model::Service>(&prepared)) {
        if (auto errors = m_nodePorts.allocate(*svc, nullptr); !errors.empty())
            return invalid(kind, meta.name, std::move(errors));
        if (auto errors = m_clusterIPs.allocate(*svc, nullptr); !errors.empty())
            return invalid(kind, meta.name, std::move(errors));
    }
    auto stored = m_store.create(std::move(prepared));
    if (!stored)
        return alreadyExists(kind, meta.name);
    for (const auto &warning : warnings)
        m_events.record(*stored, "Warning", "ClusterIPMapped", warning, "clusterlab");
    return stored;
}

ObjectResult Registry::commitUpdate(model::Object prepared, const model::Object &previous)
{
    const std::string kind = model::kindOf(prepared);
    if (auto *svc = std::get_if<model::Service>(&prepared)) {
        const auto *before = std::get_if<model::Service>(&previous);
        if (auto errors = m_nodePorts.allocate(*svc, before); !errors.empty())
            return invalid(kind, model::meta(prepared).name, std::move(errors));
        if (auto errors = m_clusterIPs.allocate(*svc, before); !errors.empty())
            return invalid(kind, model::meta(prepared).name, std::move(errors));
    }
    auto stored = m_store.update(std::move(prepared));
    if (!stored)
        return notFound(kind, model::meta(previous).name);
    return stored;
}

ObjectResult Registry::create(model::Object object, WriteMode mode)
{
    std::vector<std::string> warnings;
    auto prepared = prepareCreate(std::move(object), nullptr, &warnings);
    if (!prepared)
        return prepared.error();
    if (mode == WriteMode::DryRun)
        return std::make_shared<const model::Object>(std::move(*prepared));
    return commitCreate(std::move(*prepared), warnings);
}

ObjectResult Registry::update(model::Object object, WriteMode mode)
{
    if (!defaultNamespace(object))
        return notServed();
    const ObjectKey key = keyOf(object);
    const auto previous = m_store.get(key);
    if (!previous)
        return notFound(key.kind, key.name);
    std::vector<std::string> warnings;
    auto prepared = prepareUpdate(std::move(object), *previous, nullptr, &warnings);
    if (!prepared)
        return prepared.error();
    if (mode == WriteMode::DryRun)
        return std::make_shared<const model::Object>(std::move(*prepared));
    auto stored = commitUpdate(std::move(*prepared), *previous);
    if (stored)
        for (const auto &warning : warnings)
            m_events.record(**stored, "Warning", "ClusterIPMapped", warning, "clusterlab");
    return stored;
}

} // namespace clusterlab::cluster
