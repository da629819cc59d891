#pragma once

#include <QString>
#include <QStringList>

namespace clusterlab::app {

/// CommandHistory is the session's list of entered commands with a shell's Up/Down cursor:
/// Up walks back, Down walks forward and ends at the line being typed, which is kept.
class CommandHistory
{
public:
    /// add records an entered line (blank lines and a repeat of the last one are not kept)
    /// and puts the cursor after the newest entry.
    void add(const QString &line);
    /// previous is the entry before the cursor; current is the text in the input, kept as
    /// the draft when leaving it. At the oldest entry it stays there.
    QString previous(const QString &current);
    /// next is the entry after the cursor, or the draft once past the newest.
    QString next();

    const QStringList &entries() const { return m_entries; }

private:
    QStringList m_entries;
    qsizetype m_cursor = 0; ///< m_entries.size() = the line being typed
    QString m_draft;
};

} // namespace clusterlab::app
