#pragma once

#include "canvas/traffic_model.h"
#include "net/flow_events.h"

#include <QElapsedTimer>
#include <QHash>
#include <QMap>
#include <QStringList>

#include <array>
#include <optional>
#include <vector>

namespace clusterlab::app {

class CanvasEntries;
class CanvasLayout;
class ClusterState;
class OutsideItem;
struct CanvasItems;

/// CanvasTraffic turns what the data plane saw into what the canvas shows: flow samples
/// become packets and streams in its TrafficModel (drawn by the TrafficLayer) between the
/// users, gates, cards and collapsed groups, and the exact flow counters become the numbers
/// on gates and cards. A flow that came in through a node port, a LoadBalancer or an
/// externalIP goes through its entry chip's pill of the node that forwarded it (and, in the
/// node view, that node's entry) before the gate. It tells the layout about the tier calls
/// it sees.
/// Thread: GUI thread.
class CanvasTraffic
{
public:
    /// CanvasTraffic reads items, state and the layout's mode; outside is the users' item.
    CanvasTraffic(const CanvasItems &items, const ClusterState &state, CanvasLayout &layout,
                  CanvasEntries &entries, const OutsideItem *outside);

    TrafficModel &model() { return m_model; }
    const TrafficModel &model() const { return m_model; }
    /// applyFlows sends a packet (or feeds a stream) for each sample; a refused or reset
    /// connection flashes its gate.
    void applyFlows(const std::vector<net::FlowSample> &flows);
    /// applyCounts puts the state's connection counts on the gates and cards.
    void applyCounts();
    /// relocate re-reads where the segments' ends are (after layout or a drag).
    void relocate();
    /// recolour gives packets and streams their Service's colour again (after a theme change).
    void recolour();
    /// portForwards names the Pods `kubectl port-forward` connections are open to, or were
    /// in the last few seconds (curl's connections last milliseconds).
    QStringList portForwards() const;

    /// noteCard starts counting a Pod's requests from now (when its card appears): the count
    /// of its IP so far is its base.
    void noteCard(const QString &podUid, const QString &ip);
    void forgetPod(const QString &podUid) { m_requestBase.remove(podUid); }
    /// requestsOf is how many requests a Pod at ip took since noteCard().
    quint64 requestsOf(const QString &podUid, const QString &ip) const;

private:
    /// End is where a segment meets an item, and the way its curve leaves (or comes in).
    struct End
    {
        QPointF at;
        QPointF direction;
    };
    std::optional<std::array<QPointF, 4>> resolveSegment(const QString &from,
                                                         const QString &to) const;
    std::optional<End> end(const QString &key, const QString &other, bool incoming) const;
    std::optional<QPointF> anchor(const QString &key, bool incoming) const;
    std::optional<QPointF> podAnchor(const QString &uid, bool incoming) const;
    /// podEnd names where a Pod's traffic is drawn: its card, or its collapsed group.
    QString podEnd(const QString &podUid) const;
    void applyFlow(const net::FlowSample &sample);
    /// applyPortForward draws a `kubectl port-forward` connection: outside -> the Pod.
    void applyPortForward(const net::FlowSample &sample);

    const CanvasItems &m_items;
    const ClusterState &m_state;
    CanvasLayout &m_layout;
    CanvasEntries &m_entries;
    const OutsideItem *m_outside;
    TrafficModel m_model;
    QHash<QString, quint64> m_requestBase; ///< a Pod's IP count when its card appeared
    QHash<QString, quint64> m_requestsByIP;
    QMap<QString, int> m_forwards; ///< Pod name -> port-forward connections open to it
    QHash<QString, qint64> m_forwardSeen; ///< Pod name -> m_since at its last start or end
    QElapsedTimer m_since;
};

} // namespace clusterlab::app
