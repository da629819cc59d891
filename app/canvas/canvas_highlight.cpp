#include "canvas/canvas_highlight.h"

#include "canvas/canvas_items.h"
#include "canvas/group_item.h"
#include "canvas/highlight_item.h"
#include "canvas/item_types.h"
#include "canvas/pod_item.h"
#include "canvas/service_item.h"
#include "state/cluster_state.h"

namespace clusterlab::app {

namespace {

/// workloadKinds maps the kubectl short names a lesson writes to the kinds the canvas groups by.
const QHash<QString, QString> &workloadKinds()
{
    static const QHash<QString, QString> kinds{
        { QStringLiteral("deploy"), QStringLiteral("Deployment") },
        { QStringLiteral("deployment"), QStringLiteral("Deployment") },
        { QStringLiteral("sts"), QStringLiteral("StatefulSet") },
        { QStringLiteral("statefulset"), QStringLiteral("StatefulSet") },
        { QStringLiteral("rs"), QStringLiteral("ReplicaSet") },
        { QStringLiteral("replicaset"), QStringLiteral("ReplicaSet") },
    };
    return kinds;
}

} // namespace

CanvasHighlight::CanvasHighlight(const CanvasItems &items, const ClusterState &state,
                                 HighlightItem *outline)
    : m_items(items), m_state(state), m_outline(outline)
{
}

CanvasHighlight::ItemRef CanvasHighlight::resolve(const QString &ref) const
{
    if (m_items.pods.contains(ref))
        return { PodItemType, ref };
    if (m_items.services.contains(ref))
        return { ServiceItemType, ref };
    if (m_items.groups.contains(ref))
        return { GroupItemType, ref };
    const QStringList parts = ref.split(QLatin1Char('/'));
    if (parts.size() < 2 || parts.size() > 3)
        return {};
    const QString kind = parts.first().toLower();
    const QString ns = parts.size() == 3 ? parts[1] : QStringLiteral("default");
    const QString &name = parts.last();
    if (kind == QLatin1String("svc") || kind == QLatin1String("service"))
        return { ServiceItemType, m_state.mirror().serviceUid(ns, name) };
    if (const QString workload = workloadKinds().value(kind); !workload.isEmpty())
        return { GroupItemType, workload + QLatin1Char('/') + ns + QLatin1Char('/') + name };
    if (kind == QLatin1String("pod") || kind == QLatin1String("po"))
        return resolvePod(ns, name);
    return {};
}

CanvasHighlight::ItemRef CanvasHighlight::resolvePod(const QString &ns, const QString &name) const
{
    const auto pod =
            m_state.mirror().objectByKey(QStringLiteral("Pod/") + ns + QLatin1Char('/') + name);
    if (!pod)
        return {};
    const QString uid = QString::fromStdString(model::meta(*pod).uid);
    // A Pod of a collapsed group has no card: point at its group.
    if (!m_items.pods.contains(uid) && m_items.groups.contains(m_items.podGroup.value(uid)))
        return { GroupItemType, m_items.podGroup.value(uid) };
    return { PodItemType, uid };
}

QGraphicsItem *CanvasHighlight::itemOf(const ItemRef &ref) const
{
    switch (ref.type) {
    case PodItemType:
        return m_items.pods.value(ref.key);
    case ServiceItemType:
        return m_items.services.value(ref.key);
    case GroupItemType:
        return m_items.groups.value(ref.key);
    default:
        return nullptr;
    }
}

QGraphicsItem *CanvasHighlight::itemFor(const QString &ref) const
{
    return itemOf(resolve(ref));
}

bool CanvasHighlight::point(const QString &ref)
{
    m_ref = ref;
    m_target = resolve(ref);
    follow();
    return item() != nullptr;
}

void CanvasHighlight::clear()
{
    m_ref.clear();
    m_target = {};
    follow();
}

QGraphicsItem *CanvasHighlight::item() const
{
    QGraphicsItem *found = itemOf(m_target);
    return found && found->isVisible() ? found : nullptr;
}

void CanvasHighlight::resolveAgain()
{
    m_target = resolve(m_ref);
    follow();
}

void CanvasHighlight::follow()
{
    QGraphicsItem *target = item();
    m_outline->setVisible(target != nullptr);
    if (!target)
        return;
    // The item's own margins (selection, flash) are not part of what the outline frames.
    QRectF frame;
    if (auto *card = qgraphicsitem_cast<PodItem *>(target))
        frame = card->boundingRect().adjusted(2, 2, -2, -2);
    else if (auto *gate = qgraphicsitem_cast<ServiceItem *>(target))
        frame = gate->boundingRect().adjusted(8, 8, -8, -8);
    else if (auto *group = qgraphicsitem_cast<GroupItem *>(target))
        frame = QRectF(QPointF(), group->size());
    m_outline->follow(target->mapRectToScene(frame));
}

bool CanvasHighlight::advance(double seconds)
{
    return m_outline->isVisible() && m_outline->advance(seconds);
}

} // namespace clusterlab::app
