#pragma once

#include <QList>
#include <QString>

namespace clusterlab::app {

/// AutosaveStore keeps the unsaved text of open documents in the application's data folder
/// (QStandardPaths::AppDataLocation/autosave), one file per document, so a crash or a kill
/// loses at most a few seconds of typing. A document's file goes when it is saved or closed.
class AutosaveStore
{
public:
    struct Entry
    {
        QString id;
        QString path; ///< the file the text belongs to ("" when untitled)
        QString title;
        QString text;
    };

    AutosaveStore();

    QString folder() const { return m_folder; }
    bool save(const Entry &entry) const;
    void remove(const QString &id) const;
    /// entries lists what is kept, oldest first.
    QList<Entry> entries() const;

private:
    QString m_folder;
};

} // namespace clusterlab::app
