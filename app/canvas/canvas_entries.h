#pragma once

#include <QPointF>
#include <QString>

#include <optional>

class QGraphicsScene;

namespace clusterlab::net {
struct FlowEvent;
}

namespace clusterlab::app {

class ClusterState;
class EntryItem;
class TrafficModel;
struct CanvasItems;

/// CanvasEntries keeps the outside lane's entry chips (EntryItem) in step with the mirror:
/// one per node port, LoadBalancer address and externalIP of each Service on the canvas, in
/// the Service's colour, with one pill per node. It plans the chips to create, update and
/// delete, places them under "this computer", and finds the chip and pill a flow came in
/// through. Thread: GUI thread.
class CanvasEntries
{
public:
    /// CanvasEntries adds chips to scene and keeps them in items.entries.
    CanvasEntries(QGraphicsScene &scene, CanvasItems &items, const ClusterState &state);

    /// reconcile brings the chips in step with the Services that have gates and the nodes;
    /// returns whether a chip came, went or changed size (the lane needs laying out).
    bool reconcile();
    /// recolour gives each chip its Service gate's colour again (after a theme change).
    void recolour();
    /// place stacks the chips from topLeft down, by Service name; returns the bottom.
    qreal place(const QPointF &topLeft);
    /// entryKey names the pill a flow came in through, "ent:<entry id>|<node>" (and notes the
    /// node on the chip); empty for ClusterIP traffic or an entry not on the canvas.
    QString entryKey(const net::FlowEvent &event, const QString &serviceUid);
    /// light lights the pills whose connections are travelling in model now (a frame step).
    void light(const TrafficModel &model);
    /// anchor is the scene point of a pill an entryKey names.
    std::optional<QPointF> anchor(const QString &key) const;

private:
    QGraphicsScene &m_scene;
    CanvasItems &m_items;
    const ClusterState &m_state;
};

} // namespace clusterlab::app
