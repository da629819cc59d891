#include "api/field_managers.h"

#include "api/patch.h"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <vector>

namespace clusterlab::api {

namespace json = boost::json;

namespace {

using Leaves = std::map<std::string, json::value>;
constexpr std::string_view kApply = "|Apply";
constexpr std::string_view kUpdate = "|Update";

std::string itemSegment(const std::string &key, const json::value &id)
{
    return "[" + key + "=" + json::serialize(id) + "]";
}

void collect(const json::value &value, const std::string &kind, std::vector<std::string> &names,
             const std::string &prefix, Leaves &out)
{
    if (value.is_object() && !value.get_object().empty()) {
        for (const auto &[key, child] : value.get_object()) {
            names.emplace_back(key);
            collect(child, kind, names, prefix + "." + std::string(key), out);
            names.pop_back();
        }
        return;
    }
    if (value.is_array()) {
        const std::string key = mergeKeyOf(kind, names);
        if (!key.empty() && key != "$set") {
            for (const auto &item : value.get_array()) {
                const json::value *id =
                        item.is_object() ? item.get_object().if_contains(key) : nullptr;
                if (!id)
                    continue;
                const std::string path = prefix + itemSegment(key, *id);
                out[path] = *id;
                collect(item, kind, names, path, out);
            }
            return;
        }
    }
    out[prefix] = value;
}

/// leavesOf lists the fields of a document that managers can own: spec and the rest, labels
/// and annotations; not the identity or what the server stamps.
Leaves leavesOf(const json::object &document, const std::string &kind)
{
    Leaves out;
    std::vector<std::string> names;
    for (const auto &[key, value] : document) {
        if (key == "apiVersion" || key == "kind" || key == "status")
            continue;
        if (key == "metadata") {
            if (!value.is_object())
                continue;
            for (const char *part : { "labels", "annotations" })
                if (const auto *map = value.get_object().if_contains(part); map && map->is_object())
                    for (const auto &[k, v] : map->get_object())
                        out[std::string(".metadata.") + part + "." + std::string(k)] = v;
            continue;
        }
        names.emplace_back(key);
        collect(value, kind, names, "." + std::string(key), out);
        names.pop_back();
    }
    return out;
}

/// parseItem reads "ports[port=80]" into name "ports", key "port", id 80.
bool parseItem(const std::string &segment, std::string &name, std::string &key, json::value &id)
{
    const auto open = segment.find('[');
    const auto eq = segment.find('=', open);
    if (open == std::string::npos || eq == std::string::npos || segment.back() != ']')
        return false;
    name = segment.substr(0, open);
    key = segment.substr(open + 1, eq - open - 1);
    boost::system::error_code ec;
    id = json::parse(segment.substr(eq + 1, segment.size() - eq - 2), ec);
    return !ec;
}

std::vector<std::string> splitPath(const std::string &path)
{
    // Label and annotation keys hold dots and slashes: they are one segment.
    for (const char *map : { "labels", "annotations" }) {
        const std::string prefix = std::string(".metadata.") + map + ".";
        if (path.starts_with(prefix))
            return { "metadata", map, path.substr(prefix.size()) };
    }
    std::vector<std::string> out;
    std::string current;
    bool quoted = false;
    for (std::size_t i = 1; i < path.size(); ++i) {
        const char c = path[i];
        if (c == '"')
            quoted = !quoted;
        if (c == '.' && !quoted) {
            out.push_back(std::move(current));
            current.clear();
        } else {
            current += c;
        }
    }
    out.push_back(std::move(current));
    return out;
}

/// removeField deletes the field at path (a leaf, or a whole list item) from document.
void removeField(json::object &document, const std::string &path)
{
    const auto segments = splitPath(path);
    json::object *at = &document;
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const bool last = i + 1 == segments.size();
        std::string name, key;
        json::value id;
        if (parseItem(segments[i], name, key, id)) {
            auto *list = at->if_contains(name);
            if (!list || !list->is_array())
                return;
            auto &array = list->get_array();
            auto it = std::find_if(array.begin(), array.end(), [&](const json::value &v) {
                const auto *vid = v.is_object() ? v.get_object().if_contains(key) : nullptr;
                return vid && *vid == id;
            });
            if (it == array.end())
                return;
            if (last) {
                array.erase(it);
                return;
            }
            if (!it->is_object())
                return;
            at = &it->get_object();
            continue;
        }
        if (last) {
            at->erase(segments[i]);
            return;
        }
        auto *next = at->if_contains(segments[i]);
        if (!next || !next->is_object())
            return;
        at = &next->get_object();
    }
}

std::string printManager(const std::string &owner, const std::string &apiVersion)
{
    const auto bar = owner.rfind('|');
    std::string out = "\"" + owner.substr(0, bar) + "\"";
    if (owner.substr(bar) == kApply)
        out += " with apply";
    return out + " using " + apiVersion;
}

} // namespace

