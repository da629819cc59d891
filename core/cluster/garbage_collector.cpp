#include "cluster/garbage_collector.h"

#include "cluster/deleter.h"

#include <algorithm>

namespace clusterlab::cluster {

GarbageCollector::GarbageCollector(ControllerContext context) : m_context(context) { }

void GarbageCollector::observe(const WatchEvent &event)
{
    const auto &meta = model::meta(event.object());
    if (event.type == WatchEvent::Type::Deleted) {
        if (!m_context.store.dependentsOf(meta.uid).empty())
            m_owners.add(meta.uid);
        if (m_context.deleter.deletingForeground(meta.uid))
            m_goneForeground.insert(meta.uid);
    } else if (meta.deletionTimestamp && m_context.deleter.deletingForeground(meta.uid)) {
        m_owners.add(meta.uid);
    }
    // A dependent that goes (or lets go) may be the last one a Foreground owner waits for.
    if (event.type != WatchEvent::Type::Added && event.previous)
        for (const auto &ref : model::meta(*event.previous).ownerReferences)
            if (m_context.deleter.deletingForeground(ref.uid))
                m_owners.add(ref.uid);
}

void GarbageCollector::sync()
{
    for (const auto &uid : m_owners.take())
        syncOwner(uid);
}

void GarbageCollector::syncOwner(const std::string &uid)
{
    const auto owner = m_context.store.findUid(uid);
    const std::set<ObjectKey> dependents = m_context.store.dependentsOf(uid); // a copy
    if (!owner) {
        // Removed while its dependents were still going (its namespace went, say): finish
        // their Foreground delete without it.
        const bool foreground = m_goneForeground.erase(uid) > 0;
        if (foreground)
            m_context.deleter.finishForeground(uid);
        for (const auto &key : dependents)
            deleteDependent(key, uid, foreground);
        return;
    }
    if (!model::meta(*owner).deletionTimestamp || !m_context.deleter.deletingForeground(uid))
        return;
    if (dependents.empty()) {
        m_context.deleter.finishForeground(uid);
        return;
    }
    for (const auto &key : dependents)
        if (auto dependent = m_context.store.get(key);
            dependent && !model::meta(*dependent).deletionTimestamp)
            m_context.deleter.remove(key, Propagation::Foreground);
}

void GarbageCollector::deleteDependent(const ObjectKey &key, const std::string &ownerUid,
                                       bool foreground)
{
    const auto dependent = m_context.store.get(key);
    if (!dependent)
        return;
    const auto &refs = model::meta(*dependent).ownerReferences;
    const bool otherOwnerLives = std::any_of(refs.begin(), refs.end(), [&](const auto &ref) {
        return ref.uid != ownerUid && m_context.store.findUid(ref.uid);
    });
    if (otherOwnerLives) {
        model::Object next = *dependent;
        std::erase_if(model::meta(next).ownerReferences, [&](const auto &ref) {
            return !m_context.store.findUid(ref.uid);
        });
        m_context.store.update(std::move(next));
        return;
    }
    if (!model::meta(*dependent).deletionTimestamp)
        m_context.deleter.remove(key,
                                 foreground ? Propagation::Foreground : Propagation::Background);
}

} // namespace clusterlab::cluster
