#pragma once

#include "bridge/bridge_batch.h"

#include <QHash>
#include <QSet>
#include <QWidget>

class QTreeWidget;
class QTreeWidgetItem;

namespace clusterlab::app {

class ClusterState;
struct StateChange;

/// EventsPanel lists the cluster's Events newest first, like `kubectl get events -w`: last
/// seen, type, reason, object, message. Warnings stand out. A problem of the data plane (a
/// port it cannot listen on) is listed as a Warning too, once, when it appears. At most
/// kMaxRows are kept. It follows the ClusterState's changes.
class EventsPanel : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kMaxRows = 500;

    explicit EventsPanel(const ClusterState &state, QWidget *parent = nullptr);

    /// apply takes the Event objects of a batch.
    void apply(const BridgeBatch &batch);
    /// showProblems lists the problems not listed yet.
    void showProblems(const std::vector<std::string> &problems);
    int rowCount() const;
    QStringList rowText(int row) const;

private:
    void onStateChanged(const StateChange &change);
    void addRow(const QString &key, const QStringList &columns, bool warning);
    void trim();

    const ClusterState &m_state;
    QTreeWidget *m_tree;
    QHash<QString, QTreeWidgetItem *> m_rows; ///< by Event uid, or "problem:" + its text
    QSet<QString> m_problems; ///< the problems listed so far
};

} // namespace clusterlab::app
