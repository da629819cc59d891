// CanvasScene's context menus and the curl answer: what people do from the canvas.
#include "canvas/canvas_scene.h"
#include "canvas/curl_bubble_item.h"
#include "canvas/group_item.h"
#include "canvas/pod_item.h"
#include "canvas/service_item.h"

#include <QGraphicsSceneContextMenuEvent>
#include <QMenu>

namespace clusterlab::app {

void CanvasScene::showPodMenu(const QString &uid, QGraphicsSceneContextMenuEvent *event)
{
    const model::Pod *pod = mirror().pod(uid);
    if (!pod)
        return;
    const QString ns = QString::fromStdString(pod->metadata.namespace_);
    const QString name = QString::fromStdString(pod->metadata.name);
    selectPod(uid);
    QMenu menu;
    menu.addSection(QStringLiteral("pod/") + name);
    QAction *remove = menu.addAction(QStringLiteral("Delete Pod"));
    remove->setShortcut(QKeySequence::Delete);
    QAction *labels = menu.addAction(QStringLiteral("Edit labels…"));
    QAction *chosen = menu.exec(event->screenPos());
    if (chosen == remove) {
        emit deletePodRequested(ns, name);
    } else if (chosen == labels) {
        QRectF at(event->scenePos(), QSizeF(220, 22));
        if (PodItem *card = m_pods.value(uid))
            at = card->mapRectToScene(PodItem::labelsRect());
        emit editLabelsRequested(uid, at);
    }
    event->accept();
}

void CanvasScene::showServiceMenu(const QString &uid, QGraphicsSceneContextMenuEvent *event)
{
    ServiceItem *gate = m_services.value(uid);
    if (!gate)
        return;
    const ServiceDisplay d = gate->display();
    clearSelection();
    gate->setSelected(true);
    QMenu menu;
    menu.addSection(QStringLiteral("service/") + d.name);
    QAction *curl = menu.addAction(QStringLiteral("curl this Service"));
    QAction *affinity = menu.addAction(QStringLiteral("Session affinity (ClientIP)"));
    affinity->setCheckable(true);
    affinity->setChecked(d.affinity == QLatin1String("ClientIP"));
    QAction *chosen = menu.exec(event->screenPos());
    if (chosen == curl)
        emit curlRequested(d.ns, d.name);
    else if (chosen == affinity)
        emit affinityRequested(d.ns, d.name, affinity->isChecked());
    event->accept();
}

void CanvasScene::showGroupMenu(const QString &key, QGraphicsSceneContextMenuEvent *event)
{
    GroupItem *group = m_groups.value(key);
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
        scaleGroupBy(key, +1);
    else if (chosen == down)
        scaleGroupBy(key, -1);
    else if (chosen == type)
        emit editReplicasRequested(key, group->mapRectToScene(group->countRect()));
    event->accept();
}

void CanvasScene::showCurlAnswer(const QString &ns, const QString &name, const QString &answer)
{
    ServiceItem *gate = m_services.value(mirror().serviceUid(ns, name));
    if (!gate)
        return;
    // One answer per Service: a new curl replaces the bubble of the last one.
    for (QGraphicsItem *item : items())
        if (auto *bubble = qgraphicsitem_cast<CurlBubbleItem *>(item);
            bubble && bubble->data(0).toString() == gate->uid()) {
            removeItem(bubble);
            delete bubble;
        }
    auto *bubble = new CurlBubbleItem(
            QStringLiteral("$ curl http://%1/").arg(gate->display().address), answer);
    bubble->setData(0, gate->uid());
    bubble->setPos(gate->edgeAnchor(false) + QPointF(24, -gate->height() / 2));
    addItem(bubble);
}

} // namespace clusterlab::app
