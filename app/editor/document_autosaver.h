#pragma once

#include "editor/autosave_store.h"

#include <QHash>
#include <QObject>

class QTimer;

namespace clusterlab::app {

class DocumentTabs;
class ManifestDocument;

/// DocumentAutosaver writes the unsaved text of the open documents to the AutosaveStore every
/// few seconds (3 by default), only when it changed since the last time, so a crash loses at
/// most a few seconds of typing. Restoring is the files' job (DocumentFiles). Thread: GUI
/// thread.
class DocumentAutosaver : public QObject
{
    Q_OBJECT
public:
    explicit DocumentAutosaver(DocumentTabs &tabs, QObject *parent = nullptr);

    void setInterval(int milliseconds);
    /// saveNow writes every unsaved document whose text changed since its last autosave.
    void saveNow();
    /// forget drops what was kept of the document (saved or closed: nothing to recover).
    void forget(ManifestDocument *document);
    /// dropKept removes the document's kept text but remembers it was written (quitting
    /// without saving it).
    void dropKept(ManifestDocument *document);
    AutosaveStore &store() { return m_store; }

private:
    DocumentTabs &m_tabs;
    QTimer *m_timer;
    AutosaveStore m_store;
    QHash<ManifestDocument *, size_t> m_saved; ///< hash of the text last autosaved
};

} // namespace clusterlab::app