void FieldManagers::recordUpdate(const std::string &uid, const std::string &manager,
                                 const json::object *before, const json::object &after,
                                 const std::string &kind)
{
    const Leaves old = before ? leavesOf(*before, kind) : Leaves();
    const Leaves now = leavesOf(after, kind);
    Owners &owners = m_objects[uid];
    const std::string me = manager + std::string(kUpdate);
    for (auto &entry : owners) {
        // Not a structured binding: clang 14 cannot capture one in the lambda.
        const std::string &owner = entry.first;
        std::erase_if(entry.second, [&](const std::string &f) {
            const auto it = now.find(f);
            const auto was = old.find(f);
            const bool changed = it != now.end() && (was == old.end() || was->second != it->second);
            return it == now.end() || (changed && owner != me);
        });
    }
    for (const auto &[field, value] : now) {
        const auto was = old.find(field);
        if (was == old.end() || was->second != value)
            owners[me].insert(field);
    }
    std::erase_if(owners, [](const auto &entry) {
        return entry.second.empty();
    });
}

FieldManagers::ApplyPlan
FieldManagers::planApply(const std::string &uid, const std::string &manager,
                         const json::object &current, const json::object &applied, bool force,
                         const std::string &kind, const std::string &apiVersion) const
{
    static const Owners kNone;
    const auto found = m_objects.find(uid);
    const Owners &owners = found == m_objects.end() ? kNone : found->second;
    const std::string me = manager + std::string(kApply);
    const Leaves mine = leavesOf(applied, kind);
    const Leaves live = leavesOf(current, kind);

    std::map<std::string, std::vector<std::string>> conflicts; ///< owner -> fields
    json::array causes;
    std::size_t count = 0;
    for (const auto &[field, value] : mine) {
        const auto it = live.find(field);
        if (it == live.end() || it->second == value || force)
            continue;
        for (const auto &[owner, fields] : owners) {
            // kubectl migrates client-side apply's fields to its own apply manager.
            const bool migrated =
                    owner == "kubectl-client-side-apply|Update" && manager == "kubectl";
            if (owner == me || migrated || !fields.count(field))
                continue;
            conflicts[owner].push_back(field);
            causes.push_back({ { "reason", "FieldManagerConflict" },
                               { "message", "conflict with " + printManager(owner, apiVersion) },
                               { "field", field } });
            ++count;
        }
    }
    ApplyPlan plan;
    if (count) {
        std::string message;
        if (count == 1) {
            const auto &[owner, fields] = *conflicts.begin();
            message = "Apply failed with 1 conflict: conflict with "
                    + printManager(owner, apiVersion) + ": " + fields.front();
        } else {
            message = "Apply failed with " + std::to_string(count) + " conflicts: ";
            bool first = true;
            for (const auto &[owner, fields] : conflicts) {
                message += (first ? "" : "\n") + std::string("conflicts with ")
                        + printManager(owner, apiVersion) + ":";
                for (const auto &f : fields)
                    message += "\n- " + f;
                first = false;
            }
        }
        plan.conflict = applyConflict(std::move(message), std::move(causes));
        return plan;
    }
    plan.merged = current;
    if (const auto previous = owners.find(me); previous != owners.end()) {
        // Fields this manager applied before and applies no more go, unless shared.
        std::vector<std::string> dropped;
        for (const auto &field : previous->second) {
            if (mine.count(field))
                continue;
            const bool shared = std::any_of(owners.begin(), owners.end(), [&](const auto &o) {
                return o.first != me && o.second.count(field);
            });
            if (!shared)
                dropped.push_back(field);
        }
        for (const auto &field : dropped)
            removeField(plan.merged, field);
    }
    applyStrategicMergePatch(plan.merged, applied, kind);
    return plan;
}

void FieldManagers::commitApply(const std::string &uid, const std::string &manager,
                                const json::object &applied, const std::string &kind)
{
    const Leaves mine = leavesOf(applied, kind);
    Owners &owners = m_objects[uid];
    const std::string me = manager + std::string(kApply);
    owners[me].clear();
    for (const auto &[field, value] : mine)
        owners[me].insert(field);
    // Applying takes every field it sets (shared only where values agree, which a later
    // Update then takes over); forced conflicts were just resolved this way.
    for (auto &[owner, fields] : owners)
        if (owner != me)
            std::erase_if(fields, [&](const std::string &f) {
                return mine.count(f) > 0;
            });
    std::erase_if(owners, [](const auto &entry) {
        return entry.second.empty();
    });
}

std::set<std::string> FieldManagers::managersOf(const std::string &uid,
                                                const std::string &field) const
{
    std::set<std::string> out;
    const auto found = m_objects.find(uid);
    if (found == m_objects.end())
        return out;
    for (const auto &[owner, fields] : found->second)
        if (fields.count(field))
            out.insert(owner);
    return out;
}

} // namespace clusterlab::api
