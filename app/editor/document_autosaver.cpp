#include "editor/document_autosaver.h"

#include "editor/document_tabs.h"
#include "editor/manifest_document.h"

#include <QTimer>

namespace clusterlab::app {

DocumentAutosaver::DocumentAutosaver(DocumentTabs &tabs, QObject *parent)
    : QObject(parent), m_tabs(tabs), m_timer(new QTimer(this))
{
    connect(m_timer, &QTimer::timeout, this, &DocumentAutosaver::saveNow);
    m_timer->start(3000);
}

void DocumentAutosaver::setInterval(int milliseconds)
{
    m_timer->start(milliseconds);
}

void DocumentAutosaver::saveNow()
{
    for (ManifestDocument *document : m_tabs.documents()) {
        if (!document->isModified())
            continue;
        const QString text = document->text();
        const size_t hash = qHash(text) ^ qHash(document->path());
        if (m_saved.value(document) == hash)
            continue; // nothing new since the last autosave
        if (m_store.save({ document->id(), document->path(), document->displayName(), text }))
            m_saved.insert(document, hash);
    }
}

void DocumentAutosaver::forget(ManifestDocument *document)
{
    m_store.remove(document->id());
    m_saved.remove(document);
}

void DocumentAutosaver::dropKept(ManifestDocument *document)
{
    m_store.remove(document->id());
}

} // namespace clusterlab::app
