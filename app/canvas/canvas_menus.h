#pragma once

#include <QString>

class QGraphicsSceneContextMenuEvent;

namespace clusterlab::app {

class CanvasScene;
class ClusterState;
struct CanvasItems;

/// CanvasMenus are the context menus of Pod cards, Service gates and workload groups, and the
/// curl answer a gate's menu leads to. What people choose goes out through CanvasScene's
/// signals (deletePodRequested, curlRequested, …), like everything asked on the canvas.
/// Thread: GUI thread.
class CanvasMenus
{
public:
    /// CanvasMenus asks through scene's signals and reads items and state's mirror.
    CanvasMenus(CanvasScene &scene, const CanvasItems &items, const ClusterState &state);

    void showPodMenu(const QString &uid, QGraphicsSceneContextMenuEvent *event);
    void showServiceMenu(const QString &uid, QGraphicsSceneContextMenuEvent *event);
    void showGroupMenu(const QString &key, QGraphicsSceneContextMenuEvent *event);
    /// showCurlAnswer puts the answer of a curl beside the Service's gate, replacing the one
    /// before.
    void showCurlAnswer(const QString &ns, const QString &name, const QString &answer);

private:
    CanvasScene &m_scene;
    const CanvasItems &m_items;
    const ClusterState &m_state;
};

} // namespace clusterlab::app
