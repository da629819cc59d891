#include "state/cluster_mirror.h"

#include "model/call.h"
#include "model/label_selector.h"

#include <map>

namespace clusterlab::app {

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

QString nameKey(const std::string &kind, const std::string &ns, const std::string &name)
{
    return qs(kind + "/" + ns + "/" + name);
}

} // namespace

bool ClusterMirror::shown(const model::Object &object)
{
    const auto &meta = model::meta(object);
    if (meta.namespace_.starts_with("kube-"))
        return false;
    if (std::holds_alternative<model::Service>(object))
        return !(meta.namespace_ == "default" && meta.name == "kubernetes");
    return true;
}

MirrorChanges ClusterMirror::apply(const std::vector<cluster::WatchEvent> &events)
{
    MirrorChanges changes;
    QSet<QString> namespacesWithNewServices;
    for (const auto &event : events) {
        const model::Object &object = event.object();
        if (!shown(object) || std::holds_alternative<model::Event>(object))
            continue;
        if (event.previous)
            unindex(*event.previous, changes);
        if (event.type != cluster::WatchEvent::Type::Deleted && event.current)
            index(event.current, changes);
        if (std::holds_alternative<model::Service>(object))
            namespacesWithNewServices.insert(qs(model::meta(object).namespace_));
    }
    for (const QString &ns : namespacesWithNewServices)
        refreshCalls(ns);
    return changes;
}

void ClusterMirror::index(const model::ObjectPtr &object, MirrorChanges &changes)
{
    const auto &meta = model::meta(*object);
    const QString uid = qs(meta.uid);
    m_objects.insert(uid, object);
    const std::string kind = model::kindOf(*object);
    m_byName.insert(nameKey(kind, meta.namespace_, meta.name), object);
    if (const auto *pod = std::get_if<model::Pod>(object.get())) {
        m_pods.insert(uid, object);
        if (!pod->status.podIP.empty())
            m_podByIP.insert(qs(pod->status.podIP), uid);
        std::vector<std::string> services;
        for (const auto &[key, svc] : m_services.asKeyValueRange())
            if (model::meta(*svc).namespace_ == meta.namespace_)
                services.push_back(model::meta(*svc).name);
        QStringList calls;
        for (const auto &call : model::callsOf(*pod, services))
            calls << qs(call.host);
        m_calls.insert(uid, calls);
        changes.pods.insert(uid);
    } else if (std::holds_alternative<model::Service>(*object)) {
        m_services.insert(uid, object);
        changes.services.insert(uid);
    } else if (const auto *node = std::get_if<model::Node>(object.get())) {
        m_nodes.insert(qs(node->metadata.name), object);
        changes.nodes = true;
    } else if (kind == "Endpoints" || kind == "EndpointSlice") {
        changes.endpoints = true;
    } else {
        changes.workloads = true;
        const auto *owner = model::controllerOf(meta);
        const bool ownedReplicaSet = kind == "ReplicaSet" && owner && owner->kind == "Deployment";
        if (!ownedReplicaSet
            && (kind == "Deployment" || kind == "StatefulSet" || kind == "ReplicaSet"
                || kind == "ReplicationController"))
            m_workloads.insert(nameKey(kind, meta.namespace_, meta.name), object);
    }
}

void ClusterMirror::unindex(const model::Object &object, MirrorChanges &changes)
{
    const auto &meta = model::meta(object);
    const QString uid = qs(meta.uid);
    m_objects.remove(uid);
    m_byName.remove(nameKey(model::kindOf(object), meta.namespace_, meta.name));
    if (m_workloads.remove(nameKey(model::kindOf(object), meta.namespace_, meta.name)))
        changes.workloads = true;
    if (const auto *pod = std::get_if<model::Pod>(&object)) {
        m_pods.remove(uid);
        m_calls.remove(uid);
        const QString ip = qs(pod->status.podIP);
        if (m_podByIP.value(ip) == uid)
            m_podByIP.remove(ip);
        changes.pods.insert(uid);
    } else if (std::holds_alternative<model::Service>(object)) {
        m_services.remove(uid);
        changes.services.insert(uid);
    } else if (std::holds_alternative<model::Node>(object)) {
        m_nodes.remove(qs(meta.name));
        changes.nodes = true;
    }
}

void ClusterMirror::refreshCalls(const QString &ns)
{
    std::vector<std::string> services;
    for (const auto &svc : std::as_const(m_services))
        if (qs(model::meta(*svc).namespace_) == ns)
            services.push_back(model::meta(*svc).name);
    for (const auto &[uid, object] : m_pods.asKeyValueRange()) {
        const auto &pod = std::get<model::Pod>(*object);
        if (qs(pod.metadata.namespace_) != ns)
            continue;
        QStringList calls;
        for (const auto &call : model::callsOf(pod, services))
            calls << qs(call.host);
        m_calls.insert(uid, calls);
    }
}

const model::Pod *ClusterMirror::pod(const QString &uid) const
{
    const auto object = m_pods.value(uid);
    return object ? std::get_if<model::Pod>(object.get()) : nullptr;
}

const model::Service *ClusterMirror::service(const QString &uid) const
{
    const auto object = m_services.value(uid);
    return object ? std::get_if<model::Service>(object.get()) : nullptr;
}

const model::Node *ClusterMirror::node(const QString &name) const
{
    const auto object = m_nodes.value(name);
    return object ? std::get_if<model::Node>(object.get()) : nullptr;
}

QStringList ClusterMirror::nodeNames() const
{
    QStringList names = m_nodes.keys();
    std::sort(names.begin(), names.end(), [](const QString &a, const QString &b) {
        return a.size() != b.size() ? a.size() < b.size() : a < b; // node-2 before node-10
    });
    return names;
}

