#include "editor/document_sync.h"

#include "editor/code_editor.h"
#include "editor/document_applier.h"
#include "editor/document_tabs.h"
#include "editor/manifest_document.h"
#include "editor/sync_edits.h"
#include "state/cluster_state.h"

namespace clusterlab::app {

DocumentSync::DocumentSync(const ClusterState &state, DocumentTabs &tabs, DocumentApplier &applier,
                           QObject *parent)
    : QObject(parent), m_tabs(tabs), m_applier(applier)
{
    connect(&state, &ClusterState::changed, this, [this](const StateChange &change) {
        applyBatch(*change.batch);
    });
}

void DocumentSync::applyBatch(const BridgeBatch &batch)
{
    const QList<ManifestDocument *> open = m_tabs.documents();
    if (open.isEmpty())
        return;
    for (const cluster::WatchEvent &event : batch.events)
        if (event.type != cluster::WatchEvent::Type::Deleted && event.current)
            follow(event, open);
}

void DocumentSync::follow(const cluster::WatchEvent &event, const QList<ManifestDocument *> &open)
{
    const QString key = objectKey(*event.current);
    for (ManifestDocument *document : open) {
        const manifest::DecodedObject *written = document->declared(key);
        if (!written)
            continue;
        // A batch coalesces an object's events per frame: when it was created in the same
        // frame as it changed there is no previous, and what this document applied is it.
        // (A document that never applied, like recovered text, is not rewritten by adds.)
        if (!event.previous && !m_applier.hasApplied(document))
            continue;
        const model::Object &previous = event.previous ? *event.previous : written->object;
        const QList<TextEdit> edits =
                planSyncEdits(*document->editor()->document(), *written, previous, *event.current);
        if (edits.isEmpty())
            continue;
        applyEdits(*document->editor()->document(), edits);
        // What the cluster holds now was applied: live mode has nothing to send back.
        m_applier.markApplied(document);
        document->recheck();
    }
}

} // namespace clusterlab::app
