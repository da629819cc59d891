// CanvasScene's presentation side: the projector style, and the highlight a lesson step
// uses to point at a Service, a Deployment or a Pod.
#include "canvas/animation_clock.h"
#include "canvas/canvas_scene.h"
#include "canvas/group_item.h"
#include "canvas/highlight_item.h"
#include "canvas/pod_item.h"
#include "canvas/service_item.h"

namespace clusterlab::app {

namespace {

/// kPresentationSlowdown: packets take 1.6× as long, so a class can follow one request.
constexpr double kPresentationSlowdown = 1.6;

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

void CanvasScene::setPresentation(bool on)
{
    if (on == m_presentation)
        return;
    m_presentation = on;
    m_traffic.setSlowdown(on ? kPresentationSlowdown : 1.0);
    applyTheme(on ? CanvasTheme::highContrast() : m_baseTheme);
    emit presentationChanged(on);
}

CanvasScene::ItemRef CanvasScene::resolveRef(const QString &ref) const
{
    if (m_pods.contains(ref))
        return { PodItemType, ref };
    if (m_services.contains(ref))
        return { ServiceItemType, ref };
    if (m_groups.contains(ref))
        return { GroupItemType, ref };
    const QStringList parts = ref.split(QLatin1Char('/'));
    if (parts.size() < 2 || parts.size() > 3)
        return {};
    const QString kind = parts.first().toLower();
    const QString ns = parts.size() == 3 ? parts[1] : QStringLiteral("default");
    const QString &name = parts.last();
    if (kind == QLatin1String("svc") || kind == QLatin1String("service"))
        return { ServiceItemType, mirror().serviceUid(ns, name) };
    if (const QString workload = workloadKinds().value(kind); !workload.isEmpty())
        return { GroupItemType, workload + QLatin1Char('/') + ns + QLatin1Char('/') + name };
    if (kind == QLatin1String("pod") || kind == QLatin1String("po")) {
        const auto pod =
                mirror().objectByKey(QStringLiteral("Pod/") + ns + QLatin1Char('/') + name);
        if (!pod)
            return {};
        const QString uid = QString::fromStdString(model::meta(*pod).uid);
        // A Pod of a collapsed group has no card: point at its group.
        if (!m_pods.contains(uid) && m_groups.contains(m_podGroup.value(uid)))
            return { GroupItemType, m_podGroup.value(uid) };
        return { PodItemType, uid };
    }
    return {};
}

QGraphicsItem *CanvasScene::itemOf(const ItemRef &ref) const
{
    switch (ref.type) {
    case PodItemType:
        return m_pods.value(ref.key);
    case ServiceItemType:
        return m_services.value(ref.key);
    case GroupItemType:
        return m_groups.value(ref.key);
    default:
        return nullptr;
    }
}

QGraphicsItem *CanvasScene::itemFor(const QString &ref) const
{
    return itemOf(resolveRef(ref));
}

bool CanvasScene::highlight(const QString &ref)
{
    m_highlightRef = ref;
    m_highlightTarget = resolveRef(ref);
    followHighlight();
    m_clock->wake();
    return highlightedItem() != nullptr;
}

void CanvasScene::clearHighlight()
{
    m_highlightRef.clear();
    m_highlightTarget = {};
    followHighlight();
}

QGraphicsItem *CanvasScene::highlightedItem() const
{
    QGraphicsItem *item = itemOf(m_highlightTarget);
    return item && item->isVisible() ? item : nullptr;
}

void CanvasScene::followHighlight()
{
    QGraphicsItem *item = highlightedItem();
    m_highlight->setVisible(item != nullptr);
    if (!item)
        return;
    // The item's own margins (selection, flash) are not part of what the outline frames.
    QRectF frame;
    if (auto *card = qgraphicsitem_cast<PodItem *>(item))
        frame = card->boundingRect().adjusted(2, 2, -2, -2);
    else if (auto *gate = qgraphicsitem_cast<ServiceItem *>(item))
        frame = gate->boundingRect().adjusted(8, 8, -8, -8);
    else if (auto *group = qgraphicsitem_cast<GroupItem *>(item))
        frame = QRectF(QPointF(), group->size());
    m_highlight->follow(item->mapRectToScene(frame));
}

} // namespace clusterlab::app
