#pragma once

#include "model/object.h"

#include <compare>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

namespace clusterlab::cluster {

class Random;

/// ObjectKey names one stored object; namespace_ is "" for cluster-scoped kinds.
struct ObjectKey
{
    std::string kind;
    std::string namespace_;
    std::string name;

    auto operator<=>(const ObjectKey &) const = default;
};

/// keyOf returns the key an object is stored under.
ObjectKey keyOf(const model::Object &object);

/// TextTupleLess orders tuples of std::string and std::string_view by their text, so a map
/// keyed by string tuples is searched with views, without building keys. std::less<> would
/// compare tuple<string, ...> with tuple<string_view, ...> through tuple's mixed-type
/// operator<, which clang 14 with libstdc++ 12 does not compile.
struct TextTupleLess
{
    using is_transparent = void;

    template <class A, class B>
    bool operator()(const A &a, const B &b) const
    {
        return views(a) < views(b);
    }

private:
    template <class... T>
    static auto views(const std::tuple<T...> &t)
    {
        return std::apply(
                [](const auto &...s) {
                    return std::make_tuple(std::string_view(s)...);
                },
                t);
    }
};

/// WatchEvent is one store write: previous is null for Added, current is null for Deleted.
struct WatchEvent
{
    enum class Type { Added, Modified, Deleted };
    Type type = Type::Added;
    model::ObjectPtr previous;
    model::ObjectPtr current;

    /// object returns current, or previous for Deleted.
    const model::Object &object() const { return current ? *current : *previous; }
    /// previousAs and currentAs are the object before and after the write as a T, or null
    /// (there is none, or it is another kind).
    template <class T>
    const T *previousAs() const
    {
        return previous ? std::get_if<T>(previous.get()) : nullptr;
    }
    template <class T>
    const T *currentAs() const
    {
        return current ? std::get_if<T>(current.get()) : nullptr;
    }
};

/// Store holds every object by (kind, namespace, name), stamps what the API server stamps
/// (uid, resourceVersion, creationTimestamp, generation) and tells watchers about each write,
/// synchronously, after it happened. A write that changes nothing is not a write: no new
/// resourceVersion, no event. It indexes labels and owner references for the controllers.
/// Thread: engine strand only.
class Store
{
public:
    using WatchHandler = std::function<void(const WatchEvent &)>;

    explicit Store(Random &random);
    Store(const Store &) = delete;
    Store &operator=(const Store &) = delete;

    /// get returns the object, or null.
    model::ObjectPtr get(const std::string &kind, const std::string &ns,
                         const std::string &name) const;
    model::ObjectPtr get(const ObjectKey &key) const
    {
        return get(key.kind, key.namespace_, key.name);
    }
    /// list returns the objects of a kind sorted by namespace then name; ns "" means all.
    std::vector<model::ObjectPtr> list(const std::string &kind, const std::string &ns = {}) const;
    /// select returns the objects of a kind in ns that carry every label of required
    /// (all of ns when required is empty), sorted by name, through the label index.
    std::vector<model::ObjectPtr> select(const std::string &kind, const std::string &ns,
                                         const model::Labels &required) const;
    /// dependentsOf returns the keys of objects whose ownerReferences name uid. The set is
    /// the store's own: copy it before writing to the store while walking it.
    const std::set<ObjectKey> &dependentsOf(const std::string &uid) const;
    /// findUid returns the object with this uid, or null.
    model::ObjectPtr findUid(const std::string &uid) const;
    /// kinds lists every kind that has at least one object.
    std::vector<std::string> kinds() const;
    /// resourceVersion is the version of the last write.
    std::uint64_t resourceVersion() const { return m_resourceVersion; }

    /// create stores a new object: uid, resourceVersion, creationTimestamp and generation 1
    /// (for kinds with a spec) are set here. Returns null when the key is taken.
    model::ObjectPtr create(model::Object object);
    /// update replaces a stored object, keeping uid and creationTimestamp, bumping generation
    /// when the spec changed. Returns the stored object unchanged when nothing differs, and
    /// null when the key is absent.
    model::ObjectPtr update(model::Object object);
    /// remove deletes the object and returns what was stored, or null.
    model::ObjectPtr remove(const ObjectKey &key);

    /// watch calls handler after each write; returns an id for unwatch.
    std::uint64_t watch(WatchHandler handler);
    void unwatch(std::uint64_t id);

    template <class T>
    std::shared_ptr<const T> getAs(const std::string &ns, const std::string &name) const
    {
        return as<T>(get(kindName<T>(), ns, name));
    }

    template <class T>
    std::vector<std::shared_ptr<const T>> listOf(const std::string &ns = {}) const
    {
        std::vector<std::shared_ptr<const T>> out;
        for (auto &object : list(kindName<T>(), ns))
            if (auto typed = as<T>(std::move(object)))
                out.push_back(std::move(typed));
        return out;
    }

    /// as views an ObjectPtr as one alternative, sharing ownership; null when it is another.
    template <class T>
    static std::shared_ptr<const T> as(model::ObjectPtr object)
    {
        const T *typed = object ? std::get_if<T>(object.get()) : nullptr;
        return typed ? std::shared_ptr<const T>(std::move(object), typed) : nullptr;
    }

private:
    template <class T>
    static std::string kindName()
    {
        return T::kKind;
    }

    /// (namespace, name) -> object; looked up by string_views, without building keys.
    using Table = std::map<std::tuple<std::string, std::string>, model::ObjectPtr, TextTupleLess>;
    using KeyView = std::tuple<std::string_view, std::string_view>;

    void index(const model::Object *previous, const model::Object *current);
    void notify(const WatchEvent &event);

    Random &m_random;
    std::uint64_t m_resourceVersion = 0;
    std::map<std::string, Table> m_objects;
    /// "kind\0ns\0key\0value" -> names carrying that label.
    std::unordered_map<std::string, std::set<std::string>> m_labels;
    /// owner uid -> dependents.
    std::unordered_map<std::string, std::set<ObjectKey>> m_dependents;
    std::unordered_map<std::string, ObjectKey> m_uids;
    std::vector<std::pair<std::uint64_t, std::shared_ptr<WatchHandler>>> m_watchers;
    std::uint64_t m_nextWatchId = 1;
    int m_notifying = 0;
};

} // namespace clusterlab::cluster
