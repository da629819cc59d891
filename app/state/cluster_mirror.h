#pragma once

#include "engine.h"

#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>

#include <vector>

namespace clusterlab::app {

/// GroupRef names the workload a Pod belongs to: Deployment, StatefulSet, ReplicaSet or
/// ReplicationController (scalable), or "Pod" for bare Pods grouped by tier.
struct GroupRef
{
    QString key; ///< "Deployment/default/backend"
    QString kind, ns, name;
    bool scalable() const { return kind != QLatin1String("Pod"); }
};

/// EndpointRef is one address of a Service as its Endpoints object lists it.
struct EndpointRef
{
    QString podUid;
    QString ip;
    bool ready = false;
};

/// MirrorChanges says what one batch changed (uids).
struct MirrorChanges
{
    QSet<QString> pods;
    QSet<QString> services;
    bool endpoints = false;
    bool workloads = false;
    bool nodes = false;
    bool structural() const { return !pods.isEmpty() || !services.isEmpty() || workloads || nodes; }
};

/// ClusterMirror is the GUI thread's copy of the objects the views show, kept from watch
/// events (never read from the store), with the questions the views ask of them: the tier
/// and workload of a Pod, the endpoints of a Service, which Pod has an IP, whom a Pod calls.
/// ClusterState owns the one mirror of the window.
/// Thread: GUI thread.
class ClusterMirror
{
public:
    MirrorChanges apply(const std::vector<cluster::WatchEvent> &events);

    model::ObjectPtr object(const QString &uid) const { return m_objects.value(uid); }
    /// objectByKey finds "Kind/namespace/name" (a GroupRef key).
    model::ObjectPtr objectByKey(const QString &key) const { return m_byName.value(key); }
    /// workloads lists the scalable groups that exist as objects, even with no Pods.
    QList<GroupRef> workloads() const;
    /// tierOfWorkload is the tier its Pod template's labels give (tier, else app, else name).
    QString tierOfWorkload(const GroupRef &group) const;
    const model::Pod *pod(const QString &uid) const;
    const model::Service *service(const QString &uid) const;
    const model::Node *node(const QString &name) const;
    QList<QString> podUids() const { return m_pods.keys(); }
    QList<QString> serviceUids() const { return m_services.keys(); }
    QStringList nodeNames() const;
    QString podUidByIP(const QString &ip) const { return m_podByIP.value(ip); }
    QString serviceUid(const QString &ns, const QString &name) const;

    /// tierOf is the Pod's `tier` label, else `app`, else its workload's name.
    QString tierOf(const model::Pod &pod) const;
    GroupRef groupOf(const model::Pod &pod) const;
    /// tierOfService is the tier most of its Pods are in; else its selector's tier/app value;
    /// else its own name.
    QString tierOfService(const model::Service &service) const;
    std::vector<EndpointRef> endpointsOf(const model::Service &service) const;
    /// desiredReplicas of a scalable group (-1 when unknown).
    int desiredReplicas(const GroupRef &group) const;
    /// callsOf lists the Service names a Pod calls (annotation or env), cached per Pod.
    QStringList callsOf(const QString &podUid) const { return m_calls.value(podUid); }

    /// shown says whether the canvas draws an object: not kube-system, not `kubernetes`.
    static bool shown(const model::Object &object);

private:
    void index(const model::ObjectPtr &object, MirrorChanges &changes);
    void unindex(const model::Object &object, MirrorChanges &changes);
    void refreshCalls(const QString &ns);

    QHash<QString, model::ObjectPtr> m_objects; ///< by uid, every kind shown
    QHash<QString, model::ObjectPtr> m_pods, m_services; ///< by uid
    QHash<QString, model::ObjectPtr> m_byName; ///< "Kind/ns/name" for owners and Endpoints
    QHash<QString, model::ObjectPtr> m_nodes; ///< by name
    QHash<QString, model::ObjectPtr> m_workloads; ///< scalable groups by "Kind/ns/name"
    QHash<QString, QString> m_podByIP;
    QHash<QString, QStringList> m_calls; ///< Pod uid -> Service names it calls
};

} // namespace clusterlab::app
