#include "cluster/store.h"

#include "cluster/random.h"

#include <algorithm>

namespace clusterlab::cluster {

ObjectKey keyOf(const model::Object &object)
{
    const auto &meta = model::meta(object);
    return { model::kindOf(object), meta.namespace_, meta.name };
}

namespace {

std::string labelKey(const std::string &kind, const std::string &ns, const std::string &key,
                     const std::string &value)
{
    std::string out;
    out.reserve(kind.size() + ns.size() + key.size() + value.size() + 3);
    out.append(kind).push_back('\0');
    out.append(ns).push_back('\0');
    out.append(key).push_back('\0');
    out.append(value);
    return out;
}

bool hasSpec(const model::Object &object)
{
    return std::visit(
            [](const auto &o) {
                return requires
                {
                    o.spec;
                };
            },
            object);
}

bool specChanged(const model::Object &previous, const model::Object &current)
{
    return std::visit(
            [&](const auto &cur) {
                using T = std::decay_t<decltype(cur)>;
                if constexpr (requires { cur.spec; }) {
                    const T *prev = std::get_if<T>(&previous);
                    return !prev || !(prev->spec == cur.spec);
                } else {
                    return false;
                }
            },
            current);
}

} // namespace

Store::Store(Random &random) : m_random(random) { }

model::ObjectPtr Store::get(const std::string &kind, const std::string &ns,
                            const std::string &name) const
{
    const auto table = m_objects.find(kind);
    if (table == m_objects.end())
        return nullptr;
    const auto it = table->second.find(KeyView(ns, name));
    return it == table->second.end() ? nullptr : it->second;
}

std::vector<model::ObjectPtr> Store::list(const std::string &kind, const std::string &ns) const
{
    std::vector<model::ObjectPtr> out;
    const auto table = m_objects.find(kind);
    if (table == m_objects.end())
        return out;
    if (ns.empty()) {
        out.reserve(table->second.size());
        for (const auto &[key, object] : table->second)
            out.push_back(object);
        return out;
    }
    for (auto it = table->second.lower_bound(KeyView(ns, std::string_view()));
         it != table->second.end() && std::get<0>(it->first) == ns; ++it)
        out.push_back(it->second);
    return out;
}

std::vector<model::ObjectPtr> Store::select(const std::string &kind, const std::string &ns,
                                            const model::Labels &required) const
{
    if (required.empty())
        return list(kind, ns);
    // Walk the smallest posting list, then check the other labels on each object.
    const std::set<std::string> *smallest = nullptr;
    for (const auto &[key, value] : required) {
        const auto it = m_labels.find(labelKey(kind, ns, key, value));
        if (it == m_labels.end())
            return {};
        if (!smallest || it->second.size() < smallest->size())
            smallest = &it->second;
    }
    std::vector<model::ObjectPtr> out;
    for (const auto &name : *smallest) {
        auto object = get(kind, ns, name);
        const auto &labels = model::meta(*object).labels;
        const bool all = std::all_of(required.begin(), required.end(), [&](const auto &kv) {
            const auto it = labels.find(kv.first);
            return it != labels.end() && it->second == kv.second;
        });
        if (all)
            out.push_back(std::move(object));
    }
    return out;
}

const std::set<ObjectKey> &Store::dependentsOf(const std::string &uid) const
{
    static const std::set<ObjectKey> kNone;
    const auto it = m_dependents.find(uid);
    return it == m_dependents.end() ? kNone : it->second;
}

model::ObjectPtr Store::findUid(const std::string &uid) const
{
    const auto it = m_uids.find(uid);
    return it == m_uids.end() ? nullptr : get(it->second);
}

std::vector<std::string> Store::kinds() const
{
    std::vector<std::string> out;
    for (const auto &[kind, table] : m_objects)
        if (!table.empty())
            out.push_back(kind);
    return out;
}

model::ObjectPtr Store::create(model::Object object)
{
    const ObjectKey key = keyOf(object);
    auto &slot = m_objects[key.kind][{ key.namespace_, key.name }]; // a new key: built once
    if (slot)
        return nullptr;
    auto &meta = model::meta(object);
    meta.uid = m_random.uid();
    meta.resourceVersion = ++m_resourceVersion;
    meta.creationTimestamp = std::chrono::system_clock::now();
    meta.generation = hasSpec(object) ? 1 : 0;
    m_uids[meta.uid] = key;
    slot = std::make_shared<const model::Object>(std::move(object));
    index(nullptr, slot.get());
    notify({ WatchEvent::Type::Added, nullptr, slot });
    return slot;
}

model::ObjectPtr Store::update(model::Object object)
{
    const ObjectKey key = keyOf(object);
    const auto table = m_objects.find(key.kind);
    if (table == m_objects.end())
        return nullptr;
    const auto it = table->second.find(KeyView(key.namespace_, key.name));
    if (it == table->second.end())
        return nullptr;
    const model::ObjectPtr previous = it->second;
    const auto &before = model::meta(*previous);
    auto &meta = model::meta(object);
    meta.uid = before.uid;
    meta.creationTimestamp = before.creationTimestamp;
    meta.resourceVersion = before.resourceVersion;
    meta.generation = before.generation;
    if (object == *previous)
        return previous;
    if (specChanged(*previous, object))
        ++meta.generation;
    meta.resourceVersion = ++m_resourceVersion;
    it->second = std::make_shared<const model::Object>(std::move(object));
    index(previous.get(), it->second.get());
    notify({ WatchEvent::Type::Modified, previous, it->second });
    return it->second;
}

model::ObjectPtr Store::remove(const ObjectKey &key)
{
    const auto table = m_objects.find(key.kind);
    if (table == m_objects.end())
        return nullptr;
    const auto it = table->second.find(KeyView(key.namespace_, key.name));
    if (it == table->second.end())
        return nullptr;
    model::ObjectPtr previous = std::move(it->second);
    table->second.erase(it);
    ++m_resourceVersion;
    m_uids.erase(model::meta(*previous).uid);
    index(previous.get(), nullptr);
    notify({ WatchEvent::Type::Deleted, previous, nullptr });
    return previous;
}

void Store::index(const model::Object *previous, const model::Object *current)
{
    const model::Object &any = current ? *current : *previous;
    const std::string kind = model::kindOf(any);
    const auto &ns = model::meta(any).namespace_;
    const auto &name = model::meta(any).name;
    static const model::Labels kNone;
    static const std::vector<model::OwnerReference> kNoOwners;
    const auto &oldLabels = previous ? model::meta(*previous).labels : kNone;
    const auto &newLabels = current ? model::meta(*current).labels : kNone;
    if (oldLabels != newLabels) {
        for (const auto &[k, v] : oldLabels) {
            const auto it = newLabels.find(k);
            if (it != newLabels.end() && it->second == v)
                continue;
            const auto posting = m_labels.find(labelKey(kind, ns, k, v));
            posting->second.erase(name);
            if (posting->second.empty())
                m_labels.erase(posting);
        }
        for (const auto &[k, v] : newLabels) {
            const auto it = oldLabels.find(k);
            if (it == oldLabels.end() || it->second != v)
                m_labels[labelKey(kind, ns, k, v)].insert(name);
        }
    }
    const auto &oldOwners = previous ? model::meta(*previous).ownerReferences : kNoOwners;
    const auto &newOwners = current ? model::meta(*current).ownerReferences : kNoOwners;
    if (oldOwners != newOwners) {
        const ObjectKey key{ kind, ns, name };
        for (const auto &ref : oldOwners) {
            const auto posting = m_dependents.find(ref.uid);
            if (posting == m_dependents.end())
                continue;
            posting->second.erase(key);
            if (posting->second.empty())
                m_dependents.erase(posting);
        }
        for (const auto &ref : newOwners)
            m_dependents[ref.uid].insert(key);
    }
}

std::uint64_t Store::watch(WatchHandler handler)
{
    const std::uint64_t id = m_nextWatchId++;
    m_watchers.emplace_back(id, std::make_shared<WatchHandler>(std::move(handler)));
    return id;
}

void Store::unwatch(std::uint64_t id)
{
    for (auto &[watchId, handler] : m_watchers)
        if (watchId == id)
            handler = nullptr;
}

void Store::notify(const WatchEvent &event)
{
    // By index, holding each handler: a handler may watch or unwatch while we walk the list.
    ++m_notifying;
    for (std::size_t i = 0; i < m_watchers.size(); ++i)
        if (auto handler = m_watchers[i].second)
            (*handler)(event);
    if (--m_notifying == 0)
        std::erase_if(m_watchers, [](const auto &w) {
            return !w.second;
        });
}

} // namespace clusterlab::cluster
