#include "editor/autosave_store.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

namespace clusterlab::app {

AutosaveStore::AutosaveStore()
    : m_folder(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
               + QStringLiteral("/autosave"))
{
}

bool AutosaveStore::save(const Entry &entry) const
{
    if (!QDir().mkpath(m_folder))
        return false;
    QSaveFile text(m_folder + QLatin1Char('/') + entry.id + QStringLiteral(".yaml"));
    if (!text.open(QIODevice::WriteOnly))
        return false;
    text.write(entry.text.toUtf8());
    if (!text.commit())
        return false;
    QSaveFile meta(m_folder + QLatin1Char('/') + entry.id + QStringLiteral(".json"));
    if (!meta.open(QIODevice::WriteOnly))
        return false;
    meta.write(QJsonDocument(QJsonObject{ { QStringLiteral("path"), entry.path },
                                          { QStringLiteral("title"), entry.title } })
                       .toJson());
    return meta.commit();
}

void AutosaveStore::remove(const QString &id) const
{
    QFile::remove(m_folder + QLatin1Char('/') + id + QStringLiteral(".yaml"));
    QFile::remove(m_folder + QLatin1Char('/') + id + QStringLiteral(".json"));
}

QList<AutosaveStore::Entry> AutosaveStore::entries() const
{
    QList<Entry> out;
    const QFileInfoList files = QDir(m_folder).entryInfoList(
            { QStringLiteral("*.json") }, QDir::Files, QDir::Time | QDir::Reversed);
    for (const QFileInfo &info : files) {
        QFile meta(info.filePath());
        QFile text(info.path() + QLatin1Char('/') + info.completeBaseName()
                   + QStringLiteral(".yaml"));
        if (!meta.open(QIODevice::ReadOnly) || !text.open(QIODevice::ReadOnly))
            continue;
        const QJsonObject object = QJsonDocument::fromJson(meta.readAll()).object();
        out << Entry{ info.completeBaseName(), object.value(QStringLiteral("path")).toString(),
                      object.value(QStringLiteral("title")).toString(),
                      QString::fromUtf8(text.readAll()) };
    }
    return out;
}

} // namespace clusterlab::app
