#include "api/watch.h"

#include "api/encode.h"

#include <boost/json/serialize.hpp>

namespace clusterlab::api {

namespace json = boost::json;

namespace {

const char *typeName(WatchItem::Type type)
{
    switch (type) {
    case WatchItem::Type::Added:
        return "ADDED";
    case WatchItem::Type::Modified:
        return "MODIFIED";
    case WatchItem::Type::Deleted:
        return "DELETED";
    case WatchItem::Type::Bookmark:
        return "BOOKMARK";
    }
    return "ERROR";
}

json::object encodeFor(const ApiResource &resource, const model::Object &object)
{
    if (const auto *event = std::get_if<model::Event>(&object);
        event && resource.group == "events.k8s.io")
        return encodeEventV1(*event);
    return encodeObject(object);
}

} // namespace

std::string encodeWatchEvent(const WatchItem &item, const WatchSpec &spec)
{
    json::object object;
    const std::string rv = std::to_string(item.resourceVersion);
    if (item.type == WatchItem::Type::Bookmark) {
        object = { { "kind", spec.table ? "Table" : spec.resource->kind },
                   { "apiVersion", spec.table ? "meta.k8s.io/v1" : spec.resource->groupVersion() },
                   { "metadata", { { "resourceVersion", rv } } } };
    } else if (spec.table) {
        object = buildTable(*spec.resource, { item.object }, rv, spec.tableOptions);
    } else {
        object = encodeFor(*spec.resource, *item.object);
        object["metadata"].as_object()["resourceVersion"] = rv;
    }
    json::object event{ { "type", typeName(item.type) }, { "object", std::move(object) } };
    return json::serialize(event) + "\n";
}

std::string encodeWatchError(const StatusError &error)
{
    json::object event{ { "type", "ERROR" }, { "object", statusBody(error) } };
    return json::serialize(event) + "\n";
}

void WatchStream::push(WatchItem item)
{
    std::function<void()> waker;
    {
        std::lock_guard lock(m_mutex);
        if (m_overflowed)
            return;
        if (m_items.size() >= m_limit) {
            m_overflowed = true;
            m_items.clear();
        } else {
            m_items.push_back(std::move(item));
        }
        waker = m_waker;
    }
    if (waker)
        waker();
}

std::vector<WatchItem> WatchStream::take()
{
    std::lock_guard lock(m_mutex);
    return std::exchange(m_items, {});
}

void WatchStream::setWaker(std::function<void()> waker)
{
    std::lock_guard lock(m_mutex);
    m_waker = std::move(waker);
}

bool WatchStream::overflowed() const
{
    std::lock_guard lock(m_mutex);
    return m_overflowed;
}

void WatchHub::start(std::uint64_t resourceVersion)
{
    m_complete = resourceVersion;
    m_latest = resourceVersion;
}

std::optional<WatchItem> WatchHub::itemFor(const WatchSpec &spec, const cluster::WatchEvent &event,
                                           std::uint64_t resourceVersion)
{
    const model::Object &any = event.object();
    if (model::kindOf(any) != spec.resource->info->kind)
        return std::nullopt;
    if (!spec.namespace_.empty() && model::meta(any).namespace_ != spec.namespace_)
        return std::nullopt;
    const bool before = event.previous && spec.selectors.matches(*event.previous);
    const bool after = event.current && spec.selectors.matches(*event.current);
    if (before && after)
        return WatchItem{ WatchItem::Type::Modified, event.current, resourceVersion };
    if (after)
        return WatchItem{ WatchItem::Type::Added, event.current, resourceVersion };
    if (before)
        return WatchItem{ WatchItem::Type::Deleted, event.current ? event.current : event.previous,
                          resourceVersion };
    return std::nullopt;
}

void WatchHub::record(const cluster::WatchEvent &event, std::uint64_t resourceVersion)
{
    m_latest = resourceVersion;
    m_history.push_back({ resourceVersion, event });
    while (m_history.size() > m_capacity) {
        m_complete = m_history.front().resourceVersion;
        m_history.pop_front();
    }
    for (auto &[id, subscriber] : m_subscribers)
        if (auto item = itemFor(subscriber.spec, event, resourceVersion))
            subscriber.stream->push(std::move(*item));
}

std::variant<std::uint64_t, StatusError> WatchHub::subscribe(const cluster::Store &store,
                                                             WatchSpec spec,
                                                             std::shared_ptr<WatchStream> stream)
{
    if (!spec.resourceVersion) {
        for (const auto &object : store.list(spec.resource->info->kind, spec.namespace_))
            if (spec.selectors.matches(*object))
                stream->push(
                        { WatchItem::Type::Added, object, model::meta(*object).resourceVersion });
    } else if (*spec.resourceVersion < m_complete) {
        return expired(*spec.resourceVersion, m_complete);
    } else {
        for (const auto &entry : m_history)
            if (entry.resourceVersion > *spec.resourceVersion)
                if (auto item = itemFor(spec, entry.event, entry.resourceVersion))
                    stream->push(std::move(*item));
    }
    const std::uint64_t id = m_nextId++;
    m_subscribers.emplace(id, Subscriber{ std::move(spec), std::move(stream) });
    return id;
}

void WatchHub::unsubscribe(std::uint64_t id)
{
    m_subscribers.erase(id);
}

} // namespace clusterlab::api
