#include "cluster/namespace_controller.h"

#include "cluster/deleter.h"

#include <algorithm>
#include <array>

namespace clusterlab::cluster {

bool acceptsContent(const Store &store, const std::string &ns)
{
    const auto object = store.getAs<model::Namespace>("", ns);
    return object && !object->metadata.deletionTimestamp;
}

NamespaceController::NamespaceController(ControllerContext context) : m_context(context) { }

void NamespaceController::observe(const WatchEvent &event)
{
    const model::Object &object = event.object();
    if (const auto *ns = std::get_if<model::Namespace>(&object)) {
        if (ns->metadata.deletionTimestamp && event.type != WatchEvent::Type::Deleted)
            m_queue.add(ns->metadata.name);
        return;
    }
    // The last object of a Terminating namespace going lets the namespace go.
    const auto &ns = model::meta(object).namespace_;
    if (event.type == WatchEvent::Type::Deleted && !ns.empty()
        && !acceptsContent(m_context.store, ns))
        m_queue.add(ns);
}

void NamespaceController::sync()
{
    for (const auto &name : m_queue.take())
        syncNamespace(name);
}

void NamespaceController::syncNamespace(const std::string &name)
{
    const auto ns = m_context.store.getAs<model::Namespace>("", name);
    if (!ns || !ns->metadata.deletionTimestamp)
        return;
    // Owners first: a ReplicaSet deleted after its Pods would only replace them.
    static const std::array<const char *, 4> kOwnersFirst = { "Deployment", "StatefulSet",
                                                              "ReplicaSet",
                                                              "ReplicationController" };
    std::vector<std::string> kinds(kOwnersFirst.begin(), kOwnersFirst.end());
    for (const auto &kind : m_context.store.kinds())
        if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end())
            kinds.push_back(kind);
    bool empty = true;
    for (const auto &kind : kinds) {
        for (const auto &object : m_context.store.list(kind, name)) {
            empty = false;
            if (!model::meta(*object).deletionTimestamp)
                m_context.deleter.remove(keyOf(*object), Propagation::Background);
        }
    }
    if (empty)
        m_context.store.remove({ "Namespace", "", name });
}

} // namespace clusterlab::cluster
