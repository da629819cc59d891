#pragma once

// Test data the repository holds (tests/data/...), and one row per file for _data() slots.

#include <QDir>
#include <QString>
#include <QStringList>
#include <QtTest>

namespace testdata {

/// dataDir is a folder under tests/data/ of this checkout.
inline QString dataDir(const QString &relative)
{
    return QStringLiteral(CLUSTERLAB_SOURCE_DIR "/tests/data/") + relative;
}

inline constexpr char kMissingPrefix[] = "missing test data: ";

/// addFileRows adds a row per file of folder that matches filters, named "<file><suffix>",
/// with the file's path in the first column. A missing or empty folder adds one row instead
/// whose path says so: QtTest aborts the whole executable on a data slot without rows, and
/// the cases after it would never run. QVERIFY_DATA_PRESENT fails that row, naming the folder.
inline void addFileRows(const QString &folder, const QStringList &filters, const char *suffix = "")
{
    const QDir dir(folder);
    const QStringList files = dir.entryList(filters, QDir::Files, QDir::Name);
    if (files.isEmpty()) {
        QTest::addRow("the folder %s has test data", qPrintable(dir.dirName()))
                << QString::fromLatin1(kMissingPrefix) + dir.path()
                        + (dir.exists() ? " holds no " + filters.join(' ') : " does not exist");
        return;
    }
    for (const QString &file : files)
        QTest::addRow("%s%s", qPrintable(file), suffix) << dir.filePath(file);
}

/// isMissing says whether a path from addFileRows stands for a folder without data.
inline bool isMissing(const QString &path)
{
    return path.startsWith(QLatin1String(kMissingPrefix));
}

} // namespace testdata

/// QVERIFY_DATA_PRESENT fails the test row when addFileRows found no data (its message names
/// the folder).
#define QVERIFY_DATA_PRESENT(path) QVERIFY2(!testdata::isMissing(path), qPrintable(path))
