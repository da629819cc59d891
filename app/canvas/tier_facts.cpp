#include "canvas/tier_facts.h"

#include "canvas/canvas_items.h"
#include "model/call.h"
#include "model/workload_labels.h"
#include "state/cluster_mirror.h"

namespace clusterlab::app {

namespace {

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

/// podsTemplate is the Pod a workload makes (nullopt for anything without a template).
std::optional<model::Pod> podsTemplate(const ClusterMirror &mirror, const QString &groupKey)
{
    const model::ObjectPtr object = mirror.objectByKey(groupKey);
    if (!object)
        return std::nullopt;
    const model::PodTemplateSpec *tmpl = model::workloadLabelsOf(*object).podTemplate;
    if (!tmpl)
        return std::nullopt;
    model::Pod pod;
    pod.metadata = tmpl->metadata;
    pod.metadata.namespace_ = model::meta(*object).namespace_;
    pod.spec = tmpl->spec;
    return pod;
}

/// addWords adds what a Pod's labels and images say about what it does.
void addWords(QStringList &words, const model::Pod &pod)
{
    for (const char *key :
         { "role", "component", "app.kubernetes.io/component", "app.kubernetes.io/name", "app" })
        if (auto it = pod.metadata.labels.find(key); it != pod.metadata.labels.end())
            words << qs(it->second);
    for (const auto &container : pod.spec.containers)
        words << qs(container.image);
}

} // namespace

QSet<TierEdge> tierCalls(const CanvasItems &items, const ClusterMirror &mirror)
{
    std::map<std::string, std::vector<std::string>> services; // by namespace
    for (const QString &uid : mirror.serviceUids())
        if (const model::Service *service = mirror.service(uid))
            services[service->metadata.namespace_].push_back(service->metadata.name);
    QSet<TierEdge> edges;
    auto add = [&](const QString &from, const std::string &ns, const QString &called) {
        const QString to = items.serviceTier.value(mirror.serviceUid(qs(ns), called));
        if (!from.isEmpty() && !to.isEmpty())
            edges.insert({ from, to });
    };
    for (const QString &podUid : mirror.podUids()) {
        const model::Pod *pod = mirror.pod(podUid);
        const QString from = items.groupTier.value(items.podGroup.value(podUid));
        for (const QString &called : mirror.callsOf(podUid))
            add(from, pod->metadata.namespace_, called);
    }
    for (const auto &[key, tier] : items.groupTier.asKeyValueRange())
        if (const auto pod = podsTemplate(mirror, key)) {
            const std::string &ns = pod->metadata.namespace_;
            for (const model::Call &call : model::callsOf(*pod, services[ns]))
                add(tier, ns, qs(call.host));
        }
    return edges;
}

QHash<QString, TierRole> tierRoles(const QStringList &tiers, const CanvasItems &items,
                                   const ClusterMirror &mirror)
{
    QHash<QString, QStringList> words;
    for (const auto &[key, tier] : items.groupTier.asKeyValueRange()) {
        words[tier] << key.section(QLatin1Char('/'), 2);
        if (const auto pod = podsTemplate(mirror, key))
            addWords(words[tier], *pod);
    }
    for (const auto &[uid, tier] : items.serviceTier.asKeyValueRange())
        if (const model::Service *service = mirror.service(uid))
            words[tier] << qs(service->metadata.name);
    for (const QString &podUid : mirror.podUids()) // bare Pods have no template
        if (const model::Pod *pod = mirror.pod(podUid))
            if (const QString key = items.podGroup.value(podUid); key.startsWith(u"Pod/"))
                addWords(words[items.groupTier.value(key)], *pod);
    QHash<QString, TierRole> roles;
    for (const QString &tier : tiers)
        roles.insert(tier, tierRole(tier, words.value(tier)));
    return roles;
}

} // namespace clusterlab::app
