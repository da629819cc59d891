#include "canvas/canvas_menus.h"

#include "canvas/canvas_items.h"
#include "canvas/canvas_scene.h"
#include "canvas/curl_bubble_item.h"
#include "canvas/group_item.h"
#include "canvas/pod_item.h"
#include "canvas/service_item.h"

#include <QGraphicsSceneContextMenuEvent>
#include <QMenu>

namespace clusterlab::app {

CanvasMenus::CanvasMenus(CanvasScene &scene, const CanvasItems &items, const ClusterState &state)
    : m_scene(scene), m_items(items), m_state(state)
{
}

void CanvasMenus::showPodMenu(const QString &uid, QGraphicsSceneContextMenuEvent *event)
{
    const model::Pod *pod = m_state.mirror().pod(uid);
    if (!pod)
        return;
    const QString ns = QString::fromStdString(pod->metadata.namespace_);
    const QString name = QString::fromStdString(pod->metadata.name);
    m_scene.selectPod(uid);
    QMenu menu;
    menu.addSection(QStringLiteral("pod/") + name);
    QAction *remove = menu.addAction(QStringLiteral("Delete Pod"));
    remove->setShortcut(QKeySequence::Delete);
    QAction *labels = menu.addAction(QStringLiteral("Edit labels…"));
    QAction *chosen = menu.exec(event->screenPos());
    if (chosen == remove) {
        emit m_scene.deletePodRequested(ns, name);
    } else if (chosen == labels) {
        QRectF at(event->scenePos(), QSizeF(220, 22));
        if (PodItem *card = m_items.pods.value(uid))
            at = card->mapRectToScene(PodItem::labelsRect());
        emit m_scene.editLabelsRequested(uid, at);
    }
    event->accept();
}

void CanvasMenus::showServiceMenu(const QString &uid, QGraphicsSceneContextMenuEvent *event)
{
    ServiceItem *gate = m_items.services.value(uid);
    if (!gate)
        return;
    const ServiceDisplay d = gate->display();
    m_scene.clearSelection();
    gate->setSelected(true);
    QMenu menu;
    menu.addSection(QStringLiteral("service/") + d.name);
    QAction *curl = menu.addAction(QStringLiteral("curl this Service"));
    QAction *affinity = menu.addAction(QStringLiteral("Session affinity (ClientIP)"));
    affinity->setCheckable(true);
    affinity->setChecked(d.affinity == QLatin1String("ClientIP"));
    QAction *chosen = menu.exec(event->screenPos());
    if (chosen == curl)
        emit m_scene.curlRequested(d.ns, d.name);
    else if (chosen == affinity)
        emit m_scene.affinityRequested(d.ns, d.name, affinity->isChecked());
    event->accept();
}

void CanvasMenus::showGroupMenu(const QString &key, QGraphicsSceneContextMenuEvent *event)
{
    GroupItem *group = m_items.groups.value(key);
    if (!group || !group->display().scalable)
        return;
    const GroupDisplay d = group->display();
    QMenu menu;
    menu.addSection(d.kind.toLower() + QLatin1Char('/') + d.name);
    QAction *up = menu.addAction(QStringLiteral("Scale up (+1)"));
    QAction *down = menu.addAction(QStringLiteral("Scale down (−1)"));
    down->setEnabled(d.desired > 0);
    QAction *type = menu.addAction(QStringLiteral("Set replicas…"));
    QAction *chosen = menu.exec(event->screenPos());
    if (chosen == up)
        m_scene.scaleGroupBy(key, +1);
    else if (chosen == down)
        m_scene.scaleGroupBy(key, -1);
    else if (chosen == type)
        emit m_scene.editReplicasRequested(key, group->mapRectToScene(group->countRect()));
    event->accept();
}

void CanvasMenus::showCurlAnswer(const QString &ns, const QString &name, const QString &answer)
{
    ServiceItem *gate = m_items.services.value(m_state.mirror().serviceUid(ns, name));
    if (!gate)
        return;
    // One answer per Service: a new curl replaces the bubble of the last one.
    for (QGraphicsItem *item : m_scene.items())
        if (auto *bubble = qgraphicsitem_cast<CurlBubbleItem *>(item);
            bubble && bubble->data(0).toString() == gate->uid()) {
            m_scene.removeItem(bubble);
            delete bubble;
        }
    auto *bubble = new CurlBubbleItem(
            QStringLiteral("$ curl http://%1/").arg(gate->display().address), answer);
    bubble->setData(0, gate->uid());
    bubble->setPos(gate->edgeAnchor(false) + QPointF(24, -gate->height() / 2));
    m_scene.addItem(bubble);
}

} // namespace clusterlab::app
