#include "model/printers_kinds.h"

#include <algorithm>
#include <cctype>

namespace clusterlab::model::detail {

namespace {

std::string join(const std::vector<std::string> &list, std::size_t total, std::size_t max,
                 const std::string &empty)
{
    std::string out;
    for (const auto &item : list)
        out += (out.empty() ? "" : ",") + item;
    if (total > max)
        return out + " + " + std::to_string(total - max) + " more...";
    return out.empty() ? empty : out;
}

/// endpointsCell is formatEndpoints: at most three ip:port, then "+ N more...".
std::string endpointsCell(const Endpoints &ep)
{
    if (ep.subsets.empty())
        return "<none>";
    std::vector<std::string> list;
    std::size_t count = 0;
    for (const auto &subset : ep.subsets) {
        if (subset.ports.empty()) {
            for (const auto &a : subset.addresses)
                if (count++ < 3)
                    list.push_back(a.ip);
            continue;
        }
        for (const auto &port : subset.ports)
            for (const auto &a : subset.addresses)
                if (count++ < 3)
                    list.push_back(a.ip + ":" + std::to_string(port.port));
    }
    return join(list, count, 3, "");
}

std::vector<std::string> sliceRow(const EndpointSlice &slice, Time now)
{
    std::vector<std::string> ports, addresses;
    for (const auto &p : slice.ports)
        if (ports.size() < 3)
            ports.push_back(p.port ? std::to_string(p.port) : (p.name.empty() ? "*" : p.name));
    std::size_t count = 0;
    for (const auto &e : slice.endpoints)
        for (const auto &a : e.addresses)
            if (count++ < 3)
                addresses.push_back(a);
    return { slice.metadata.name, slice.addressType, join(ports, slice.ports.size(), 3, "<unset>"),
             join(addresses, count, 3, "<unset>"), age(slice.metadata, now) };
}

template <class T>
std::vector<std::string> replicatedRow(const T &w, Time now, std::string selector)
{
    return { w.metadata.name,
             std::to_string(w.spec.replicas),
             std::to_string(w.status.replicas),
             std::to_string(w.status.readyReplicas),
             age(w.metadata, now),
             containerNames(w.spec.template_),
             containerImages(w.spec.template_),
             std::move(selector) };
}

std::vector<std::string> nodeRow(const Node &node, Time now)
{
    std::string status = node.ready ? "Ready" : "NotReady";
    if (node.unschedulable)
        status += ",SchedulingDisabled";
    std::vector<std::string> roles;
    for (const auto &[key, value] : node.metadata.labels)
        if (key.starts_with("node-role.kubernetes.io/"))
            roles.push_back(key.substr(24));
    return { node.metadata.name,
             status,
             join(roles, roles.size(), roles.size(), "<none>"),
             age(node.metadata, now),
             kServerVersion,
             orNone(node.internalIP),
             "<none>",
             "ClusterLab simulated node",
             "clusterlab",
             "clusterlab://simulated" };
}

std::string lower(std::string s)
{
    for (char &c : s)
        c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::vector<std::string> eventRow(const Event &ev, Time now)
{
    auto since = [&](Time t) {
        return humanDuration(std::chrono::duration_cast<std::chrono::seconds>(now - t));
    };
    const std::string first = since(ev.firstTimestamp);
    std::string last = since(ev.lastTimestamp);
    if (ev.count > 1)
        last += " (x" + std::to_string(ev.count) + " over " + first + ")";
    std::string source = ev.sourceComponent;
    if (!ev.sourceHost.empty())
        source += (source.empty() ? "" : ", ") + ev.sourceHost;
    return { last,
             ev.type,
             ev.reason,
             lower(ev.involvedObject.kind) + "/" + ev.involvedObject.name,
             "",
             source,
             ev.message,
             first,
             std::to_string(ev.count),
             ev.metadata.name };
}

std::size_t countKeys(const Raw &raw, std::initializer_list<const char *> keys)
{
    std::size_t n = 0;
    for (const char *key : keys)
        if (const auto *v = raw.if_contains(key); v && v->is_object())
            n += v->get_object().size();
    return n;
}

std::vector<std::string> storedRow(const StoredObject &o, Time now)
{
    if (o.kind == "ConfigMap")
        return { o.metadata.name, std::to_string(countKeys(o.raw, { "data", "binaryData" })),
                 age(o.metadata, now) };
    if (o.kind == "Secret") {
        const auto *type = o.raw.if_contains("type");
        return { o.metadata.name,
                 type && type->is_string() ? std::string(type->get_string()) : "Opaque",
                 std::to_string(countKeys(o.raw, { "data", "stringData" })), age(o.metadata, now) };
    }
    const auto *secrets = o.raw.if_contains("secrets");
    return { o.metadata.name,
             std::to_string(secrets && secrets->is_array() ? secrets->get_array().size() : 0),
             age(o.metadata, now) };
}

std::vector<Table::Column> columnsOf(const std::string &kind)
{
    if (kind == "ReplicaSet" || kind == "ReplicationController")
        return { { "NAME" }, { "DESIRED" },       { "CURRENT" },   { "READY" },
                 { "AGE" },  { "CONTAINERS", 1 }, { "IMAGES", 1 }, { "SELECTOR", 1 } };
    if (kind == "StatefulSet")
        return { { "NAME" }, { "READY" }, { "AGE" }, { "CONTAINERS", 1 }, { "IMAGES", 1 } };
    if (kind == "Endpoints")
        return { { "NAME" }, { "ENDPOINTS" }, { "AGE" } };
    if (kind == "EndpointSlice")
        return { { "NAME" }, { "ADDRESSTYPE" }, { "PORTS" }, { "ENDPOINTS" }, { "AGE" } };
    if (kind == "Namespace")
        return { { "NAME" }, { "STATUS" }, { "AGE" } };
    if (kind == "Node")
        return { { "NAME" },
                 { "STATUS" },
                 { "ROLES" },
                 { "AGE" },
                 { "VERSION" },
                 { "INTERNAL-IP", 1 },
                 { "EXTERNAL-IP", 1 },
                 { "OS-IMAGE", 1 },
                 { "KERNEL-VERSION", 1 },
                 { "CONTAINER-RUNTIME", 1 } };
    if (kind == "Event")
        return { { "LAST SEEN" },    { "TYPE" },      { "REASON" },  { "OBJECT" },
                 { "SUBOBJECT", 1 }, { "SOURCE", 1 }, { "MESSAGE" }, { "FIRST SEEN", 1 },
                 { "COUNT", 1 },     { "NAME", 1 } };
    if (kind == "ConfigMap")
        return { { "NAME" }, { "DATA" }, { "AGE" } };
    if (kind == "Secret")
        return { { "NAME" }, { "TYPE" }, { "DATA" }, { "AGE" } };
    if (kind == "ServiceAccount")
        return { { "NAME" }, { "SECRETS" }, { "AGE" } };
    return {};
}

} // namespace

bool otherKindTable(const std::string &kind, const std::vector<ObjectPtr> &objects, Time now,
                    Table &table)
{
    table.columns = columnsOf(kind);
    if (table.columns.empty())
        return false;
    for (const auto &object : objects) {
        if (kindOf(*object) != kind)
            continue;
        std::visit(
                [&](const auto &o) {
                    using T = std::decay_t<decltype(o)>;
                    if constexpr (std::is_same_v<T, ReplicaSet>)
                        table.rows.push_back(replicatedRow(
                                o, now,
                                o.spec.selector ? formatSelector(*o.spec.selector) : "<none>"));
                    else if constexpr (std::is_same_v<T, ReplicationController>)
                        table.rows.push_back(replicatedRow(o, now, formatLabels(o.spec.selector)));
                    else if constexpr (std::is_same_v<T, StatefulSet>)
                        table.rows.push_back({ o.metadata.name,
                                               std::to_string(o.status.readyReplicas) + "/"
                                                       + std::to_string(o.spec.replicas),
                                               age(o.metadata, now),
                                               containerNames(o.spec.template_),
                                               containerImages(o.spec.template_) });
                    else if constexpr (std::is_same_v<T, Endpoints>)
                        table.rows.push_back(
                                { o.metadata.name, endpointsCell(o), age(o.metadata, now) });
                    else if constexpr (std::is_same_v<T, EndpointSlice>)
                        table.rows.push_back(sliceRow(o, now));
                    else if constexpr (std::is_same_v<T, Namespace>)
                        table.rows.push_back(
                                { o.metadata.name,
                                  o.metadata.deletionTimestamp ? "Terminating" : o.phase,
                                  age(o.metadata, now) });
                    else if constexpr (std::is_same_v<T, Node>)
                        table.rows.push_back(nodeRow(o, now));
                    else if constexpr (std::is_same_v<T, Event>)
                        table.rows.push_back(eventRow(o, now));
                    else if constexpr (std::is_same_v<T, StoredObject>)
                        table.rows.push_back(storedRow(o, now));
                },
                *object);
    }
    return true;
}

} // namespace clusterlab::model::detail
