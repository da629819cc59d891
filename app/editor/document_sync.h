#pragma once

#include "bridge/bridge_batch.h"

#include <QObject>

namespace clusterlab::app {

class ClusterState;
class DocumentApplier;
class DocumentTabs;
class ManifestDocument;

/// DocumentSync keeps the documents' text in step with the cluster: when the cluster changes
/// an object a document declares (scaled on the canvas, relabelled, changed with kubectl), the
/// document's scalar follows as one undoable edit, and what the document says is then what
/// was applied (live mode has nothing to send back). It follows the ClusterState's changes.
/// Thread: GUI thread.
class DocumentSync : public QObject
{
    Q_OBJECT
public:
    DocumentSync(const ClusterState &state, DocumentTabs &tabs, DocumentApplier &applier,
                 QObject *parent = nullptr);

    /// applyBatch follows the cluster's changes into the documents that declare the objects.
    void applyBatch(const BridgeBatch &batch);

private:
    void follow(const cluster::WatchEvent &event, const QList<ManifestDocument *> &open);

    DocumentTabs &m_tabs;
    DocumentApplier &m_applier;
};

} // namespace clusterlab::app
