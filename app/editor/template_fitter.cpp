#include "editor/template_fitter.h"

#include "editor/sync_edits.h"
#include "model/workload_labels.h"
#include "state/cluster_mirror.h"

#include <QFile>

// Q_INIT_RESOURCE must be used outside any namespace.
static void initTemplateResources()
{
    Q_INIT_RESOURCE(templates);
}

namespace clusterlab::app {

namespace {

/// TierShape is what a tier's Pods look like: the selector of its workload and its port.
struct TierShape
{
    model::Labels selector;
    std::int64_t port = 0;
};

TierShape shapeOf(const QString &tier, const ClusterMirror &mirror)
{
    TierShape shape;
    for (const GroupRef &group : mirror.workloads()) {
        if (mirror.tierOfWorkload(group) != tier)
            continue;
        const model::ObjectPtr object = mirror.objectByKey(group.key);
        if (!object)
            continue;
        const auto [tmpl, selector] = model::workloadLabelsOf(*object);
        if (!tmpl)
            continue;
        shape.selector = selector && !selector->matchLabels.empty() ? selector->matchLabels
                                                                    : tmpl->metadata.labels;
        for (const auto &c : tmpl->spec.containers)
            if (!c.ports.empty() && shape.port == 0)
                shape.port = c.ports.front().containerPort;
        return shape;
    }
    for (const QString &uid : mirror.podUids())
        if (const model::Pod *pod = mirror.pod(uid); pod && mirror.tierOf(*pod) == tier) {
            shape.selector = pod->metadata.labels;
            for (const auto &c : pod->spec.containers)
                if (!c.ports.empty() && shape.port == 0)
                    shape.port = c.ports.front().containerPort;
            return shape;
        }
    return shape;
}

QString flowMap(const model::Labels &labels)
{
    QStringList parts;
    for (const auto &[key, value] : labels)
        parts << yamlScalar(QString::fromStdString(key)) + QStringLiteral(": ")
                        + yamlScalar(QString::fromStdString(value));
    return QLatin1Char('{') + parts.join(QStringLiteral(", ")) + QLatin1Char('}');
}

bool nameTaken(const QString &name, const ClusterMirror &mirror, const QStringList &taken)
{
    if (taken.contains(name) || !mirror.serviceUid(QStringLiteral("default"), name).isEmpty())
        return true;
    for (const char *kind : { "Deployment", "StatefulSet", "ReplicaSet", "Pod" })
        if (mirror.objectByKey(QString::fromLatin1(kind) + QStringLiteral("/default/") + name))
            return true;
    for (const QString &uid : mirror.podUids())
        if (const model::Pod *pod = mirror.pod(uid);
            pod && QString::fromStdString(pod->metadata.name) == name)
            return true;
    return false;
}

QString uniqueName(const QString &base, const ClusterMirror &mirror, const QStringList &taken)
{
    if (!nameTaken(base, mirror, taken))
        return base;
    for (int n = 2;; ++n)
        if (const QString name = base + QLatin1Char('-') + QString::number(n);
            !nameTaken(name, mirror, taken))
            return name;
}

} // namespace

const QList<TemplateInfo> &templateCatalogue()
{
    static const QList<TemplateInfo> catalogue = {
        { QStringLiteral("pod"), QStringLiteral("Pod"), QStringLiteral("One bare Pod") },
        { QStringLiteral("deployment"), QStringLiteral("Deployment"),
          QStringLiteral("N identical Pods, replaced when they go") },
        { QStringLiteral("service-clusterip"), QStringLiteral("ClusterIP"),
          QStringLiteral("Service: a stable name and virtual IP inside the cluster") },
        { QStringLiteral("service-nodeport"), QStringLiteral("NodePort"),
          QStringLiteral("Service: a ClusterIP plus a port on every node") },
        { QStringLiteral("service-loadbalancer"), QStringLiteral("LoadBalancer"),
          QStringLiteral("Service: a NodePort a cloud load balancer would front") },
        { QStringLiteral("service-headless"), QStringLiteral("Headless"),
          QStringLiteral("Service with clusterIP: None: DNS gives the Pod IPs") },
        { QStringLiteral("service-externalname"), QStringLiteral("ExternalName"),
          QStringLiteral("Service: a DNS alias for a name outside the cluster") },
        { QStringLiteral("redis-tier"), QStringLiteral("Redis tier"),
          QStringLiteral("Deployment and Service \"redis\"") },
        { QStringLiteral("mysql-tier"), QStringLiteral("MySQL tier"),
          QStringLiteral("Deployment and Service \"mysql\"") },
        { QStringLiteral("three-tier-app"), QStringLiteral("Three-tier app"),
          QStringLiteral("frontend → backend → redis and mysql") },
    };
    return catalogue;
}

QString templateText(const QString &id)
{
    static const bool initialised = (initTemplateResources(), true);
    (void)initialised;
    QFile file(QStringLiteral(":/templates/%1.yaml").arg(id));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll());
}

QString fitTemplate(const QString &id, const QString &tier, const ClusterMirror &mirror,
                    const QStringList &taken)
{
    QString text = templateText(id);
    if (!text.contains(QLatin1String("__")))
        return text;
    const TierShape shape = tier.isEmpty() ? TierShape{} : shapeOf(tier, mirror);
    const QString port = QString::number(shape.port > 0 ? shape.port : 80);
    QString name;
    model::Labels labels, selector;
    if (id.startsWith(QLatin1String("service-"))) {
        const QString suffix = id.mid(int(qstrlen("service-")));
        const QString base = tier.isEmpty() ? QStringLiteral("web") : tier;
        name = suffix == QLatin1String("clusterip") && !nameTaken(base, mirror, taken)
                ? base
                : uniqueName(base + QLatin1Char('-') + suffix, mirror, taken);
        selector = shape.selector;
        if (selector.empty())
            selector = { { "app", (tier.isEmpty() ? QStringLiteral("web") : tier).toStdString() } };
    } else {
        const QString base = tier.isEmpty()  ? QStringLiteral("web")
                : id == QLatin1String("pod") ? tier + QStringLiteral("-pod")
                                             : tier;
        name = uniqueName(base, mirror, taken);
        const std::string tierLabel = (tier.isEmpty() ? name : tier).toStdString();
        if (id == QLatin1String("pod") && !shape.selector.empty())
            labels = shape.selector; // a Pod of the tier: its Services select it too
        else
            labels = { { "app", name.toStdString() } };
        labels["tier"] = tierLabel;
        selector = { { "app", labels.at("app") } };
    }
    text.replace(QStringLiteral("__NAME__"), name);
    text.replace(QStringLiteral("__LABELS__"), flowMap(labels));
    text.replace(QStringLiteral("__SELECTOR__"), flowMap(selector));
    text.replace(QStringLiteral("__PORT__"), port);
    return text;
}

} // namespace clusterlab::app