QString ClusterMirror::serviceUid(const QString &ns, const QString &name) const
{
    const auto object = m_byName.value(QStringLiteral("Service/") + ns + QLatin1Char('/') + name);
    return object ? qs(model::meta(*object).uid) : QString();
}

QString ClusterMirror::tierOf(const model::Pod &pod) const
{
    const auto &labels = pod.metadata.labels;
    if (auto it = labels.find("tier"); it != labels.end() && !it->second.empty())
        return qs(it->second);
    if (auto it = labels.find("app"); it != labels.end() && !it->second.empty())
        return qs(it->second);
    const GroupRef group = groupOf(pod);
    return group.scalable() ? group.name : qs(pod.metadata.name);
}

GroupRef ClusterMirror::groupOf(const model::Pod &pod) const
{
    const std::string &ns = pod.metadata.namespace_;
    if (const auto *owner = model::controllerOf(pod.metadata)) {
        std::string kind = owner->kind, name = owner->name;
        if (kind == "ReplicaSet") {
            if (const auto rs = m_byName.value(nameKey("ReplicaSet", ns, name)))
                if (const auto *up = model::controllerOf(model::meta(*rs));
                    up && up->kind == "Deployment") {
                    kind = up->kind;
                    name = up->name;
                }
        }
        return { nameKey(kind, ns, name), qs(kind), qs(ns), qs(name) };
    }
    const QString tier = [&] {
        const auto &labels = pod.metadata.labels;
        if (auto it = labels.find("tier"); it != labels.end())
            return qs(it->second);
        if (auto it = labels.find("app"); it != labels.end())
            return qs(it->second);
        return QStringLiteral("pods");
    }();
    return { QStringLiteral("Pod/") + qs(ns) + QLatin1Char('/') + tier, QStringLiteral("Pod"),
             qs(ns), tier };
}

QString ClusterMirror::tierOfService(const model::Service &service) const
{
    std::map<QString, int> votes;
    if (service.spec.selector && !service.spec.selector->empty())
        for (const auto &object : m_pods) {
            const auto &pod = std::get<model::Pod>(*object);
            if (pod.metadata.namespace_ == service.metadata.namespace_
                && model::matchesMap(*service.spec.selector, pod.metadata.labels))
                ++votes[tierOf(pod)];
        }
    QString best;
    int bestVotes = 0;
    for (const auto &[tier, count] : votes)
        if (count > bestVotes) {
            best = tier;
            bestVotes = count;
        }
    if (!best.isEmpty())
        return best;
    if (service.spec.selector) {
        const auto &selector = *service.spec.selector;
        if (auto it = selector.find("tier"); it != selector.end())
            return qs(it->second);
        if (auto it = selector.find("app"); it != selector.end())
            return qs(it->second);
    }
    return qs(service.metadata.name);
}

std::vector<EndpointRef> ClusterMirror::endpointsOf(const model::Service &service) const
{
    std::vector<EndpointRef> out;
    const auto object = m_byName.value(
            nameKey("Endpoints", service.metadata.namespace_, service.metadata.name));
    const auto *endpoints = object ? std::get_if<model::Endpoints>(object.get()) : nullptr;
    if (!endpoints)
        return out;
    auto add = [&](const model::EndpointAddress &address, bool ready) {
        QString uid = address.targetRef ? qs(address.targetRef->uid) : QString();
        if (uid.isEmpty())
            uid = m_podByIP.value(qs(address.ip));
        for (const auto &e : out)
            if (e.podUid == uid && e.ip == qs(address.ip))
                return;
        out.push_back({ uid, qs(address.ip), ready });
    };
    for (const auto &subset : endpoints->subsets) {
        for (const auto &a : subset.addresses)
            add(a, true);
        for (const auto &a : subset.notReadyAddresses)
            add(a, false);
    }
    return out;
}

QList<GroupRef> ClusterMirror::workloads() const
{
    QList<GroupRef> out;
    for (const auto &[key, object] : m_workloads.asKeyValueRange()) {
        const auto &meta = model::meta(*object);
        out.append({ key, qs(model::kindOf(*object)), qs(meta.namespace_), qs(meta.name) });
    }
    return out;
}

QString ClusterMirror::tierOfWorkload(const GroupRef &group) const
{
    const auto object = m_byName.value(group.key);
    const model::PodTemplateSpec *tmpl = nullptr;
    if (!object)
        return group.name;
    if (const auto *d = std::get_if<model::Deployment>(object.get()))
        tmpl = &d->spec.template_;
    else if (const auto *s = std::get_if<model::StatefulSet>(object.get()))
        tmpl = &s->spec.template_;
    else if (const auto *r = std::get_if<model::ReplicaSet>(object.get()))
        tmpl = &r->spec.template_;
    else if (const auto *rc = std::get_if<model::ReplicationController>(object.get()))
        tmpl = &rc->spec.template_;
    if (tmpl) {
        const auto &labels = tmpl->metadata.labels;
        if (auto it = labels.find("tier"); it != labels.end() && !it->second.empty())
            return qs(it->second);
        if (auto it = labels.find("app"); it != labels.end() && !it->second.empty())
            return qs(it->second);
    }
    return group.name;
}

int ClusterMirror::desiredReplicas(const GroupRef &group) const
{
    const auto object = m_byName.value(group.key);
    const auto replicas = object ? model::replicasOf(*object) : std::nullopt;
    return replicas ? int(*replicas) : -1;
}

} // namespace clusterlab::app
