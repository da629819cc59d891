#include "api/patch.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <algorithm>

namespace clusterlab::api {

namespace json = boost::json;

namespace {

constexpr std::string_view kSetElementOrder = "$setElementOrder/";
constexpr std::string_view kDeleteFromPrimitiveList = "$deleteFromPrimitiveList/";

using Path = std::vector<std::string>;

std::string directive(const json::object &object)
{
    const auto *p = object.if_contains("$patch");
    return p && p->is_string() ? std::string(p->get_string()) : std::string();
}

bool isDirectiveKey(std::string_view key)
{
    return key.starts_with('$');
}

/// clean drops directives from a value that is added as it is (no original to merge into).
json::value clean(const json::value &value)
{
    if (value.is_object()) {
        json::object out;
        for (const auto &[key, v] : value.get_object())
            if (!isDirectiveKey(key) && !v.is_null())
                out[key] = clean(v);
        return out;
    }
    if (value.is_array()) {
        json::array out;
        for (const auto &v : value.get_array())
            if (!(v.is_object() && !directive(v.get_object()).empty()))
                out.push_back(clean(v));
        return out;
    }
    return value;
}

const json::value *keyOf(const json::value &item, const std::string &key)
{
    return item.is_object() ? item.get_object().if_contains(key) : nullptr;
}

std::optional<std::string> mergeObject(json::object &target, const json::object &patch,
                                       const std::string &kind, Path &path);

std::optional<std::string> mergeList(json::array &target, const json::array &patch,
                                     const std::string &key, const std::string &kind, Path &path)
{
    if (key == "$set") {
        for (const auto &v : patch)
            if (std::find(target.begin(), target.end(), v) == target.end())
                target.push_back(v);
        return std::nullopt;
    }
    for (const auto &item : patch) {
        if (item.is_object() && directive(item.get_object()) == "replace") {
            json::array replaced;
            for (const auto &other : patch)
                if (!(other.is_object() && !directive(other.get_object()).empty()))
                    replaced.push_back(clean(other));
            target = std::move(replaced);
            return std::nullopt;
        }
    }
    for (const auto &item : patch) {
        const json::value *id = keyOf(item, key);
        if (!id)
            return "map: " + std::string(item.is_object() ? "item" : "value")
                    + " does not contain declared merge key: " + key;
        auto match = std::find_if(target.begin(), target.end(), [&](const json::value &t) {
            const json::value *tid = keyOf(t, key);
            return tid && *tid == *id;
        });
        if (directive(item.get_object()) == "delete") {
            target.erase(std::remove_if(target.begin(), target.end(),
                                        [&](const json::value &t) {
                                            const json::value *tid = keyOf(t, key);
                                            return tid && *tid == *id;
                                        }),
                         target.end());
            continue;
        }
        if (match == target.end()) {
            target.push_back(clean(item));
        } else if (match->is_object()) {
            if (auto error = mergeObject(match->get_object(), item.get_object(), kind, path))
                return error;
        }
    }
    return std::nullopt;
}

/// order sorts list as $setElementOrder asks: the listed items first, in that order, then
/// the items the order does not mention, as they were.
void order(json::array &list, const json::array &wanted, const std::string &key)
{
    json::array sorted;
    std::vector<bool> taken(list.size(), false);
    for (const auto &w : wanted) {
        const json::value *wid = key.empty() || key == "$set" ? &w : keyOf(w, key);
        if (!wid)
            continue;
        for (std::size_t i = 0; i < list.size(); ++i) {
            const json::value *id = key.empty() || key == "$set" ? &list[i] : keyOf(list[i], key);
            if (!taken[i] && id && *id == *wid) {
                sorted.push_back(list[i]);
                taken[i] = true;
                break;
            }
        }
    }
    for (std::size_t i = 0; i < list.size(); ++i)
        if (!taken[i])
            sorted.push_back(list[i]);
    list = std::move(sorted);
}

std::optional<std::string> mergeField(json::object &target, const std::string &field,
                                      const json::value &value, const std::string &kind, Path &path)
{
    if (value.is_null()) {
        target.erase(field);
        return std::nullopt;
    }
    path.push_back(field);
    std::optional<std::string> error;
    json::value *existing = target.if_contains(field);
    if (value.is_object()) {
        const std::string d = directive(value.get_object());
        if (d == "delete") {
            target.erase(field);
        } else if (d == "replace" || !existing || !existing->is_object()) {
            target[field] = clean(value);
        } else {
            error = mergeObject(existing->get_object(), value.get_object(), kind, path);
        }
    } else if (value.is_array()) {
        const std::string key = mergeKeyOf(kind, path);
        if (!key.empty() && existing && existing->is_array())
            error = mergeList(existing->get_array(), value.get_array(), key, kind, path);
        else if (!key.empty() && key != "$set") {
            json::array fresh;
            error = mergeList(fresh, value.get_array(), key, kind, path);
            target[field] = std::move(fresh);
        } else {
            target[field] = clean(value);
        }
    } else {
        target[field] = value;
    }
    path.pop_back();
    return error;
}

std::optional<std::string> mergeObject(json::object &target, const json::object &patch,
                                       const std::string &kind, Path &path)
{
    if (directive(patch) == "replace") {
        target = clean(patch).get_object();
        return std::nullopt;
    }
    for (const auto &[key, value] : patch) {
        if (isDirectiveKey(key))
            continue;
        if (auto error = mergeField(target, std::string(key), value, kind, path))
            return error;
    }
    for (const auto &[rawKey, value] : patch) {
        const std::string_view key = rawKey;
        if (key.starts_with(kDeleteFromPrimitiveList) && value.is_array()) {
            const std::string field(key.substr(kDeleteFromPrimitiveList.size()));
            if (auto *list = target.if_contains(field); list && list->is_array()) {
                auto &array = list->get_array();
                for (const auto &v : value.get_array())
                    array.erase(std::remove(array.begin(), array.end(), v), array.end());
            }
        } else if (key.starts_with(kSetElementOrder) && value.is_array()) {
            const std::string field(key.substr(kSetElementOrder.size()));
            if (auto *list = target.if_contains(field); list && list->is_array()) {
                path.push_back(field);
                order(list->get_array(), value.get_array(), mergeKeyOf(kind, path));
                path.pop_back();
            }
        } else if (key == "$retainKeys" && value.is_array()) {
            std::vector<std::string> keep;
            for (const auto &k : value.get_array())
                if (k.is_string())
                    keep.emplace_back(k.get_string());
            std::vector<std::string> drop;
            for (const auto &[k, v] : target)
                if (std::find(keep.begin(), keep.end(), std::string(k)) == keep.end())
                    drop.emplace_back(k);
            for (const auto &k : drop)
                target.erase(k);
        }
    }
    return std::nullopt;
}

} // namespace

std::optional<std::string> applyStrategicMergePatch(json::object &target, const json::object &patch,
                                                    const std::string &kind)
{
    Path path;
    return mergeObject(target, patch, kind, path);
}

} // namespace clusterlab::api
