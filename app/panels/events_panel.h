#pragma once

#include "bridge/bridge_batch.h"

#include <QHash>
#include <QWidget>

class QTreeWidget;
class QTreeWidgetItem;

namespace clusterlab::app {

/// EventsPanel lists the cluster's Events newest first, like `kubectl get events -w`: last
/// seen, type, reason, object, message. Warnings stand out. At most kMaxRows are kept.
class EventsPanel : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kMaxRows = 500;

    explicit EventsPanel(QWidget *parent = nullptr);

    /// apply takes the Event objects of a batch.
    void apply(const BridgeBatch &batch);
    int rowCount() const;
    QStringList rowText(int row) const;

private:
    QTreeWidget *m_tree;
    QHash<QString, QTreeWidgetItem *> m_rows; ///< by Event uid
};

} // namespace clusterlab::app
